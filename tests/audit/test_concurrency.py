"""Appenders on PostgreSQL, in threads of their own: the chain never forks, and an append
waits only for its own municipality's chain, and only while another append to it commits.

The waits are asserted, not timed: the append under test runs with a short lock_timeout,
so waiting for a lock makes it fail instead of being slow (bench/audit_lock.py measures)."""

import datetime as dt
import threading
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection, transaction

from fremdrift.audit.chain import verify_chain
from fremdrift.audit.models import Action, AuditChain, AuditEntry
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.citizens.access import record_citizen_read
from fremdrift.core import changes
from fremdrift.journey.services import period_start
from fremdrift.journey.types import PeriodKind

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need a server database"
    ),
]


def test_concurrent_appenders_never_fork_the_chain(odense_caseworker, odense_citizen):
    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            for i in range(25):
                audit_record(
                    actor=odense_caseworker,
                    action=Action.VIEW,
                    purpose=f"tråd {n} opslag {i}",
                    municipality=odense_citizen.municipality,
                    citizen=odense_citizen,
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEntry.objects.count() == 100
    assert verify_chain() == (100, [])


def _read_without_waiting(user, citizen, purpose: str) -> None:
    """A page view whose audit append fails, rather than waits, when a lock is held."""
    with audited_atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '200ms'")
        record_citizen_read(user, citizen, purpose=purpose)


@contextmanager
def _meanwhile(work: Callable[[threading.Event], None]):
    """Run `work` in a thread of its own until it sets the event it is given; the block runs
    then, and the thread is joined after it (its exception, if any, is raised)."""
    ready, errors = threading.Event(), []

    def run() -> None:
        try:
            work(ready)
        except BaseException as exc:
            errors.append(exc)
            ready.set()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert ready.wait(30)
        assert errors == []
        yield
    finally:
        thread.join(30)
    if errors:
        raise errors[0]


def test_a_locked_chain_head_holds_up_its_own_municipality_only(
    odense_caseworker, odense_citizen, holbaek_caseworker, holbaek_citizen
):
    _read_without_waiting(odense_caseworker, odense_citizen, "første")
    _read_without_waiting(holbaek_caseworker, holbaek_citizen, "første")
    release = threading.Event()

    def hold_odenses_head(ready: threading.Event) -> None:
        with transaction.atomic():
            AuditChain.objects.select_for_update().get(municipality=odense_citizen.municipality)
            ready.set()
            release.wait(30)

    with _meanwhile(hold_odenses_head):
        try:
            _read_without_waiting(holbaek_caseworker, holbaek_citizen, "mens Odense skriver")
            with pytest.raises(OperationalError, match="lock timeout"):
                _read_without_waiting(odense_caseworker, odense_citizen, "venter")
        finally:
            release.set()
    purposes = list(
        AuditEntry.objects.filter(municipality=holbaek_citizen.municipality)
        .order_by("seq")
        .values_list("purpose", flat=True)
    )
    assert purposes == ["første", "mens Odense skriver"]
    assert verify_chain() == (3, [])


def test_a_write_holds_no_chain_head_during_its_figure_step(
    odense_caseworker, odense_citizen, holbaek_caseworker, holbaek_citizen, monkeypatch
):
    release = threading.Event()
    in_figure_step: list[threading.Event] = []

    @contextmanager
    def slow_figures(*citizen_ids):
        yield
        in_figure_step[0].set()
        release.wait(30)

    monkeypatch.setattr(changes, "_followers", [*changes._followers, slow_figures])

    def odense_write(ready: threading.Event) -> None:
        in_figure_step.append(ready)
        period_start(
            actor=odense_caseworker,
            citizen=odense_citizen,
            kind=PeriodKind.PROGRAMME,
            start=dt.date(2026, 1, 5),
        )

    with _meanwhile(odense_write):
        try:
            _read_without_waiting(holbaek_caseworker, holbaek_citizen, "Holbæk imens")
            _read_without_waiting(odense_caseworker, odense_citizen, "Odense imens")
        finally:
            release.set()
    entries = AuditEntry.objects.filter(municipality=odense_citizen.municipality).order_by("seq")
    # The write's entry comes after the read that was appended while it computed figures.
    assert [e.purpose for e in entries] == ["Odense imens", "Ny periode: Integrationsprogram"]
    assert verify_chain() == (3, [])
