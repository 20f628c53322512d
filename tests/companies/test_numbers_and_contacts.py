"""P-numbers, Danish phone numbers, and the company's contact persons and capacity."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fremdrift.companies.contact_services import (
    CapacityData,
    ContactData,
    capacity_create,
    capacity_update,
    contact_create,
    contact_update,
)
from fremdrift.companies.models import CompanyCapacity, ContactPerson
from fremdrift.companies.numbers import normalise_p_number, normalise_phone
from fremdrift.core.versioning import EditConflict
from tests.companies.factories import CapacityFactory, ContactPersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1012345678", "1012345678"), ("10 1234 5678", "1012345678"), ("", ""), ("  ", "")],
)
def test_p_numbers_are_ten_digits_spaces_removed(typed, stored):
    assert normalise_p_number(typed) == stored


@pytest.mark.parametrize("typed", ["101234567", "10123456789", "1012-345678", "P1012345678"])
def test_a_bad_p_number_names_the_field(typed):
    with pytest.raises(ValidationError, match="P-nummeret skal have 10 cifre"):
        normalise_p_number(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("61223344", "61 22 33 44"),
        ("61 22 33 44", "61 22 33 44"),
        ("+45 61 22 33 44", "+45 61 22 33 44"),
        ("+4561223344", "+45 61 22 33 44"),
        ("0045 6122-3344", "+45 61 22 33 44"),
        ("", ""),
    ],
)
def test_danish_phone_numbers(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["6122334", "612233445", "+46 61 22 33 44", "tlf 61223344"])
def test_a_bad_phone_number_names_the_field(typed):
    with pytest.raises(ValidationError, match="Telefonnummeret skal være et dansk nummer"):
        normalise_phone(typed)


def test_a_consultant_adds_a_contact_person(odense_consultant, odense_company):
    contact = contact_create(
        actor=odense_consultant,
        company=odense_company,
        data=ContactData(name=" Jette Skov ", title="Mentor", phone="61223344", email="j@f.dk"),
    )
    contact.refresh_from_db()
    assert (contact.name, contact.phone, contact.municipality_id, contact.active) == (
        "Jette Skov",
        "61 22 33 44",
        odense_company.municipality_id,
        True,
    )


def test_contact_errors_are_danish_and_keyed_by_field(odense_consultant, odense_company):
    with pytest.raises(ValidationError) as error:
        contact_create(
            actor=odense_consultant,
            company=odense_company,
            data=ContactData(name="", phone="123", email="jette@"),
        )
    errors = error.value.message_dict
    assert set(errors) == {"name", "phone", "email"}
    assert "E-mailadressen er ikke gyldig" in errors["email"][0]
    assert not ContactPerson.objects.exists()


def test_a_caseworker_may_not_edit_the_consultants_register(odense_caseworker, odense_company):
    with pytest.raises(PermissionDenied):
        contact_create(actor=odense_caseworker, company=odense_company, data=ContactData("A"))
    with pytest.raises(PermissionDenied):
        capacity_create(
            actor=odense_caseworker, company=odense_company, data=CapacityData("Lager", 2)
        )


def test_deactivating_and_the_version_check(odense_consultant, odense_manager, odense_company):
    contact = ContactPersonFactory(company=odense_company)
    contact_update(
        actor=odense_manager,
        contact=contact,
        data=ContactData(name="Jette Skov", active=False),
        expected_version=1,
    )
    contact.refresh_from_db()
    assert (contact.active, contact.version) == (False, 2)
    with pytest.raises(EditConflict):
        contact_update(
            actor=odense_consultant,
            contact=contact,
            data=ContactData(name="Jette S. Skov"),
            expected_version=1,
        )
    contact.refresh_from_db()
    assert contact.name == "Jette Skov"


def test_capacity_per_trade(odense_consultant, odense_company):
    line = capacity_create(
        actor=odense_consultant, company=odense_company, data=CapacityData("Lager", 3)
    )
    with pytest.raises(ValidationError) as error:
        capacity_create(
            actor=odense_consultant, company=odense_company, data=CapacityData("lager", 1)
        )
    assert "trade" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        capacity_create(
            actor=odense_consultant, company=odense_company, data=CapacityData("Køkken", -1)
        )
    assert "places" in error.value.message_dict
    capacity_update(
        actor=odense_consultant, capacity=line, data=CapacityData("Lager", 0), expected_version=1
    )
    assert CompanyCapacity.objects.get().places == 0


def test_capacity_edit_conflict(odense_consultant, odense_company):
    line = CapacityFactory(company=odense_company, trade="Rengøring", places=2, version=3)
    with pytest.raises(EditConflict):
        capacity_update(
            actor=odense_consultant,
            capacity=line,
            data=CapacityData("Rengøring", 5),
            expected_version=2,
        )
    line.refresh_from_db()
    assert line.places == 2
