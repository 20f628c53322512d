"""Benchmark: does a Holbæk page view wait for an Odense write? (The audit log's chain lock.)

An Odense write transaction holds its work for 0.5 s while a Holbæk caseworker opens a
citizen's page (the scoped look-up and its audit entry). Two kinds of write:

- "kæden holdt": the write appends its audit entry first and then works 0.5 s, so it holds
  Odense's chain head the whole time (the old order; today only `now=True` does that). It
  shows what a chain per municipality gives on its own; an Odense page view meanwhile is
  measured beside it, and waits: the proof that the lock is real and the timing sees it.
- "figurtrin": a real period write through the service, whose figure step takes 0.5 s
  longer (a slow follower, like the median of a large municipality). Its entry is appended
  after the figure step, so even an Odense page view does not wait, not even of the citizen
  being written.

The wait is a page view's time during the write minus the same page view's time alone just
before it, round by round. Target: every Holbæk wait under 20 ms; on PostgreSQL the script
exits non-zero when one is not. SQLite has one write lock for the whole database: any write,
whichever municipality, holds up every other write, the audit entry of a page view too, so
there the figures only show that (and are not held to the target). Runs on a fresh test
database (SQLite by default, in a temporary file so that threads share it; set DATABASE_URL
to measure PostgreSQL).

    make bench        # or: .venv/bin/python bench/audit_lock.py --rounds 10
"""

from __future__ import annotations

# isort: off
from scratch_odense import odense_with_staff  # sets Django up, so it comes first

# isort: on

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.db import connection
from django.test.utils import setup_test_environment

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.roles import Role
from fremdrift.audit.models import Action
from fremdrift.audit.services import AuditItem, audit_record_many, audited_atomic
from fremdrift.citizens.access import read_citizen
from fremdrift.citizens.models import Citizen
from fremdrift.core import changes, clock
from fremdrift.demo.generator import create_citizens, create_staff
from fremdrift.demo.names import StaffNames
from fremdrift.demo.reference import MUNICIPALITIES
from fremdrift.journey.services import period_start
from fremdrift.journey.types import PeriodKind
from fremdrift.results.refresh import rebuild

HOLD_S = 0.5
TARGET_MS = 20.0

# Set while a write is inside its 0.5 s; the slow follower and the old-order write set it.
_holding = threading.Event()


@contextmanager
def slow_figure_step(*citizen_ids: int) -> Iterator[None]:
    """A follower (core.changes) whose part of the figure step takes HOLD_S."""
    yield
    _holding.set()
    time.sleep(HOLD_S)


def build(citizens: int) -> dict[str, Any]:
    rng = random.Random(3)
    today = clock.today()
    odense, odense_staff = odense_with_staff(rng)
    holbaek_ref = next(m for m in MUNICIPALITIES if m.code == "316")
    holbaek = Municipality.objects.create(
        code="316", name="Holbæk", size_group=holbaek_ref.size_group
    )
    holbaek_staff = create_staff(rng, holbaek, holbaek_ref, password="!", names=StaffNames(rng))
    used: set[str] = set()
    return {
        "odense_user": odense_staff[Role.CASEWORKER][0],
        "holbaek_user": holbaek_staff[Role.CASEWORKER][0],
        "odense": create_citizens(rng, odense, odense_staff, citizens, today, used),
        "holbaek": create_citizens(rng, holbaek, holbaek_staff, citizens, today, used),
    }


def old_order_write(user: User, citizen: Citizen) -> None:
    with audited_atomic():
        item = AuditItem(citizen.pk, Action.UPDATE, "Benchmark: kæden holdt", {})
        audit_record_many(
            actor=user, municipality_id=citizen.municipality_id, items=[item], now=True
        )
        _holding.set()
        time.sleep(HOLD_S)


def figure_step_write(user: User, citizen: Citizen) -> None:
    period_start(
        actor=user, citizen=citizen, kind=PeriodKind.PROGRAMME, start=citizen.takeover_date
    )


def timed_read(user: User, citizen: Citizen) -> float:
    started = time.perf_counter()
    read_citizen(user, citizen.pk, purpose="Benchmark: opslag")
    return (time.perf_counter() - started) * 1000


def during_write(write: Callable[[], None], read: Callable[[], float]) -> float:
    """The read's time in ms, run while `write` (in a thread of its own) holds its work."""
    _holding.clear()
    failed: list[BaseException] = []

    def run() -> None:
        try:
            write()
        except BaseException as exc:
            failed.append(exc)
            _holding.set()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    _holding.wait(30)
    took = read()
    thread.join()
    if failed:
        raise failed[0]
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    setup_test_environment()
    if connection.vendor == "sqlite":
        # The default test database is in memory, which threads cannot share with locks.
        path = os.path.join(tempfile.mkdtemp(prefix="fremdrift-bench-audit-"), "db.sqlite3")
        connection.settings_dict["TEST"]["NAME"] = path
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        data = build(citizens=len(CASES) * args.rounds + 1)
        rebuild()  # the figures exist, so the first write does not rebuild them all
        changes.register(follower=slow_figure_step)
        results = measure(data, args.rounds)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    report(results, args.rounds)


# (write, page view, held to the target): each page view runs during its own write.
CASES = [
    ("kæden holdt", "Holbæk", True),
    ("kæden holdt", "Odense, anden borger", False),
    ("figurtrin", "Holbæk", True),
    ("figurtrin", "Odense, anden borger", False),
    ("figurtrin", "Odense, samme borger", False),
]
WRITES = {"kæden holdt": old_order_write, "figurtrin": figure_step_write}


def measure(data: dict[str, Any], rounds: int) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """Per case, each round's page view in ms: alone just before the write, and during it."""
    o_user, h_user = data["odense_user"], data["holbaek_user"]
    holbaek, untouched = data["holbaek"], data["odense"][-1]
    fresh = iter(data["odense"][:-1])  # every write a citizen without periods
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for write_name, view, _held in CASES:
        write = WRITES[write_name]
        for round_ in range(rounds):
            written = next(fresh)
            user, shown = {
                "Holbæk": (h_user, holbaek[round_ % len(holbaek)]),
                "Odense, anden borger": (o_user, untouched),
                "Odense, samme borger": (o_user, written),
            }[view]
            alone = timed_read(user, shown)
            took = during_write(partial(write, o_user, written), partial(timed_read, user, shown))
            results.setdefault((write_name, view), []).append((alone, took))
    return results


def report(results: dict[tuple[str, str], list[tuple[float, float]]], rounds: int) -> None:
    hold = f"{HOLD_S:.1f}".replace(".", ",")
    print(
        f"Revisionsloggens kædelås: en sidevisning, mens en Odense-skrivning holder sit arbejde "
        f"i {hold} s ({connection.vendor}, {rounds} runder; ventetid = tid under skrivningen "
        "minus tid alene lige før)"
    )
    print(
        f"{'skrivning':<14}{'sidevisning':<24}{'alene ms':>10}{'under ms':>10}"
        f"{'ventetid median':>17}{'maks':>7}"
    )
    worst = 0.0
    for write_name, view, held in CASES:
        pairs = results[(write_name, view)]
        waits = [max(0.0, during - alone) for alone, during in pairs]
        if held:
            worst = max(worst, max(waits))
        print(
            f"{write_name:<14}{view:<24}{statistics.median(a for a, _ in pairs):>10.1f}"
            f"{statistics.median(d for _, d in pairs):>10.1f}{statistics.median(waits):>17.1f}"
            f"{max(waits):>7.1f}{'' if held else '  (uden for målet)'}"
        )
    verdict = "OK" if worst < TARGET_MS else "FOR LANGSOM"
    print(f"Mål: Holbæks ventetid under {TARGET_MS:.0f} ms. Værste: {worst:.1f} ms ({verdict})")
    if connection.vendor == "sqlite":
        print(
            "SQLite: én skrivelås for hele databasen, så enhver skrivning venter på enhver "
            "anden, også en sidevisnings revisionspost. Tallene holdes ikke op mod målet; "
            "mål på PostgreSQL (DATABASE_URL)."
        )
    elif worst >= TARGET_MS:
        sys.exit(1)


if __name__ == "__main__":
    main()
