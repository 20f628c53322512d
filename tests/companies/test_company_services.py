import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fremdrift.audit.models import AuditEntry
from fremdrift.companies.models import Company
from fremdrift.companies.services import CompanyData, CvrTaken, company_create, company_update
from fremdrift.core.versioning import EditConflict
from tests.companies.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def data(**overrides) -> CompanyData:
    values = dict(
        cvr="2900 0018",
        name="Kantinen ved Havnen",
        industry="Kantine og restaurant",
        address="Havnegade 12, Odense",
        p_number="1012 345 678",
    )
    values.update(overrides)
    return CompanyData(**values)


@pytest.mark.parametrize("persona", ["odense_caseworker", "odense_consultant", "odense_manager"])
def test_colleagues_create_companies_in_their_municipality(request, persona):
    actor = request.getfixturevalue(persona)
    company = company_create(actor=actor, data=data())
    company.refresh_from_db()
    assert company.municipality == actor.municipality
    assert company.cvr == "29000018"  # stored as eight digits
    assert company.name == "Kantinen ved Havnen"


@pytest.mark.parametrize("persona", ["odense_admin", "facilitator"])
def test_roles_without_citizen_access_may_not(request, persona):
    with pytest.raises(PermissionDenied):
        company_create(actor=request.getfixturevalue(persona), data=data())
    assert not Company.objects.exists()


def test_a_bad_cvr_is_a_danish_error_on_the_field(odense_caseworker):
    with pytest.raises(ValidationError) as error:
        company_create(actor=odense_caseworker, data=data(cvr="29000019", name=" "))
    assert "kontrolcifferet passer ikke" in error.value.message_dict["cvr"][0]
    assert error.value.message_dict["name"] == ["Skriv virksomhedens navn."]


@pytest.mark.parametrize("p_number", ["101234567", "10123456789", "10123456a8", "-"])
def test_a_bad_p_number_is_a_danish_error_naming_the_field(odense_caseworker, p_number):
    with pytest.raises(ValidationError) as error:
        company_create(actor=odense_caseworker, data=data(p_number=p_number))
    assert "P-nummeret skal have 10 cifre" in error.value.message_dict["p_number"][0]
    assert not Company.objects.exists()


def test_the_p_number_is_stored_as_ten_digits_and_may_be_empty(odense_caseworker):
    company = company_create(actor=odense_caseworker, data=data())
    assert company.p_number == "1012345678"
    other = company_create(actor=odense_caseworker, data=data(cvr="12345674", p_number=""))
    assert other.p_number == ""


def test_a_consultant_who_creates_a_company_becomes_its_consultant(
    odense_consultant, odense_caseworker
):
    company = company_create(actor=odense_consultant, data=data())
    assert company.consultant == odense_consultant
    by_caseworker = company_create(actor=odense_caseworker, data=data(cvr="12345674"))
    assert by_caseworker.consultant is None


def test_the_consultant_must_be_a_consultant_of_the_municipality(
    odense_caseworker, holbaek_consultant
):
    with pytest.raises(ValidationError) as error:
        company_create(actor=odense_caseworker, data=data(consultant=holbaek_consultant))
    assert "consultant" in error.value.message_dict
    with pytest.raises(ValidationError):
        company_create(actor=odense_caseworker, data=data(consultant=odense_caseworker))


def test_a_cvr_registered_in_the_municipality_points_to_the_company(
    odense_caseworker, odense_company
):
    with pytest.raises(CvrTaken) as taken:
        company_create(actor=odense_caseworker, data=data(cvr=odense_company.cvr))
    assert taken.value.existing.pk == odense_company.pk


def test_another_municipality_keeps_its_own_record(holbaek_caseworker, odense_company):
    company = company_create(actor=holbaek_caseworker, data=data(cvr=odense_company.cvr))
    assert company.municipality == holbaek_caseworker.municipality


def test_update_saves_changes_and_refuses_a_colleagues_cvr(odense_consultant, odense_company):
    other = CompanyFactory(municipality=odense_company.municipality)
    company_update(
        actor=odense_consultant,
        company=odense_company,
        data=data(cvr=odense_company.cvr, name="Fynsk Lager A/S"),
        expected_version=1,
    )
    odense_company.refresh_from_db()
    assert odense_company.name == "Fynsk Lager A/S"
    with pytest.raises(CvrTaken) as taken:
        company_update(
            actor=odense_consultant,
            company=odense_company,
            data=data(cvr=other.cvr),
            expected_version=2,
        )
    assert taken.value.existing == other


def test_a_second_save_from_the_same_version_is_a_conflict(
    odense_consultant, odense_manager, odense_company
):
    company_update(
        actor=odense_consultant,
        company=odense_company,
        data=data(cvr=odense_company.cvr, name="Fynsk Lager A/S"),
        expected_version=1,
    )
    stale = Company.objects.get(pk=odense_company.pk)
    with pytest.raises(EditConflict) as conflict:
        company_update(
            actor=odense_manager,
            company=stale,
            data=data(cvr=odense_company.cvr, name="Fynsk Transport"),
            expected_version=1,
        )
    assert (conflict.value.version, conflict.value.current.name) == (2, "Fynsk Lager A/S")
    assert Company.objects.get(pk=odense_company.pk).name == "Fynsk Lager A/S"


def test_update_of_another_municipalitys_company_is_refused(holbaek_caseworker, odense_company):
    with pytest.raises(PermissionDenied):
        company_update(
            actor=holbaek_caseworker, company=odense_company, data=data(), expected_version=1
        )


def test_company_writes_are_logged_without_the_contact_person(odense_caseworker, caplog):
    caplog.set_level(logging.INFO, logger="fremdrift.companies.services")
    company = company_create(actor=odense_caseworker, data=data())
    company_update(
        actor=odense_caseworker, company=company, data=data(name="Kantinen"), expected_version=1
    )
    text = caplog.text
    assert f"company {company.pk} created" in text
    assert f"company {company.pk} updated (name)" in text
    assert "Jette" not in text
    # No citizen is concerned, so the per-citizen audit log has nothing to record.
    assert not AuditEntry.objects.exists()
