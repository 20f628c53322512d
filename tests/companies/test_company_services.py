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
        contact_name="Jette Skov",
        contact_phone="61 22 33 44",
        contact_email="jette@kantinen.example",
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


def test_a_bad_email_is_refused(odense_caseworker):
    with pytest.raises(ValidationError) as error:
        company_create(actor=odense_caseworker, data=data(contact_email="jette@"))
    assert "e-mailadresse" in error.value.message_dict["contact_email"][0]


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
