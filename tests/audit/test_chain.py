import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fremdrift.audit.chain import verify_chain
from fremdrift.audit.models import Action, AuditEntry, AuditLogIsAppendOnly
from fremdrift.audit.services import audit_record
from fremdrift.core.request_context import request_id_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_entries(odense_caseworker, odense_citizen):
    with request_id_scope("req-test-0001"):
        return [
            audit_record(
                actor=odense_caseworker,
                action=Action.VIEW,
                purpose=f"opslag {i}",
                municipality=odense_citizen.municipality,
                citizen=odense_citizen,
            )
            for i in range(3)
        ]


def test_entries_chain_to_each_other(three_entries):
    first, second, third = three_entries
    assert [e.seq for e in three_entries] == [1, 2, 3]
    assert first.prev_hash == "0" * 64
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert first.request_id == "req-test-0001"
    assert verify_chain() == (3, [])


def test_entries_cannot_be_changed_or_deleted_through_the_application(three_entries):
    entry = three_entries[0]
    entry.purpose = "noget andet"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(purpose="x")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).purpose == "opslag 0"


def _sql(statement, params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_tampering_in_the_database_is_detected(three_entries):
    _sql("UPDATE audit_auditentry SET purpose = %s WHERE seq = %s", ["skjult", 2])
    checked, breaks = verify_chain()
    assert checked == 3
    assert [(b.seq, "indholdet" in b.reason) for b in breaks] == [(2, True)]
    with pytest.raises(CommandError, match="IKKE intakt"):
        call_command("audit_verify")


def test_a_deleted_entry_is_detected(three_entries):
    _sql("DELETE FROM audit_auditentry WHERE seq = %s", [2])
    _, breaks = verify_chain()
    assert any("mangler" in b.reason for b in breaks)


def test_a_deleted_last_entry_is_detected(three_entries):
    _sql("DELETE FROM audit_auditentry WHERE seq = %s", [3])
    _, breaks = verify_chain()
    assert any("hovedet" in b.reason for b in breaks)


def test_verify_command_reports_an_intact_log(three_entries, capsys):
    call_command("audit_verify")
    assert "intakt: 3 poster" in capsys.readouterr().out
