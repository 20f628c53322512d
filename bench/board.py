"""Benchmark: the caseload board, the worklists and the citizen page with 500 citizens.

Builds one municipality (Odense's staff from the demo generator) with 500 synthetic citizens,
their periods, contracts and conversations, then times each page on the server (the whole
Django request in process: middleware, selectors, template): the board and the worklist
for a manager (the whole municipality by default) and a caseworker (her own citizens by
default), and a citizen's page. Beside them, for information, the caseworker's board widened
to the whole municipality, the manager's board with one column opened four pages deep, and
a consultant's board filtered by a competence (five competences per citizen).

The floor is measured in the same run: /healthz, the cheapest request the server answers
(one query and the migration graph), so a loaded machine shows in the floor as well as in
the pages. Prints the median and 95th percentile, the median as a multiple of the floor, the
page size and the number of queries, and exits non-zero when a held page's median is over
the target (TARGET_MS of server time). Runs on a fresh test database (SQLite by default; set
DATABASE_URL to measure PostgreSQL).

    make bench        # or: .venv/bin/python bench/board.py --citizens 500 --rounds 30
"""

from __future__ import annotations

# isort: off
from scratch_odense import analyze, odense_with_staff  # sets Django up, so it comes first

# isort: on

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Role
from fremdrift.citizens.models import Citizen
from fremdrift.competences.models import Assessment, Competence
from fremdrift.competences.vocabulary import Kind
from fremdrift.core import clock
from fremdrift.demo.companies import build_demo_companies
from fremdrift.demo.conversations import build_demo_conversations
from fremdrift.demo.generator import create_citizens
from fremdrift.demo.journey import JourneyBuilder, municipality_pace
from fremdrift.journey.snapshot_services import rebuild as rebuild_case_snapshots

TARGET_MS = 50.0
BOARD = "/forloeb/tavle/"
WORKLIST = "/forloeb/arbejdsliste/"
FLOOR_URL = "/healthz"


@dataclass(frozen=True)
class Case:
    label: str
    username: str | None  # None: not logged in (the floor)
    url: str
    params: dict[str, str]
    held: bool  # held to TARGET_MS


@dataclass(frozen=True)
class Timing:
    median: float
    p95: float
    cpu: float  # median CPU time of this process (on SQLite the database's work included)
    kb: float
    queries: int


def build(citizens: int) -> float:
    started = time.perf_counter()
    today = clock.today()
    rng = random.Random(1)
    odense, staff = odense_with_staff(rng)
    people = create_citizens(rng, odense, staff, citizens, today)
    companies = build_demo_companies(rng=rng, municipality=odense, count=citizens // 15)
    journeys = JourneyBuilder(rng, today)
    pace = municipality_pace(rng)
    for citizen in people:
        author = citizen.caseworker or rng.choice(staff[Role.CASEWORKER])
        journeys.citizen(citizen, author, pace, companies)
    journeys.save()
    build_demo_conversations(
        rng=rng,
        citizens=people,
        today=today,
        authors_by_municipality={odense.pk: staff[Role.CASEWORKER]},
        last_days=journeys.last_days,
    )
    _competences(rng, people, today)
    rebuild_case_snapshots()  # as the demo command does after its bulk load
    analyze()
    return time.perf_counter() - started


TRADES = ["Lager og truck", "Rengøring", "Køkken", "Ældrepleje", "Butik", "Byggeri", "Landbrug"]


def _competences(rng: random.Random, people: list[Citizen], today: dt.date) -> None:
    """Five competences per citizen with one assessment each: the card's size after a couple
    of placements, for the board's competence filter."""
    rows = []
    for citizen in people:
        for title in [*rng.sample(TRADES, 3), "Samarbejde med kolleger", "Arbejdstempo"]:
            rows.append(
                Competence(
                    municipality_id=citizen.municipality_id,
                    citizen=citizen,
                    kind=Kind.PROFESSIONAL,
                    title=title,
                    level=rng.randint(1, 5),
                    assessed_on=today,
                )
            )
    Competence.objects.bulk_create(rows, batch_size=2000)
    Assessment.objects.bulk_create(
        [
            Assessment(
                municipality_id=c.municipality_id,
                competence=c,
                level=c.level,
                assessor_role="consultant",
                assessed_on=today,
            )
            for c in rows
        ],
        batch_size=2000,
    )


def measure(cases: list[Case], rounds: int) -> list[Timing]:
    """Each case's timings, the cases taken in turn in every round: on a shared machine a
    burst of load then falls on all of them alike, the floor included."""
    clients = []
    for case in cases:
        client = Client()
        if case.username is not None:
            client.force_login(User.objects.get(username=case.username))
        client.get(case.url, case.params)  # warm caches (and the municipality's default rules)
        clients.append(client)
    timings: list[list[float]] = [[] for _ in cases]
    cpu: list[list[float]] = [[] for _ in cases]
    sizes, queries = [0] * len(cases), [0] * len(cases)
    for _ in range(rounds):
        for i, (case, client) in enumerate(zip(cases, clients, strict=True)):
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(case.url, case.params)
                timings[i].append((time.perf_counter() - started) * 1000)
                cpu[i].append((time.process_time() - started_cpu) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{case.label}: HTTP {response.status_code}")
            sizes[i], queries[i] = len(response.content), len(captured)
    result = []
    for i, own in enumerate(timings):
        own.sort()
        p95 = own[max(0, round(0.95 * len(own)) - 1)]
        result.append(
            Timing(
                statistics.median(own),
                p95,
                statistics.median(cpu[i]),
                sizes[i] / 1024,
                queries[i],
            )
        )
    return result


def cases() -> list[Case]:
    caseworker = User.objects.get(username="odense-sagsbehandler")
    own = Citizen.objects.filter(caseworker=caseworker).order_by("pk").first()
    assert own is not None, "the caseworker has no citizens"
    return [
        Case("tavle: leder (hele kommunen)", "odense-leder", BOARD, {}, True),
        Case("tavle: sagsbehandler (egne)", "odense-sagsbehandler", BOARD, {}, True),
        Case("tavle: sagsbehandler, alle", "odense-sagsbehandler", BOARD, {"vis": "alle"}, False),
        Case(
            "tavle: leder, 'Vis flere' x4",
            "odense-leder",
            BOARD,
            {"side_job_or_education": "4"},
            False,
        ),
        # A consultant with a company's request: who in the municipality fits (information).
        Case(
            "tavle: konsulent, kompetence",
            "odense-virksomhedskonsulent",
            BOARD,
            {"kompetence": "lager", "niveau": "3"},
            False,
        ),
        Case("arbejdsliste: leder (kommunen)", "odense-leder", WORKLIST, {}, True),
        Case("arbejdsliste: sagsbehandler", "odense-sagsbehandler", WORKLIST, {}, True),
        Case("borgerside: sagsbehandler", "odense-sagsbehandler", f"/borgere/{own.pk}/", {}, True),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        built = build(args.citizens)
        floor_case = Case("gulv: /healthz", None, FLOOR_URL, {}, False)
        pages = cases()
        floor, *timings = measure([floor_case, *pages], args.rounds)
        load = " / ".join(f"{n:.1f}" for n in os.getloadavg())
        print(
            f"Sider med {Citizen.objects.count()} borgere i én kommune "
            f"({connection.vendor}; data bygget på {built:.1f} s, {args.rounds} målinger; "
            f"maskinens belastning {load})"
        )
        print(
            f"{'tilfælde':<34}{'median ms':>10}{'p95 ms':>9}{'x gulv':>8}{'CPU ms':>8}{'KB':>6}"
            f"{'forespørgsler':>15}"
        )
        print(
            f"{floor_case.label:<34}{floor.median:>10.1f}{floor.p95:>9.1f}{1:>8.1f}"
            f"{floor.cpu:>8.1f}"
        )
        worst = 0.0
        for case, timing in zip(pages, timings, strict=True):
            if case.held:
                worst = max(worst, timing.median)
            mark = "" if case.held else "  (holdes ikke)"
            print(
                f"{case.label:<34}{timing.median:>10.1f}{timing.p95:>9.1f}"
                f"{timing.median / floor.median:>8.1f}{timing.cpu:>8.1f}{timing.kb:>6.0f}"
                f"{timing.queries:>15}{mark}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    verdict = "OK" if worst <= TARGET_MS else "FOR LANGSOM"
    print(
        f"Mål: median højst {TARGET_MS:.0f} ms for de sider, der holdes. "
        f"Værste median: {worst:.1f} ms ({verdict}); gulvets median {floor.median:.1f} ms"
    )
    if worst > TARGET_MS:
        sys.exit(1)


if __name__ == "__main__":
    main()
