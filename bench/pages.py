"""Benchmark: the pages people use, under load, held against a logged-in floor.

    make bench-pages        # or: .venv/bin/python bench/pages.py --seconds 5

Starts the product the way `make run` does (`make serve`: migrate, collectstatic, the demo
data, gunicorn with run's workers and settings) on a scratch SQLite database in a temporary
directory, and again on a scratch PostgreSQL database that it creates and drops. Logs in
through the login form as the demo's caseworker, manager and facilitator, then for each page:

- the median time of a few single requests, one after another (measured by the client on
  127.0.0.1; a fresh connection each, as gunicorn's sync workers close it),
- the floor under load: /brugere/mig/ (the user's initials: the same middleware, session and
  user look-up as every page, a few bytes rendered) with 20 connections and no pause (wrk),
- the page itself the same way, right after its floor,

and prints req/s, p50 and p95, the page's share of the floor's req/s, and PASS/FAIL against
the targets: at least 25 % of the floor, a single request in at most 50 ms. The exit status
is 0 whatever the verdicts: not every page meets the targets yet (docs/performance.md says
which), and a FAIL becomes a failing exit once they all do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from http_load import Load, log_in, request, single_ms, wrk

ROOT = Path(__file__).resolve().parents[1]
FLOOR = "/brugere/mig/"  # accounts:me
SHARE_TARGET = 0.25
SINGLE_TARGET_MS = 50.0
DEMO_PASSWORD = "demo"  # fremdrift.demo.generator.DEMO_PASSWORD; works only in demo mode
PERSONAS = {
    "sagsbehandler": "odense-sagsbehandler",
    "leder": "odense-leder",
    "facilitator": "facilitator",
}


@dataclass(frozen=True)
class Page:
    label: str
    persona: str
    path: str  # {citizen}: a citizen from the caseworker's list


PAGES = [
    Page("borgerlisten", "sagsbehandler", "/borgere/"),  # citizens:list
    Page("borgersiden", "sagsbehandler", "/borgere/{citizen}/"),  # citizens:detail
    Page("tavlen (hele kommunen)", "leder", "/forloeb/tavle/"),  # journey:board
    Page("arbejdsliste, sagsbehandler", "sagsbehandler", "/forloeb/arbejdsliste/"),
    Page("arbejdsliste, leder", "leder", "/forloeb/arbejdsliste/"),  # journey:worklist
    Page("resultater (dashboard)", "leder", "/resultater/"),  # results:dashboard
    Page("tværgående sammenligning", "facilitator", "/resultater/tvaergaaende/"),  # results:across
]


@dataclass(frozen=True)
class Row:
    label: str
    persona: str
    single_ms: float
    size: int
    load: Load
    floor: Load | None


def main() -> None:
    args = _arguments()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk mangler: `make wrk-deps` installerer Debians wrk.")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the servers are stopped
    print(
        f"Sidebenchmark {dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} kerner, "
        f"belastning før: {_load_average()}; {args.connections} forbindelser, "
        f"{args.seconds} s pr. måling, enkeltforespørgsler: median af {args.single}"
    )
    failed = 0
    with tempfile.TemporaryDirectory(prefix="fremdrift-bench-pages-") as scratch:
        if not args.skip_sqlite:
            home = Path(scratch) / "sqlite"
            url = f"sqlite:///{home / 'fremdrift.sqlite3'}"
            failed += run_database("SQLite", url, home, args)
        if args.postgres_url != "none":
            with scratch_postgres(args.postgres_url) as url:
                if url:
                    failed += run_database("PostgreSQL", url, Path(scratch) / "postgresql", args)
    print(
        f"\nMål: mindst {SHARE_TARGET * 100:.0f} % af gulvets req/s og en enkelt forespørgsel "
        f"på højst {SINGLE_TARGET_MS:.0f} ms. {failed} måling(er) med FAIL i alt; exitkoden er "
        "0 alligevel, indtil alle sider når målene (docs/performance.md). "
        f"Belastning efter: {_load_average()}"
    )


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8810)
    parser.add_argument("--seconds", type=int, default=5, help="hver wrk-måling, hele sekunder")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--single", type=int, default=10, help="enkeltforespørgsler pr. side")
    parser.add_argument(
        "--postgres-url",
        default="postgres://postgres@127.0.0.1:5432/fremdrift_bench_pages",
        help="den midlertidige database, der oprettes og slettes; 'none' springer over",
    )
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--ready-timeout", type=float, default=900, help="sekunder til opstart")
    return parser.parse_args()


def _load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run_database(vendor: str, database_url: str, home: Path, args: argparse.Namespace) -> int:
    """The pages measured on one database; how many of them failed a target."""
    home.mkdir(parents=True)
    env = {**os.environ, "DATABASE_URL": database_url, "VAR_DIR": str(home), "DEMO_MODE": "true"}
    print(f"\n== {vendor}: starter produktet som `make run` (log: {home / 'serve.log'}) ==")
    started = time.perf_counter()
    with served(env, args.port, home / "serve.log", args.ready_timeout):
        print(f"klar efter {time.perf_counter() - started:.0f} s (migrering, statiske filer, demo)")
        rows = measure(args)
    return print_table(vendor, rows)


@contextmanager
def served(env: dict[str, str], port: int, log: Path, timeout: float) -> Iterator[None]:
    """`make serve` on `port`, in its own process group, stopped (all of it) afterwards."""
    if _port_taken(port):
        raise SystemExit(f"Port {port} er optaget; vælg en anden med --port (BENCH_PORT).")
    command = ["make", "--no-print-directory", "-C", str(ROOT), "serve", f"PORT={port}"]
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 - make with our own arguments
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_until_ready(server, port, log, timeout)
        yield
    finally:
        _stop(server)


def _port_taken(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait_until_ready(
    server: subprocess.Popen[bytes], port: int, log: Path, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = "\n".join(log.read_text().splitlines()[-30:])
            raise SystemExit(f"`make serve` stoppede (kode {server.returncode}):\n{tail}")
        try:
            if request(port, "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"Produktet svarede ikke på /healthz inden for {timeout:.0f} s; se {log}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the group (make, gunicorn and its workers, the job worker), and wait until
    all of it has exited, as gunicorn finishes the requests it holds: the next database's
    server needs the port. SIGKILL after a minute."""
    for sig, patience in ((signal.SIGTERM, 60.0), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            server.poll()  # reap make
            if not _group_members(server.pid):
                server.wait()
                return
            time.sleep(0.2)
    server.wait()


def _group_members(group: int) -> list[int]:
    """The processes still running in a process group (Linux: /proc; zombies count as gone)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _parent, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, IndexError):
            continue
        if int(pgrp) == group and state != "Z":
            members.append(int(stat.parent.name))
    return members


@contextmanager
def scratch_postgres(url: str) -> Iterator[str | None]:
    """A database created for the run and dropped after it; None when PostgreSQL is not up."""
    base, name = url.rsplit("/", 1)
    try:
        admin = psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        print(f"\nADVARSEL: PostgreSQL svarer ikke på {base}; PostgreSQL-kørslen springes over.")
        yield None
        return
    with admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            raise SystemExit(
                f"Databasen {name} findes allerede. Benchmarket opretter og sletter sin egen: "
                f"slet den (dropdb {name}), hvis den er fra en afbrudt kørsel, eller vælg et "
                "andet navn med --postgres-url (BENCH_POSTGRES_URL)."
            )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield url
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            admin.execute(drop.format(sql.Identifier(name)))


def measure(args: argparse.Namespace) -> list[Row]:
    port, seconds, connections = args.port, args.seconds, args.connections
    cookies = {persona: log_in(port, name, DEMO_PASSWORD) for persona, name in PERSONAS.items()}
    citizen = _a_citizen(port, cookies["sagsbehandler"])
    rows = [
        Row(
            "/healthz (reference, uden login)",
            "-",
            *single_ms(port, "/healthz", "", args.single),
            wrk(port, "/healthz", "", seconds=seconds, connections=connections),
            None,
        )
    ]
    rows.append(
        Row(
            f"gulvet {FLOOR}",
            "sagsbehandler",
            *single_ms(port, FLOOR, cookies["sagsbehandler"], args.single),
            wrk(port, FLOOR, cookies["sagsbehandler"], seconds=seconds, connections=connections),
            None,
        )
    )
    for page in PAGES:
        cookie = cookies[page.persona]
        path = page.path.format(citizen=citizen)
        single, size = single_ms(port, path, cookie, args.single)
        floor = wrk(port, FLOOR, cookie, seconds=seconds, connections=connections)
        load = wrk(port, path, cookie, seconds=seconds, connections=connections)
        rows.append(Row(page.label, page.persona, single, size, load, floor))
    return rows


def _a_citizen(port: int, cookie: str) -> str:
    found = re.search(rb'href="/borgere/(\d+)/"', request(port, "/borgere/", cookie=cookie).body)
    if found is None:
        raise SystemExit("Borgerlisten viste ingen borger at måle borgersiden på.")
    return found.group(1).decode()


def print_table(vendor: str, rows: list[Row]) -> int:
    print(
        f"\n{'side (' + vendor + ')':<36}{'bruger':<15}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'gulv req/s':>12}{'andel':>9}{'≥25 %':>7}{'enkelt ms':>11}{'≤50 ms':>8}{'KB':>6}"
    )
    failed = 0
    for row in rows:
        load = row.load
        share, share_ok = "", ""
        single_ok = ""
        if row.floor is not None:
            ratio = load.per_second / row.floor.per_second
            share = f"{ratio * 100:.1f} %"
            share_ok = "PASS" if ratio >= SHARE_TARGET else "FAIL"
            single_ok = "PASS" if row.single_ms <= SINGLE_TARGET_MS else "FAIL"
            failed += "FAIL" in (share_ok, single_ok)
        floor = f"{row.floor.per_second:.1f}" if row.floor else ""
        print(
            f"{row.label:<36}{row.persona:<15}{load.per_second:>8.1f}{load.p50_ms:>9.1f}"
            f"{load.p95_ms:>9.1f}{floor:>12}{share:>9}{share_ok:>7}{row.single_ms:>11.1f}"
            f"{single_ok:>8}{row.size / 1024:>6.0f}"
        )
        if load.status_errors or load.socket_errors:
            print(f"    ! {load.status_errors} svar med fejlstatus, {load.socket_errors} fejl")
    print(f"{failed} af {len(PAGES)} sider under et af målene.")
    return failed


if __name__ == "__main__":
    main()
