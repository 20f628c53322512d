"""Benchmark: the citizen list with 10,000 citizens in one municipality.

Prints the time per request (median and 95th percentile) and the number of database
queries for the plain list, a name search, a CPR search, a caseworker filter and the last
page, against the floor we hold it to: a median under 100 ms per page, and the same number
of queries whatever the page. Runs on a fresh test database (SQLite by default; set
DATABASE_URL to measure PostgreSQL).

    make bench        # or: .venv/bin/python bench/citizen_list.py --citizens 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time

import django

os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="fremdrift-bench-"))
os.makedirs(os.path.join(os.environ["VAR_DIR"], "static"), exist_ok=True)
os.environ["DEMO_MODE"] = "true"  # the data is the synthetic demo generator's
os.environ["DJANGO_SETTINGS_MODULE"] = "fremdrift.test_settings"
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from fremdrift.accounts.models import Municipality, User  # noqa: E402
from fremdrift.citizens.cpr_storage import cpr_decrypt  # noqa: E402
from fremdrift.citizens.models import Citizen  # noqa: E402
from fremdrift.demo.generator import create_citizens, create_staff  # noqa: E402
from fremdrift.demo.names import StaffNames  # noqa: E402
from fremdrift.demo.reference import MUNICIPALITIES  # noqa: E402

FLOOR_MS = 100.0


def build(citizens: int) -> float:
    started = time.perf_counter()
    odense_ref = next(m for m in MUNICIPALITIES if m.code == "461")
    odense = Municipality.objects.create(code="461", name="Odense", size_group="large")
    rng = random.Random(1)
    staff = create_staff(rng, odense, odense_ref, password="!", names=StaffNames(rng))
    create_citizens(rng, odense, staff, citizens, dt.date.today())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
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
