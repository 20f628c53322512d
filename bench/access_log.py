"""Benchmark: the citizen's access log for a citizen shown on 10,000 lists.

Every list page writes one audit entry naming everyone it showed, and one appearance per
citizen (audit.models.AuditAppearance); the access log (/revisionslog/borger/<id>/) reads a
citizen's own entries and appearances together. This builds Odense with a citizen shown on
10,000 lists of 25 (250,000 appearances in all) besides 200 entries of her own, and a citizen
with ten entries, and prints the time of the log's first and last page for both. The floor is
the ten-entry citizen's first page, measured in the same run: the often-shown citizen's pages
must stay within three times it. Runs on a fresh test database (SQLite by default; set
DATABASE_URL to measure PostgreSQL).

    make bench        # or: .venv/bin/python bench/access_log.py --lists 10000
"""

from __future__ import annotations

# isort: off
from scratch_odense import analyze, odense_with_staff  # sets Django up, so it comes first

# isort: on

import argparse
import random
import statistics
import sys
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from fremdrift.accounts.models import User
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_list, audit_record, audited_atomic
from fremdrift.citizens.models import Citizen
from fremdrift.core import clock
from fremdrift.demo.generator import create_citizens

ALLOWED_FACTOR = 3.0
LIST_SIZE = 25


def build(lists: int) -> tuple[Citizen, Citizen, float]:
    started = time.perf_counter()
    rng = random.Random(1)
    odense, staff = odense_with_staff(rng)
    create_citizens(rng, odense, staff, 400, clock.today())
    caseworker = staff["caseworker"][0]
    often, rarely, *others = Citizen.objects.order_by("pk")
    other_ids = [c.pk for c in others]
    for start in range(0, lists, 1000):
        with audited_atomic():
            for _ in range(start, min(start + 1000, lists)):
                shown = [often.pk, *rng.sample(other_ids, LIST_SIZE - 1)]
                audit_list(actor=caseworker, purpose="Borgerlisten", citizen_ids=shown)
    for citizen, count in ((often, 200), (rarely, 10)):
        with audited_atomic():
            for _ in range(count):
                audit_record(
                    actor=caseworker,
                    action=Action.VIEW,
                    purpose="Opslag på borgerens side i sagsbehandlingen",
                    municipality=odense,
                    citizen=citizen,
                )
    analyze()
    return often, rarely, time.perf_counter() - started


def measure(client: Client, url: str, page: int, rounds: int) -> tuple[float, int]:
    client.get(url, {"side": page})  # warm caches
    timings = []
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, {"side": page})
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    return statistics.median(timings), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lists", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        often, rarely, built = build(args.lists)
        client = Client()
        client.force_login(User.objects.filter(role="manager", municipality__code="461").first())
        print(
            f"Revisionslog for en borger vist på {args.lists:,} lister".replace(",", ".")
            + f" ({connection.vendor}; data bygget på {built:.1f} s)"
        )
        print(f"{'tilfælde':<34}{'median ms':>10}{'forespørgsler':>15}")
        results = {}
        for label, citizen, page in (
            ("10 poster, side 1 (gulv)", rarely, 1),
            ("10.200 poster, side 1", often, 1),
            ("10.200 poster, sidste side", often, -(-(args.lists + 200) // 50)),
        ):
            url = f"/revisionslog/borger/{citizen.pk}/"
            median, queries = measure(client, url, page, args.rounds)
            results[label] = median
            print(f"{label:<34}{median:>10.1f}{queries:>15}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    floor = results.pop("10 poster, side 1 (gulv)")
    worst = max(results.values())
    ok = worst <= ALLOWED_FACTOR * floor
    print(
        f"Gulv: højst {ALLOWED_FACTOR:.0f} x gulvet ({floor:.1f} ms). Værste: {worst:.1f} ms "
        f"= {worst / floor:.1f} x ({'OK' if ok else 'FOR LANGSOM'})"
    )
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
