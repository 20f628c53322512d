"""Concurrent writes keep the figure table exact (issue 15, item 6).

Ten writers at once on PostgreSQL, two on each of five citizens of one municipality: one
ends the citizen's visitation, the other their benefit. Afterwards the table the writes kept
equals a full rebuild, the benefit spells and their median included. Before the citizen's
row was locked ahead of the "before" reading, a writer that waited for the lock counted the
other writer's change a second time.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from fremdrift.core import clock
from fremdrift.journey import services
from fremdrift.journey.models import Period
from fremdrift.results.refresh import rebuild
from tests.results.helpers import citizen, figure_table, in_m2, period, spell_table

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need a server database"
    ),
    pytest.mark.django_db(transaction=True),
]
WRITERS_PER_CITIZEN = 2
CITIZENS = 5


def _citizens(odense) -> list:
    today = clock.today()
    people = []
    for i in range(CITIZENS):
        who = citizen(odense)
        start = today - dt.timedelta(days=500 + 40 * i)
        in_m2(who, start)
        period(who, "visitation", start, code="job_ready")
        people.append(who)
    return people


def _end(actor, who, kind: str, on: dt.date, errors: list, barrier: threading.Barrier) -> None:
    try:
        open_period = Period.objects.get(citizen=who, kind=kind, end__isnull=True)
        barrier.wait()
        services.period_end(actor=actor, period=open_period, end=on)
    except BaseException as exc:
        errors.append(exc)
    finally:
        connection.close()


def test_ten_writers_at_once_leave_the_table_equal_to_a_full_rebuild(odense, odense_caseworker):
    people = _citizens(odense)
    rebuild()
    today = clock.today()
    errors: list[BaseException] = []
    barrier = threading.Barrier(CITIZENS * WRITERS_PER_CITIZEN)
    threads = []
    for i, who in enumerate(people):
        for kind, days_ago in (("visitation", 100 + 30 * i), ("benefit", 70 + 20 * i)):
            on = today - dt.timedelta(days=days_ago)
            args = (odense_caseworker, who, kind, on, errors, barrier)
            threads.append(threading.Thread(target=_end, args=args))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Period.objects.filter(citizen__in=people, end__isnull=True).count() == CITIZENS
    incremental, spells = figure_table(), spell_table()
    rebuild()
    assert incremental == figure_table()
    assert spells == spell_table()
