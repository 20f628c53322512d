"""Benchmark: importing a national-statistics (Jobindsats) file of 100k and 1M rows.

    .venv/bin/python bench/statistics_import.py [--rows 100000 1000000] [--rounds 3]
        [--shapes mostly-skipped every-row-counted] [--skip-postgres] [--postgres URL]
        [--keep DIR] [--replace]

Writes synthetic Jobindsats CSV files (Hele landet and the 98 municipalities, `;`, Danish
numbers, the title lines with the extraction date) in these shapes:

- mostly-skipped: the usual cross table, Ydelse x Visitationskategori x Køn x Alder with
  small cells suppressed; 8 rows in 270 reach the sums, the rest are breakdowns and other
  benefits;
- every-row-counted: Ydelse (our three benefits) x Status x Visitationskategori x Indsats,
  only the rows that make M1-M3, so every row is summed (none skipped) and one value is
  stored for every five rows;
- every-row-a-value (not run unless named): a share table where every row is a numerator
  and is stored as a value of its own, a stress case beyond what Jobindsats exports
  (it needs about 2,500 periods per area).

Each file is imported through the real `import_statistics` on SQLite and PostgreSQL into
an empty table (with --replace: a second time over the first, every value replaced, and
that second import is the one timed), each time in a process of its own so that the peak
memory (ru_maxrss) is that import's, Django included ('før' is the process before the
import). The floor is a plain csv.reader pass over the same file, in a process of its own
too. Prints the best of --rounds (seconds, the process's CPU seconds, rows/s) and the
highest peak, the floor and the ratio to it, and exits non-zero when a target is missed:
at most 5 s for a million rows and a peak under 150 MB for every file, on both databases;
each line says whether it met them ("nået" / "IKKE NÅET"). On PostgreSQL the server works
in other processes, so the CPU column is the client's only. The machines are shared: the
load average is printed before and after.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/fremdrift_bench_statistics"
TARGET_SECONDS_PER_MILLION = 5.0
TARGET_MB = 150.0
EXTRACTED = "15-03-2024"

OURS = ("Integrationsydelse", "Selvforsørgelses- og hjemrejseydelse", "Overgangsydelse")
SHAPES = {
    "mostly-skipped": "de fleste sprunget over",
    "every-row-counted": "hver række tæller",
    "every-row-a-value": "hver række et tal (stress)",
}
DEFAULT_SHAPES = ["mostly-skipped", "every-row-counted"]


# -- the files -----------------------------------------------------------------------------


def _areas() -> list[str]:
    sys.path.insert(0, str(ROOT / "src"))
    from fremdrift.demo.reference import MUNICIPALITIES  # plain data, no Django

    return ["Hele landet", *(m.name for m in MUNICIPALITIES)]


def _periods() -> Iterator[str]:
    """Months, quarters and years from 1990 on: enough distinct periods for 1M rows."""
    year = 1990
    while True:
        yield from (f"{year}M{month:02d}" for month in range(1, 13))
        yield from (f"{year}Q{quarter}" for quarter in range(1, 5))
        yield f"{year}Y01"
        year += 1


def _number(value: float) -> str:
    """Danish: 1.234 and 12,5."""
    whole, _, decimals = f"{value:,.1f}".partition(".")
    whole = whole.replace(",", ".")
    return whole if decimals == "0" else f"{whole},{decimals}"


def _mostly_skipped(rng: random.Random, area: int) -> list[list[str]]:
    """One area and period of the usual cross table (270 rows, 8 of them summed)."""
    size = 40_000 if area == 0 else rng.randint(50, 4000)
    rows = []
    for benefit in (*OURS, "Kontanthjælp", "A-dagpenge", "I alt"):
        total = size * (3 if benefit == "I alt" else 1)
        ready = rng.randint(0, total)
        for category, count in (("Jobparat", ready), ("Aktivitetsparat", total - ready)):
            rows.append([benefit, category, "I alt", "I alt", _number(count)])
        rows.append([benefit, "I alt", "I alt", "I alt", _number(total)])
        for category in ("Jobparat", "Aktivitetsparat", "I alt"):
            for sex in ("I alt", "Mænd", "Kvinder"):
                for age in ("I alt", "16-29 år", "30-39 år", "40-49 år", "50 år og derover"):
                    if sex == "I alt" and age == "I alt":
                        continue
                    # Small cells are suppressed, as Jobindsats does.
                    count = rng.randint(0, max(1, total // 6))
                    text = ".." if count < 3 else _number(count)
                    rows.append([benefit, category, sex, age, text])
    return rows


def _every_row_counted(rng: random.Random, area: int) -> list[list[str]]:
    """One area and period of M1-M3's rows only (15 rows, all summed)."""
    rows = []
    for benefit in OURS:
        total = rng.randint(50, 4000) * (10 if area == 0 else 1)
        own = rng.randint(0, total // 2)
        education = rng.randint(0, total // 2)
        rows += [
            [benefit, "Selvforsørgende", "I alt", "I alt", _number(own)],
            [benefit, "Ordinær uddannelse", "I alt", "I alt", _number(education + 0.5)],
            [benefit, "I alt", "I alt", "I alt", _number(total + 1)],
            [benefit, "I alt", "Jobparat", "I alt", _number(rng.randint(0, total))],
            [benefit, "I alt", "I alt", "Virksomhedsrettet aktivering", _number(total // 3)],
        ]
    return rows


def _every_row_a_value(rng: random.Random, area: int) -> list[list[str]]:
    """One area and period of a share table: four numerator rows, three values."""
    return [
        ["Selvforsørgende", "I alt", "I alt", _number(rng.randint(0, 400) / 10)],
        ["Ordinær uddannelse", "I alt", "I alt", _number(rng.randint(0, 400) / 10)],
        ["I alt", "Jobparat", "I alt", _number(rng.randint(0, 1000) / 10)],
        ["I alt", "I alt", "Virksomhedsrettet aktivering", _number(rng.randint(0, 1000) / 10)],
    ]


LAYOUTS: dict[str, tuple[list[str], Callable[[random.Random, int], list[list[str]]]]] = {
    "mostly-skipped": (
        ["Ydelse", "Visitationskategori", "Køn", "Alder", "Antal personer"],
        _mostly_skipped,
    ),
    "every-row-counted": (
        ["Ydelse", "Status", "Visitationskategori", "Indsats", "Antal personer"],
        _every_row_counted,
    ),
    "every-row-a-value": (
        ["Status", "Visitationskategori", "Indsats", "Andel (pct.)"],
        _every_row_a_value,
    ),
}


def write_file(path: Path, shape: str, rows: int) -> int:
    """The file, in whole (area, period) groups of at least `rows` rows; the rows written."""
    rng = random.Random(14)
    areas = _areas()
    columns, group = LAYOUTS[shape]
    written = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow([f"Jobindsats: syntetisk benchmark ({SHAPES[shape]})"])
        writer.writerow([f"Udtrukket fra Jobindsats.dk den {EXTRACTED}"])
        writer.writerow(["Område", "Periode", *columns])
        for period in _periods():
            for index, area in enumerate(areas):
                for cells in group(rng, index):
                    writer.writerow([area, period, *cells])
                    written += 1
            if written >= rows:
                return written
    raise AssertionError("unreachable")


# -- one measurement, each in a process of its own -----------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def floor(path: Path) -> dict:
    """A plain csv.reader pass over the file: reading and splitting, nothing else."""
    started, cpu = time.perf_counter(), _cpu()
    rows = 0
    with path.open(encoding="utf-8-sig", newline="") as data:
        for _row in csv.reader(data, delimiter=";"):
            rows += 1
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu": _cpu() - cpu, "rows": rows, "peak_mb": _peak_mb()}


def _django(url: str, var_dir: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "fremdrift.settings"
    import django

    django.setup()


def prepare(url: str, var_dir: str) -> None:
    """The database migrated, with Denmark's 98 municipalities and no imported figures."""
    _django(url, var_dir)
    from django.core.management import call_command

    from fremdrift.accounts.models import Municipality
    from fremdrift.demo.reference import MUNICIPALITIES
    from fremdrift.results.models import FigureValue, Source, StatisticsImport

    call_command("migrate", verbosity=0)
    for ref in MUNICIPALITIES:
        Municipality.objects.get_or_create(
            code=ref.code, defaults={"name": ref.name, "size_group": ref.size_group}
        )
    FigureValue.objects.filter(source=Source.JOBINDSATS).delete()
    StatisticsImport.objects.all().delete()


def measure(url: str, var_dir: str, path: Path, replace: bool = False) -> dict:
    """The real import of the file into an empty table, timed once Django is up and the
    database reached; with `replace`, then the same file again, every value replaced."""
    _django(url, var_dir)
    from django.db import connection

    from fremdrift.results.models import FigureValue, Source, StatisticsImport
    from fremdrift.results.statistics.writer import import_statistics

    # Into an empty table, as `prepare` and every run before this one leave it (emptying it
    # here would count towards this process's peak).
    assert not FigureValue.objects.filter(source=Source.JOBINDSATS).exists()
    connection.ensure_connection()
    before_mb = _peak_mb()
    started, cpu = time.perf_counter(), _cpu()
    with path.open("rb") as data:
        summary = import_statistics(data, file_name=path.name)
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    peak_mb = _peak_mb()
    stored = FigureValue.objects.filter(source=Source.JOBINDSATS).count()
    assert stored == summary.values, (stored, summary.values)
    if replace:
        started, cpu = time.perf_counter(), _cpu()
        with path.open("rb") as data:
            import_statistics(data, file_name=path.name)
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu
        peak_mb = _peak_mb()
    FigureValue.objects.filter(source=Source.JOBINDSATS).delete()
    StatisticsImport.objects.all().delete()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": peak_mb,
        "before_mb": before_mb,
        "rows": summary.rows_used + summary.rows_skipped,
        "used": summary.rows_used,
        "values": summary.values,
    }


def _child(*args: str) -> dict:
    result = subprocess.run(  # noqa: S603 - this script with our own arguments
        [sys.executable, __file__, "--child", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    if result.returncode:
        sys.exit(f"{' '.join(args)} fejlede:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _best(rounds: int, *args: str) -> dict:
    """The fastest of `rounds` processes, with the highest peak memory of them all."""
    runs = [_child(*args) for _ in range(rounds)]
    best = min(runs, key=lambda run: run["seconds"])
    return {**best, "peak_mb": max(run["peak_mb"] for run in runs)}


def _child_main(kind: str, rest: list[str]) -> None:
    if kind == "floor":
        print(json.dumps(floor(Path(rest[0]))))
    elif kind == "prepare":
        prepare(rest[0], rest[1])
        print("{}")
    else:
        print(json.dumps(measure(rest[0], rest[1], Path(rest[2]), kind == "replace")))


# -- the run -------------------------------------------------------------------------------


def _create_postgres_database(url: str) -> bool:
    try:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(
            url.rsplit("/", 1)[0] + "/postgres", autocommit=True, connect_timeout=3
        ) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if not exists.fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:  # reported, and PostgreSQL is then left out
        print(f"PostgreSQL ({url}) kan ikke nås: {error}; den springes over.")
        return False
    return True


def _misses(label: str, database: str, got: dict) -> list[str]:
    """The targets a measurement misses: the time for a million rows and more, the memory
    for every file, on both databases."""
    missed = []
    if got["rows"] >= 1_000_000:
        limit = TARGET_SECONDS_PER_MILLION * got["rows"] / 1_000_000
        if got["seconds"] > limit:
            missed.append(f"{label}, {database}: {got['seconds']:.2f} s > {limit:.2f} s")
    if got["peak_mb"] >= TARGET_MB:
        missed.append(f"{label}, {database}: {got['peak_mb']:.0f} MB >= {TARGET_MB:.0f} MB")
    return missed


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


HEADER = (
    f"{'fil':<56}{'database':<12}{'s':>7}{'CPU s':>7}{'rækker/s':>11}{'peak MB':>9}"
    f"{'før MB':>8}{'tal gemt':>10}{'gulv s':>8}{'gulv MB':>9}{'x gulv':>8}  mål"
)


def _line(label: str, database: str, got: dict, base: dict) -> str:
    return (
        f"{label:<56}{database:<12}{got['seconds']:>7.2f}{got['cpu']:>7.2f}"
        f"{got['rows'] / got['seconds']:>11,.0f}{got['peak_mb']:>9.0f}"
        f"{got['before_mb']:>8.0f}{got['values']:>10,}"
        f"{base['seconds']:>8.2f}{base['peak_mb']:>9.0f}"
        f"{got['seconds'] / base['seconds']:>7.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--shapes", nargs="+", choices=list(SHAPES), default=DEFAULT_SHAPES)
    parser.add_argument("--rounds", type=int, default=3, help="the best of this many runs")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--postgres", default=POSTGRES_URL, help="a database of its own")
    parser.add_argument("--keep", help="write the files to this folder and keep them")
    parser.add_argument(
        "--replace", action="store_true", help="time a second import over the first instead"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child_main(args.child[0], args.child[1:])
        return

    work = Path(args.keep or tempfile.mkdtemp(prefix="fremdrift-bench-statistics-"))
    work.mkdir(parents=True, exist_ok=True)
    databases = [("SQLite", f"sqlite:///{work / 'bench.sqlite3'}")]
    if not args.skip_postgres and _create_postgres_database(args.postgres):
        databases.append(("PostgreSQL", args.postgres))
    for _name, url in databases:
        _child("prepare", url, str(work))

    print(
        f"Mål (issue 14): højst {TARGET_SECONDS_PER_MILLION:.0f} s for en million rækker og "
        f"under {TARGET_MB:.0f} MB peak for hver fil, på SQLite og PostgreSQL."
    )
    print(
        f"Import af Jobindsats-tabeller: bedste af {args.rounds} kørsler, hver i sin egen "
        f"proces; peak er den højeste ru_maxrss, Django medregnet. Load average: {_load()}"
    )
    print(HEADER)
    missed: list[str] = []
    for rows in args.rows:
        for shape in args.shapes:
            path = work / f"{shape}-{rows}.csv"
            if not path.exists():
                write_file(path, shape, rows)
            base = _best(args.rounds, "floor", str(path))
            for name, url in databases:
                kind = "replace" if args.replace else "measure"
                got = _best(args.rounds, kind, url, str(work), str(path))
                again = " (igen, erstatter)" if args.replace else ""
                label = f"{got['rows']:,} rækker, {SHAPES[shape]}{again}"
                misses = _misses(label, name, got)
                verdict = "IKKE NÅET" if misses else "nået"
                print(f"{_line(label, name, got, base)}  {verdict}", flush=True)
                missed += misses
    print(
        f"Mål (issue 14): højst {TARGET_SECONDS_PER_MILLION:.0f} s for en million rækker og "
        f"under {TARGET_MB:.0f} MB peak for hver fil, på begge databaser. "
        f"Load average: {_load()}"
    )
    if missed:
        print("IKKE NÅET:\n  " + "\n  ".join(missed))
        sys.exit(1)
    print("Alle mål er nået.")


if __name__ == "__main__":
    main()
