import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.citizens.services import CitizenData, EditConflict, citizen_update
from fremdrift.companies.models import ReferralReason, ReferralStatus
from fremdrift.companies.referral_services import (
    ReferralOpen,
    referral_accept,
    referral_create,
    referral_return,
)
from tests.companies.factories import ReferralFactory
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
DETAILS = "Faglig baggrund: kok. Danskniveau: modul 3. Kan arbejde 30 timer. Cykel."


def refer(actor, citizen, consultant, **overrides):
    values = dict(reason=ReferralReason.PLACEMENT, details=DETAILS)
    values.update(overrides)
    return referral_create(actor=actor, citizen=citizen, consultant=consultant, **values)


def entries(citizen):
    return list(AuditEntry.objects.filter(citizen=citizen).order_by("seq"))


@pytest.mark.parametrize("persona", ["odense_caseworker", "odense_manager"])
def test_caseworkers_and_managers_refer_and_it_is_audited(
    request, persona, odense_citizen, odense_consultant
):
    actor = request.getfixturevalue(persona)
    referral = refer(actor, odense_citizen, odense_consultant)
    assert referral.status == ReferralStatus.SENT
    assert referral.municipality == odense_citizen.municipality
    assert referral.referred_by == actor
    [entry] = entries(odense_citizen)
    assert entry.action == Action.UPDATE
    assert entry.actor == actor
    assert entry.purpose == "Henvisning til virksomhedskonsulent sendt"
    assert entry.details == {
        "referral": referral.pk,
        "fields": ["consultant", "reason", "details"],
    }


def test_a_consultant_may_not_refer(odense_consultant, odense_citizen, other_consultant):
    with pytest.raises(PermissionDenied):
        refer(odense_consultant, odense_citizen, other_consultant)


def test_another_municipalitys_citizen_may_not_be_referred(
    holbaek_caseworker, odense_citizen, holbaek_consultant
):
    with pytest.raises(PermissionDenied):
        refer(holbaek_caseworker, odense_citizen, holbaek_consultant)
    assert entries(odense_citizen) == []


def test_the_consultant_must_be_an_active_consultant_in_the_municipality(
    odense_caseworker, odense_citizen, odense_consultant, holbaek_consultant, odense_manager
):
    odense_consultant.is_active = False
    odense_consultant.save()
    for wrong in (None, odense_consultant, holbaek_consultant, odense_manager):
        with pytest.raises(ValidationError) as error:
            refer(odense_caseworker, odense_citizen, wrong)
        assert error.value.message_dict["consultant"] == [
            "Vælg en aktiv virksomhedskonsulent i din egen kommune."
        ]


def test_reason_and_details_are_required(odense_caseworker, odense_citizen, odense_consultant):
    with pytest.raises(ValidationError) as error:
        refer(odense_caseworker, odense_citizen, odense_consultant, reason="x", details="  ")
    assert error.value.message_dict["reason"] == ["Vælg årsagen til henvisningen."]
    assert "Beskriv borgerens kompetencer" in error.value.message_dict["details"][0]


def test_one_open_referral_at_a_time(
    odense_caseworker, odense_citizen, odense_consultant, referral
):
    with pytest.raises(ReferralOpen) as taken:
        refer(odense_caseworker, odense_citizen, odense_consultant)
    assert taken.value.existing == referral
    referral_return(actor=odense_consultant, referral=referral, note="Mangler CV")
    again = refer(odense_caseworker, odense_citizen, odense_consultant)
    assert again.status == ReferralStatus.SENT


def test_accepting_puts_the_citizen_on_the_consultants_caseload(
    odense_consultant, odense_citizen, referral
):
    version = odense_citizen.version
    referral = referral_accept(actor=odense_consultant, referral=referral, note=" Velkommen ")
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.responded_by == odense_consultant
    assert referral.responded_at is not None
    assert referral.response_note == "Velkommen"
    odense_citizen.refresh_from_db()
    assert odense_citizen.consultant == odense_consultant
    assert odense_citizen.version == version + 1
    accepted, assigned = entries(odense_citizen)
    assert accepted.purpose == "Henvisning til virksomhedskonsulent modtaget"
    assert accepted.details == {"referral": referral.pk, "fields": ["status", "response_note"]}
    assert assigned.action == Action.UPDATE
    assert assigned.details == {"referral": referral.pk, "fields": ["consultant"]}


def test_a_manager_may_accept_for_the_consultant(odense_manager, odense_consultant, referral):
    referral_accept(actor=odense_manager, referral=referral)
    referral.citizen.refresh_from_db()
    assert referral.citizen.consultant == odense_consultant
    assert referral.responded_by == odense_manager


def test_no_consultant_entry_when_the_citizen_had_that_consultant(odense_consultant, odense):
    citizen = CitizenFactory(municipality=odense, consultant=odense_consultant)
    referral = ReferralFactory(citizen=citizen, consultant=odense_consultant)
    referral_accept(actor=odense_consultant, referral=referral)
    assert [e.purpose for e in entries(citizen)] == ["Henvisning til virksomhedskonsulent modtaget"]


@pytest.mark.parametrize(
    "persona", ["other_consultant", "odense_caseworker", "odense_admin", "holbaek_caseworker"]
)
def test_only_the_addressee_or_a_manager_may_answer(request, persona, referral):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        referral_accept(actor=actor, referral=referral)
    with pytest.raises(PermissionDenied):
        referral_return(actor=actor, referral=referral, note="Nej")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert entries(referral.citizen) == []


def test_an_answered_referral_cannot_be_answered_again(odense_consultant, referral):
    referral_accept(actor=odense_consultant, referral=referral)
    with pytest.raises(ValidationError) as error:
        referral_return(actor=odense_consultant, referral=referral, note="Alligevel ikke")
    assert error.value.messages == ["Henvisningen er allerede besvaret."]
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_returning_needs_a_reason_and_leaves_the_caseload_alone(
    odense_consultant, odense_citizen, referral
):
    with pytest.raises(ValidationError) as error:
        referral_return(actor=odense_consultant, referral=referral, note="   ")
    assert "Skriv hvorfor" in error.value.message_dict["note"][0]
    referral = referral_return(actor=odense_consultant, referral=referral, note="Mangler CV")
    assert referral.status == ReferralStatus.RETURNED
    assert referral.response_note == "Mangler CV"
    odense_citizen.refresh_from_db()
    assert odense_citizen.consultant is None
    [entry] = entries(odense_citizen)
    assert entry.purpose == "Henvisning til virksomhedskonsulent sendt retur"


def test_an_editor_with_the_old_version_gets_a_conflict_not_an_overwrite(
    odense_caseworker, odense_consultant, odense_citizen, referral
):
    loaded = odense_citizen.version
    referral_accept(actor=odense_consultant, referral=referral)
    citizen = odense_citizen
    stale = CitizenData(
        first_name=citizen.first_name,
        last_name=citizen.last_name,
        country_of_origin=citizen.country_of_origin.code,
        category=citizen.category,
        takeover_date=citizen.takeover_date,
        preferred_language=citizen.preferred_language,
        interpreter_needed=citizen.interpreter_needed,
        caseworker=odense_caseworker,
        consultant=None,  # what the form showed before the referral was accepted
    )
    with pytest.raises(EditConflict):
        citizen_update(
            actor=odense_caseworker, citizen=citizen, data=stale, expected_version=loaded
        )
