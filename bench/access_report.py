"""Benchmark: the citizen's access report (GDPR art. 15) of a citizen looked up 10,000 times.

The report is rendered by the job worker (audit/report_services.py), so no request waits for
it; this measures what the worker spends: reading the entries through the selector, the
report's HTML, and WeasyPrint's PDF. The floor is measured in the same run: WeasyPrint
rendering the same rows as a bare table (fixed layout, four plain cells a row, the same
page and font but no other style, tagged like every printout), the least any PDF of these
entries can cost. A loaded machine shows in the floor as well as in the report, so the
report is held to the ratio: at most 2x the floor. Runs on a fresh test database (SQLite
by default; set DATABASE_URL to measure PostgreSQL).

    make bench        # or: .venv/bin/python bench/access_report.py --entries 10000
"""

from __future__ import annotations

# isort: off
from scratch_odense import odense_with_staff  # sets Django up, so it comes first

# isort: on

import argparse
import io
import logging
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import TypeVar

import pdfplumber
from django.db import connection
from django.test.utils import setup_test_environment
from django.utils.html import escape

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Role
from fremdrift.audit.access_report import Row, render_access_report, report_labels, report_rows
from fremdrift.audit.models import Action
from fremdrift.audit.selectors import audit_entries_for_citizen
from fremdrift.audit.services import AuditItem, audit_record_many
from fremdrift.citizens.models import Citizen
from fremdrift.core import clock
from fremdrift.core.pdf import html_to_pdf
from fremdrift.demo.generator import create_citizens

T = TypeVar("T")
TARGET_RATIO = 2.0
ACTIONS = [Action.VIEW, Action.UPDATE, Action.SEARCH, Action.REVEAL_CPR, Action.VIEW_AUDIT]
PURPOSES = [
    "Opslag på borgerens side i sagsbehandlingen",
    "Forberedelse af samtale",
    "Registrering af tilbud og opfølgning efter aftale med borgeren",
    "Søgning",
]


def build(entries: int, language: str) -> tuple[User, Citizen]:
    """Odense's staff, one citizen, and `entries` look-ups of them by the staff in turns."""
    rng = random.Random(5)
    odense, staff = odense_with_staff(rng)
    [citizen] = create_citizens(rng, odense, staff, 1, clock.today())
    Citizen.objects.filter(pk=citizen.pk).update(preferred_language=language)
    citizen.refresh_from_db()
    users = [user for role in staff.values() for user in role]
    for start in range(0, entries, 500):
        items = [
            AuditItem(citizen.pk, ACTIONS[n % len(ACTIONS)], PURPOSES[n % len(PURPOSES)], {})
            for n in range(start, min(entries, start + 500))
        ]
        actor = users[(start // 500) % len(users)]
        audit_record_many(actor=actor, municipality_id=odense.pk, items=items)
    return staff[Role.MANAGER][0], citizen


def floor_html(rows: list[Row]) -> str:
    cells = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>\n" for row in rows
    )
    return (
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><style>'
        "@page { size: A4; margin: 18mm 14mm 20mm 14mm; }"
        'html { font-family: "DejaVu Sans"; font-size: 8.5pt; }'
        "table { table-layout: fixed; width: 100%; }</style></head><body>"
        f"<table><tbody>{cells}</tbody></table></body></html>"
    )


def timed(work: Callable[[], T], rounds: int) -> tuple[float, T]:
    """The median time of `work` in seconds, and what it returned the last time."""
    took = []
    for _ in range(rounds):
        started = time.perf_counter()
        result = work()
        took.append(time.perf_counter() - started)
    return statistics.median(took), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--language", default="en", help="the citizen's language (en: two)")
    args = parser.parse_args()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        manager, citizen = build(args.entries, args.language)
        read, entries = timed(lambda: list(audit_entries_for_citizen(manager, citizen)), 3)
        rows = report_rows(entries, report_labels(citizen.preferred_language)[0])
        floor, _ = timed(lambda: html_to_pdf(floor_html(rows)), args.rounds)
        report, pdf = timed(
            lambda: render_access_report(citizen=citizen, entries=entries), args.rounds
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)
    count = f"{args.entries:,}".replace(",", ".")
    print(
        f"Indsigtsrapporten med {count} registreringer ({connection.vendor}; sprog "
        f"{args.language}; {pages} sider; median af {args.rounds})"
    )
    print(f"{'tilfælde':<44}{'s':>8}{'ms pr. post':>13}{'x gulv':>8}")
    for label, seconds in (
        ("læsning (selektoren)", read),
        ("gulv: samme rækker som bar tabel", floor),
        ("rapporten (HTML og PDF)", report),
    ):
        per = seconds * 1000 / args.entries
        print(f"{label:<44}{seconds:>8.2f}{per:>13.2f}{seconds / floor:>8.2f}")
    ratio = report / floor
    verdict = "OK" if ratio <= TARGET_RATIO else "FOR LANGSOM"
    print(f"Mål: rapporten højst {TARGET_RATIO:.0f}x gulvet. Målt: {ratio:.2f}x ({verdict})")
    if ratio > TARGET_RATIO:
        sys.exit(1)


if __name__ == "__main__":
    main()
