import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.citizens.cpr_storage import cpr_decrypt, cpr_digest
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.services import (
    CitizenData,
    CprTaken,
    EditConflict,
    citizen_create,
    citizen_reveal_cpr,
    citizen_update,
)
from tests.factories import next_cpr

pytestmark = pytest.mark.django_db


def data(**overrides) -> CitizenData:
    values = dict(
        first_name="Hala",
        last_name="Haddad",
        country_of_origin="SY",
        category="refugee",
        takeover_date=dt.date(2026, 9, 1),
        preferred_language="ar",
        interpreter_needed=True,
        caseworker=None,
        consultant=None,
    )
    values.update(overrides)
    return CitizenData(**values)


def test_create_derives_keeps_cpr_encrypted_and_audits(odense_caseworker):
    citizen = citizen_create(actor=odense_caseworker, cpr="010190-1234", data=data())
    citizen.refresh_from_db()
    assert citizen.municipality == odense_caseworker.municipality
    assert citizen.birth_date == dt.date(1990, 1, 1)
    assert citizen.gender == "F"
    assert "0101901234" not in citizen.cpr_encrypted
    assert cpr_decrypt(citizen.cpr_encrypted) == "0101901234"
    assert citizen.cpr_digest == cpr_digest("0101901234")
    assert citizen.cpr_masked == "010190-XXXX"
    entry = AuditEntry.objects.get(citizen=citizen)
    assert entry.action == Action.CREATE
    assert entry.actor == odense_caseworker
    assert "cpr" in entry.details["fields"]


def test_duplicate_cpr_in_same_municipality_points_to_the_record(odense_caseworker, odense_citizen):
    cpr = cpr_decrypt(odense_citizen.cpr_encrypted)
    with pytest.raises(CprTaken) as taken:
        citizen_create(actor=odense_caseworker, cpr=cpr, data=data())
    assert taken.value.existing.pk == odense_citizen.pk


def test_duplicate_cpr_in_another_municipality_reveals_nothing(holbaek_caseworker, odense_citizen):
    cpr = cpr_decrypt(odense_citizen.cpr_encrypted)
    with pytest.raises(CprTaken) as taken:
        citizen_create(actor=holbaek_caseworker, cpr=cpr, data=data())
    assert taken.value.existing is None
    assert Citizen.objects.count() == 1


def test_staff_from_another_municipality_is_refused(odense_caseworker, holbaek_caseworker):
    with pytest.raises(ValidationError) as error:
        citizen_create(
            actor=odense_caseworker, cpr=next_cpr(), data=data(caseworker=holbaek_caseworker)
        )
    assert "caseworker" in error.value.message_dict
    assert Citizen.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_consultant_may_not_create(odense_consultant):
    with pytest.raises(PermissionDenied):
        citizen_create(actor=odense_consultant, cpr=next_cpr(), data=data())


def test_update_records_changed_fields_and_bumps_version(odense_caseworker, odense_citizen):
    updated = citizen_update(
        actor=odense_caseworker,
        citizen=odense_citizen,
        data=data(
            first_name="Rama",
            last_name="Al-Hassan",
            interpreter_needed=False,
            caseworker=odense_caseworker,
            takeover_date=odense_citizen.takeover_date,
        ),
        expected_version=1,
    )
    assert updated.version == 2
    assert updated.interpreter_needed is False
    entry = AuditEntry.objects.get(citizen=odense_citizen, action=Action.UPDATE)
    assert set(entry.details["fields"]) == {"interpreter_needed"}


def test_stale_update_is_refused_and_changes_nothing(odense_caseworker, odense_citizen):
    citizen_update(
        actor=odense_caseworker,
        citizen=odense_citizen,
        data=data(first_name="Først"),
        expected_version=1,
    )
    with pytest.raises(EditConflict) as conflict:
        citizen_update(
            actor=odense_caseworker,
            citizen=odense_citizen,
            data=data(first_name="Anden"),
            expected_version=1,
        )
    assert conflict.value.current.first_name == "Først"
    assert Citizen.objects.get(pk=odense_citizen.pk).first_name == "Først"
    assert AuditEntry.objects.filter(action=Action.UPDATE).count() == 1


def test_reveal_needs_a_purpose_and_is_audited(odense_caseworker, odense_citizen):
    with pytest.raises(ValidationError):
        citizen_reveal_cpr(actor=odense_caseworker, citizen=odense_citizen, purpose="  ")
    full = citizen_reveal_cpr(
        actor=odense_caseworker, citizen=odense_citizen, purpose="Indberetning til ydelse"
    )
    assert (
        full
        == cpr_decrypt(odense_citizen.cpr_encrypted)[:6]
        + "-"
        + cpr_decrypt(odense_citizen.cpr_encrypted)[6:]
    )
    entry = AuditEntry.objects.get(action=Action.REVEAL_CPR)
    assert entry.purpose == "Indberetning til ydelse"
    assert entry.citizen == odense_citizen


def test_reveal_across_the_boundary_is_refused(holbaek_caseworker, odense_citizen):
    with pytest.raises(PermissionDenied):
        citizen_reveal_cpr(actor=holbaek_caseworker, citizen=odense_citizen, purpose="x")
    assert AuditEntry.objects.count() == 0
