"""audited_atomic(): a write's entries are appended as its transaction's last statements."""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fremdrift.audit.chain import verify_chain
from fremdrift.audit.models import Action, AuditChain, AuditEntry
from fremdrift.audit.services import AuditItem, audit_record, audit_record_many, audited_atomic
from fremdrift.core import changes
from fremdrift.journey.services import period_start
from fremdrift.journey.types import PeriodKind

pytestmark = pytest.mark.django_db


def _record(actor, citizen, purpose):
    return audit_record(
        actor=actor,
        action=Action.UPDATE,
        purpose=purpose,
        municipality=citizen.municipality,
        citizen=citizen,
    )


def test_entries_recorded_in_the_block_are_appended_when_it_ends(odense_caseworker, odense_citizen):
    with audited_atomic():
        entry = _record(odense_caseworker, odense_citizen, "ændring")
        assert entry.pk is None and not AuditEntry.objects.exists()
        assert not AuditChain.objects.exists()  # not even the head is touched yet
    assert AuditEntry.objects.get().pk == entry.pk
    assert (entry.seq, entry.purpose) == (1, "ændring")
    assert verify_chain() == (1, [])


def test_a_failed_nested_block_drops_its_entries_with_its_savepoint(
    odense_caseworker, odense_citizen
):
    with audited_atomic():
        _record(odense_caseworker, odense_citizen, "før")
        with pytest.raises(ValueError), audited_atomic():
            _record(odense_caseworker, odense_citizen, "rullet tilbage")
            raise ValueError
        with audited_atomic():
            _record(odense_caseworker, odense_citizen, "efter")
    purposes = list(AuditEntry.objects.order_by("seq").values_list("purpose", flat=True))
    assert purposes == ["før", "efter"]


def test_a_block_rolled_back_on_request_appends_nothing(odense_caseworker, odense_citizen):
    with audited_atomic():
        with audited_atomic():
            _record(odense_caseworker, odense_citizen, "prøvekørsel")
            transaction.set_rollback(True)
        _record(odense_caseworker, odense_citizen, "gemt")
    assert list(AuditEntry.objects.values_list("purpose", flat=True)) == ["gemt"]
    with audited_atomic():
        _record(odense_caseworker, odense_citizen, "prøvekørsel")
        transaction.set_rollback(True)
    assert AuditEntry.objects.count() == 1


def test_a_block_with_an_exception_appends_nothing(odense_caseworker, odense_citizen):
    with pytest.raises(ValueError), audited_atomic():
        _record(odense_caseworker, odense_citizen, "fejlede")
        raise ValueError
    assert not AuditEntry.objects.exists()


def test_an_append_inside_another_transaction_is_refused(odense_caseworker, odense_citizen):
    # Inside a transaction the audit does not own, the append would not be its last statement.
    with transaction.atomic():
        with pytest.raises(RuntimeError, match="durable"), audited_atomic():
            pass
        with pytest.raises(RuntimeError, match="durable"):
            _record(odense_caseworker, odense_citizen, "læsning")
    assert not AuditEntry.objects.exists()


def test_a_batch_now_is_appended_in_the_callers_transaction(odense_caseworker, odense_citizen):
    item = AuditItem(odense_citizen.pk, Action.UPDATE, "import", {})
    with audited_atomic():
        queued = audit_record_many(
            actor=odense_caseworker, municipality_id=odense_citizen.municipality_id, items=[item]
        )
        assert queued[0].pk is None
        now = audit_record_many(
            actor=odense_caseworker,
            municipality_id=odense_citizen.municipality_id,
            items=[item, item],
            now=True,
        )
        assert [e.seq for e in now] == [1, 2]
    assert queued[0].seq == 3
    assert verify_chain() == (3, [])


def test_a_write_to_two_municipalities_appends_to_both_chains(
    odense_caseworker, odense_citizen, holbaek_citizen
):
    with audited_atomic():
        _record(odense_caseworker, holbaek_citizen, "h")
        _record(odense_caseworker, odense_citizen, "o")
    chains = {c.municipality_id: c.seq for c in AuditChain.objects.all()}
    assert chains == {odense_citizen.municipality_id: 1, holbaek_citizen.municipality_id: 1}
    assert verify_chain() == (2, [])


@contextmanager
def _marking_the_figure_step(*citizen_ids):
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'figure step done'")


def test_a_periods_chain_head_is_locked_only_after_its_figure_step(
    odense_caseworker, odense_citizen, monkeypatch
):
    # First in the list, so it leaves the block last: after results' own follower.
    monkeypatch.setattr(changes, "_followers", [_marking_the_figure_step, *changes._followers])
    with CaptureQueriesContext(connection) as queries:
        period_start(
            actor=odense_caseworker,
            citizen=odense_citizen,
            kind=PeriodKind.PROGRAMME,
            start=dt.date(2026, 1, 5),
        )
    sql = [q["sql"] for q in queries.captured_queries]
    done = next(i for i, s in enumerate(sql) if "figure step done" in s)
    head = next(i for i, s in enumerate(sql) if "audit_auditchain" in s)
    assert any("results_figure" in s for s in sql[:done])  # the figure step ran, before
    assert done < head
    after_head = [s for s in sql[head:] if not s.upper().startswith(("SAVEPOINT", "RELEASE"))]
    assert after_head and all("audit_audit" in s for s in after_head), after_head
    assert AuditEntry.objects.get().purpose.startswith("Ny periode")


def test_an_entry_about_a_citizen_needs_a_municipality(odense_caseworker, odense_citizen):
    with pytest.raises(ValueError, match="needs the municipality"):
        audit_record(
            actor=odense_caseworker,
            action=Action.VIEW,
            purpose="opslag",
            municipality=None,
            citizen=odense_citizen,
        )
    assert not AuditEntry.objects.exists()
