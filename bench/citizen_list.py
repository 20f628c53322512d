"""Benchmark: the citizen list with 10,000 citizens in one municipality.

Prints the time per request (median and 95th percentile) and the number of database
queries for the plain list, a name search, a CPR search, a caseworker filter and the last
page, against the floor we hold it to: a median under 100 ms per page, and the same number
of queries whatever the page. Runs on a fresh test database (SQLite by default; set
DATABASE_URL to measure PostgreSQL).

    make bench        # or: .venv/bin/python bench/citizen_list.py --citizens 10000
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

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from fremdrift.accounts.models import User
from fremdrift.citizens.cpr_storage import cpr_decrypt
from fremdrift.citizens.models import Citizen
from fremdrift.core import clock
from fremdrift.demo.generator import create_citizens

FLOOR_MS = 100.0


def build(citizens: int) -> float:
    started = time.perf_counter()
    rng = random.Random(1)
    odense, staff = odense_with_staff(rng)
    create_citizens(rng, odense, staff, citizens, clock.today())
    analyze()
    return time.perf_counter() - started


def measure(client: Client, params: dict[str, object], rounds: int) -> tuple[float, float, int]:
    client.get("/borgere/", params)  # warm caches
    timings = []
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get("/borgere/", params)
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{params}: HTTP {response.status_code}")
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * len(timings)) - 1], len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        built = build(args.citizens)
        client = Client()
        client.force_login(User.objects.get(username="odense-sagsbehandler"))
        sample = Citizen.objects.filter(caseworker__isnull=False).first()
        digits = cpr_decrypt(sample.cpr_encrypted)
        pages = -(-Citizen.objects.count() // settings.CITIZEN_LIST_PAGE_SIZE)
        cases = {
            "liste, side 1": {},
            "navnesøgning": {"q": sample.last_name[:4]},
            "CPR-søgning": {"q": f"{digits[:6]}-{digits[6:]}"},
            "filter: sagsbehandler": {"caseworker": sample.caseworker_id},
            f"sidste side ({pages})": {"side": pages},
        }
        total = f"{Citizen.objects.count():,}".replace(",", ".")
        print(
            f"Borgerlisten med {total} borgere i én kommune "
            f"({connection.vendor}; data bygget på {built:.1f} s)"
        )
        print(f"{'tilfælde':<26}{'median ms':>10}{'p95 ms':>10}{'forespørgsler':>15}")
        worst = 0.0
        for label, params in cases.items():
            median, p95, queries = measure(client, params, args.rounds)
            worst = max(worst, median)
            print(f"{label:<26}{median:>10.1f}{p95:>10.1f}{queries:>15}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    verdict = "OK" if worst < FLOOR_MS else "FOR LANGSOM"
    print(
        f"Gulv: median under {FLOOR_MS:.0f} ms pr. side. Værste median: {worst:.1f} ms ({verdict})"
    )
    if worst >= FLOOR_MS:
        sys.exit(1)


if __name__ == "__main__":
    main()
