"""Benchmark: the figure table for a country-sized data set, on SQLite and PostgreSQL.

    .venv/bin/python bench/figures.py [--skip-postgres] [--rounds 2]

Builds (once; reused afterwards) the country-sized synthetic demo: 98 municipalities, about
100,000 citizens, five years of periods. Then prints, per database:

- the full rebuild of the figure table (best of --rounds),
- one citizen's change reaching the figures, through the service, which updates the table
  in the same transaction: a revisitation, and a benefit ending (which moves the median
  benefit spell); median and worst of 20 citizens each, wall clock and this process's CPU
  time (on SQLite that includes the database's work),
- the floor: the same period columns read into NumPy and the stock figures computed there
  with interval deltas and a cumulative sum, and the rebuild's ratio to it.

Targets (architecture.md, issues 5 and 14): rebuild under 10 s on this 2-core machine and
within 10x the floor; one citizen's change, a benefit ending included, at most 30 ms
(median). docs/performance.md records what we reach. BENCH_FIGURES_POSTGRES_URL names
another PostgreSQL database (a copy of fremdrift_bench, say).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQLITE_URL = f"sqlite:///{ROOT / 'var' / 'bench-figures.sqlite3'}"
POSTGRES_URL = os.environ.get(
    "BENCH_FIGURES_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/fremdrift_bench"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--changes-only",
        action="store_true",
        help="time the one-citizen changes only (rebuilding first only when the table is stale)",
    )
    parser.add_argument("--run", help=argparse.SUPPRESS)  # one database, in a child process
    args = parser.parse_args()
    if args.run:
        run(args.run, args.rounds, changes_only=args.changes_only)
        return
    urls = [SQLITE_URL] + ([] if args.skip_postgres else [POSTGRES_URL])
    (ROOT / "var").mkdir(exist_ok=True)
    for url in urls:
        if url.startswith("postgres"):
            _create_postgres_database(url)
        # Django's settings are per process: each database gets its own.
        env = {**os.environ, "DATABASE_URL": url, "DEMO_MODE": "true"}
        subprocess.run(  # noqa: S603 - this script with our own arguments
            [sys.executable, __file__, "--run", url, "--rounds", str(args.rounds)]
            + (["--changes-only"] if args.changes_only else []),
            env=env,
            check=True,
        )


def _create_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def run(url: str, rounds: int, *, changes_only: bool = False) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fremdrift.settings")
    django.setup()
    from django.core.management import call_command

    from fremdrift.citizens.models import Citizen
    from fremdrift.demo.generator import build_demo
    from fremdrift.journey.models import Period
    from fremdrift.results.refresh import bring_up_to_date, rebuild

    vendor = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    call_command("migrate", verbosity=0)
    if not Citizen.objects.exists():
        started = time.perf_counter()
        build_demo(country=True)
        print(f"[{vendor}] built the country-sized demo in {time.perf_counter() - started:.0f} s")
    citizens, periods = Citizen.objects.count(), Period.objects.count()
    if changes_only:
        bring_up_to_date()  # after a migration that asks for a rebuild, say
        print(f"\n== {vendor}: {citizens:,} citizens, {periods:,} periods ==")
        _print_changes(one_citizen_changes())
        return
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        # Every month, finished ones too: the work a full rebuild does (results/frozen.py).
        rows = rebuild(rewrite_finished_months=True)
        timings.append(time.perf_counter() - started)
    full = min(timings)
    changes = one_citizen_changes()
    fetch, compute = numpy_floor()
    floor = fetch + compute
    print(f"\n== {vendor}: {citizens:,} citizens, {periods:,} periods, {rows:,} figure rows ==")
    print(f"full rebuild (best of {rounds}):      {full:6.2f} s   (all: {_list(timings)})")
    _print_changes(changes)
    print(f"NumPy floor: read columns {fetch:5.2f} s + compute {compute:5.2f} s = {floor:5.2f} s")
    print(
        f"rebuild / floor:                   {full / floor:6.1f}x   "
        f"(compute only: {full / compute:5.1f}x)"
    )
    slowest = max(change.median for change in changes.values())
    print(
        f"targets: rebuild < 10 s: {'yes' if full < 10 else 'NO'}; within 10x floor: "
        f"{'yes' if full / floor <= 10 else 'NO'}; change <= 30 ms: "
        f"{'yes' if slowest <= 0.03 else 'NO'}"
    )


def _print_changes(changes: dict[str, Timing]) -> None:
    for name, change in changes.items():
        print(
            f"one citizen's change, {name} (20 citizens): median {change.median * 1000:5.1f} ms "
            f"(CPU {change.cpu_median * 1000:5.1f} ms), worst {change.worst * 1000:5.1f} ms"
        )
    print(f"load average after the changes: {_load()}")


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


@dataclass(frozen=True)
class Timing:
    median: float
    worst: float
    cpu_median: float


def one_citizen_changes() -> dict[str, Timing]:
    """A revisitation and a benefit ending through the services (which keep the figures),
    for 20 citizens each, every one rolled back."""
    import datetime as dt
    import random

    from fremdrift.accounts.models import User
    from fremdrift.journey.models import Period
    from fremdrift.journey.services import citizen_visit, period_end

    rng = random.Random(7)
    since = dt.date.today() - dt.timedelta(days=40)

    def opened(kind: str, **where: object) -> list:
        periods = Period.objects.filter(kind=kind, end__isnull=True, **where)
        return rng.sample(list(periods.select_related("citizen").order_by("id")[:2000]), 20)

    def actor(period) -> User:
        return User.objects.filter(
            municipality_id=period.municipality_id, role="caseworker"
        ).first()

    def revisit(visit) -> None:
        on = max(visit.start + dt.timedelta(days=1), since)
        citizen_visit(
            actor=actor(visit),
            citizen=visit.citizen,
            category="activity_ready",
            on=on,
            reason="Benchmark: revisitation",
        )

    def end_benefit(benefit) -> None:
        end = max(benefit.start + dt.timedelta(days=1), since)
        period_end(actor=actor(benefit), period=benefit, end=end, reason="Benchmark")

    return {
        "revisitation": _timed(revisit, opened("visitation", code="job_ready")),
        "benefit ending": _timed(end_benefit, opened("benefit")),
    }


def _timed(change, periods: list) -> Timing:
    from django.db import transaction

    from fremdrift.audit.services import audited_atomic

    walls, cpus = [], []
    for period in periods:
        # The service's transaction nests in this one, which is rolled back: the data set is
        # reused. Its audit entry is dropped with it, unappended (a few ms not measured).
        with audited_atomic():
            started, cpu = time.perf_counter(), time.process_time()
            change(period)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
            transaction.set_rollback(True)
    return Timing(statistics.median(walls), max(walls), statistics.median(cpus))


def numpy_floor() -> tuple[float, float]:
    """Read the period columns into arrays, then compute the stock figures with NumPy.

    Covers the programme count, M2 and M3 (numerators and denominators), job-ready,
    activity-ready and in a company-oriented offer, per municipality and month: the bulk of
    the rebuild's work. It takes each citizen's first programme period and ignores overlaps
    between offers, so it does less than the SQL and the floor is, if anything, too low.
    """
    import datetime as dt

    import numpy as np
    from django.db import connection

    from fremdrift.core.months import month_index
    from fremdrift.journey.models import BenefitType, OfferType

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT citizen_id, municipality_id, kind, code, benefit_type_id, offer_type_id, "
            "start, \"end\" FROM journey_period WHERE kind <> 'absence'"
        )
        rows = cursor.fetchall()
    integration = set(
        BenefitType.objects.filter(integration_benefit=True).values_list("pk", flat=True)
    )
    oriented = set(OfferType.objects.filter(company_oriented=True).values_list("pk", flat=True))
    horizon = month_index(dt.date.today())
    n = len(rows)
    cid = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
    mu = np.fromiter((r[1] for r in rows), dtype=np.int64, count=n)
    kind = np.array([r[2] for r in rows])
    code = np.array([r[3] for r in rows])
    benefit = np.fromiter((r[4] or 0 for r in rows), dtype=np.int64, count=n)
    offer = np.fromiter((r[5] or 0 for r in rows), dtype=np.int64, count=n)
    starts = np.array([_date(r[6]) for r in rows], dtype="datetime64[D]")
    ends = np.array([_date(r[7]) if r[7] else "NaT" for r in rows], dtype="datetime64[D]")
    first = _months(starts)
    # Last month whose last day is covered: the month of (end + 1 day), minus one.
    last = np.where(np.isnat(ends), horizon, _months(ends + np.timedelta64(1, "D")) - 1)
    last = np.minimum(last, horizon)
    fetch = time.perf_counter() - started

    started = time.perf_counter()

    programme = kind == "programme"
    order = np.argsort(cid[programme], kind="stable")
    p_cid = cid[programme][order]
    p_first, p_last = first[programme][order], last[programme][order]
    unique, index = np.unique(p_cid, return_index=True)

    def with_programme(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pos = np.searchsorted(unique, cid[mask])
        pos = np.clip(pos, 0, len(unique) - 1)
        found = unique[pos] == cid[mask]
        f = np.maximum(first[mask], p_first[index[pos]])
        la = np.minimum(last[mask], p_last[index[pos]])
        keep = found & (f <= la)
        return mu[mask][keep], f[keep], la[keep]

    base = first.min()
    months = horizon - base + 2
    municipalities = mu.max() + 1
    results = {}

    def count(name: str, m: np.ndarray, f: np.ndarray, la: np.ndarray) -> None:
        grid = np.zeros((municipalities, months), dtype=np.int64)
        np.add.at(grid, (m, f - base), 1)
        np.add.at(grid, (m, la + 1 - base), -1)
        results[name] = np.cumsum(grid, axis=1)

    count("programme", mu[programme], first[programme], last[programme])
    on_benefit = (kind == "benefit") & np.isin(benefit, list(integration))
    count("m2_population", *with_programme(on_benefit))
    count("job_ready", *with_programme((kind == "visitation") & (code == "job_ready")))
    count("activity_ready", *with_programme((kind == "visitation") & (code == "activity_ready")))
    count("company_now", *with_programme((kind == "offer") & np.isin(offer, list(oriented))))
    compute = time.perf_counter() - started
    return fetch, compute


def _date(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _months(days):
    import numpy as np

    months = days.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    return months + 1970 * 12


if __name__ == "__main__":
    main()
