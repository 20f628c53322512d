import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.audit.chain import verify_chain, verify_chains
from fremdrift.audit.models import Action, AuditChain, AuditEntry, AuditLogIsAppendOnly
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


# --- One chain per municipality ----------------------------------------------------------


def _view(actor, citizen, purpose="opslag"):
    return audit_record(
        actor=actor,
        action=Action.VIEW,
        purpose=purpose,
        municipality=citizen.municipality,
        citizen=citizen,
    )


@pytest.fixture
def two_municipalities(odense_caseworker, odense_citizen, holbaek_caseworker, holbaek_citizen):
    """Odense, Holbæk, Odense, Holbæk, Odense: interleaved, as concurrent users would be."""
    return [
        _view(odense_caseworker, odense_citizen, "o1"),
        _view(holbaek_caseworker, holbaek_citizen, "h1"),
        _view(odense_caseworker, odense_citizen, "o2"),
        _view(holbaek_caseworker, holbaek_citizen, "h2"),
        _view(odense_caseworker, odense_citizen, "o3"),
    ]


def test_each_municipality_has_its_own_chain(two_municipalities, odense, holbaek):
    o1, h1, o2, h2, o3 = two_municipalities
    assert [e.seq for e in (o1, o2, o3)] == [1, 2, 3]
    assert [e.seq for e in (h1, h2)] == [1, 2]
    assert o1.prev_hash == h1.prev_hash == "0" * 64
    assert o2.prev_hash == o1.hash and o3.prev_hash == o2.hash and h2.prev_hash == h1.hash
    assert o1.chain.municipality == odense and h1.chain.municipality == holbaek
    assert AuditChain.objects.get(municipality=odense).seq == 3
    assert AuditChain.objects.get(municipality=holbaek).hash == h2.hash
    reports = verify_chains()
    assert [(r.label, r.checked, r.breaks) for r in reports] == [
        ("Holbæk (316)", 2, []),
        ("Odense (461)", 3, []),
    ]


def test_an_entry_without_municipality_goes_to_a_chain_of_its_own(facilitator, two_municipalities):
    entry = audit_record(
        actor=facilitator,
        action=Action.VIEW,
        purpose="Facilitatorens overblik",
        municipality=None,
    )
    entry.refresh_from_db()
    assert (entry.seq, entry.prev_hash, entry.chain.municipality_id) == (1, "0" * 64, None)
    assert AuditChain.objects.count() == 3
    reports = verify_chains()
    assert [(r.label, r.checked) for r in reports] == [
        ("uden kommune", 1),
        ("Holbæk (316)", 2),
        ("Odense (461)", 3),
    ]
    assert all(r.intact for r in reports)


def test_a_manager_never_sees_entries_without_municipality(facilitator, odense_manager):
    audit_record(actor=facilitator, action=Action.VIEW, purpose="overblik", municipality=None)
    assert AuditEntry.objects.count() == 1
    assert not scoped_queryset(odense_manager, AuditEntry, Permission.VIEW_AUDIT_LOG).exists()


def test_tampering_is_reported_in_its_own_chain_only(two_municipalities, holbaek):
    h2 = two_municipalities[3]
    _sql("UPDATE audit_auditentry SET purpose = %s WHERE id = %s", ["skjult", h2.pk])
    reports = {r.label: r for r in verify_chains()}
    assert reports["Odense (461)"].intact
    assert [(b.seq, b.chain) for b in reports["Holbæk (316)"].breaks] == [(2, "Holbæk (316)")]


def test_an_entry_moved_to_another_chain_is_detected(two_municipalities, odense):
    h2 = two_municipalities[3]
    odense_chain = AuditChain.objects.get(municipality=odense)
    _sql(
        "UPDATE audit_auditentry SET chain_id = %s, seq = 4 WHERE id = %s", [odense_chain.pk, h2.pk]
    )
    reports = {r.label: r for r in verify_chains()}
    holbaek_reasons = [b.reason for b in reports["Holbæk (316)"].breaks]
    odense_reasons = [b.reason for b in reports["Odense (461)"].breaks]
    assert any("hovedet" in reason for reason in holbaek_reasons)  # its last entry is gone
    assert any("anden kommunes kæde" in reason for reason in odense_reasons)


def test_a_chain_emptied_of_every_entry_is_detected(two_municipalities, holbaek):
    _sql(
        "DELETE FROM audit_auditentry WHERE chain_id = %s",
        [AuditChain.objects.get(municipality=holbaek).pk],
    )
    reports = {r.label: r for r in verify_chains()}
    assert reports["Holbæk (316)"].checked == 0
    assert [b.seq for b in reports["Holbæk (316)"].breaks] == [2]
    assert reports["Odense (461)"].intact


def test_verify_command_reports_every_chain(two_municipalities, capsys):
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "Holbæk (316): intakt, 2 poster" in out
    assert "Odense (461): intakt, 3 poster" in out
    assert "intakt: 5 poster i 2 kæder" in out


def test_verify_command_names_the_broken_chain(two_municipalities, capsys):
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [two_municipalities[2].pk])  # o2
    with pytest.raises(CommandError, match="i 1 af 2 kæder"):
        call_command("audit_verify")
    captured = capsys.readouterr()
    assert "Holbæk (316): intakt, 2 poster" in captured.out
    assert "Odense (461): IKKE intakt" in captured.out
    assert "Odense (461), post 3: post(er) 2-2 mangler" in captured.err
