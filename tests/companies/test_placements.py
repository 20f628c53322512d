"""The placement: its page, its edit form, its audit, the boundary and the consultant's filter."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.companies.models import Placement
from fremdrift.companies.placement_services import (
    NotAPlacement,
    PlacementData,
    placement_save,
)
from fremdrift.core.versioning import EditConflict
from fremdrift.journey.models import Period
from fremdrift.journey.types import Outcome, PeriodKind
from tests.companies.boundary import placement_period
from tests.companies.factories import CompanyFactory, ContactPersonFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(odense_company, odense_citizen):
    return placement_period(odense_company, odense_citizen)


def page(period):
    return reverse("companies:placement", kwargs={"pk": period.pk})


def test_saving_creates_the_placement_and_audits_it(odense_consultant, odense_company, period):
    contact = ContactPersonFactory(company=odense_company)
    placement = placement_save(
        actor=odense_consultant,
        period=period,
        data=PlacementData(contact_person=contact, consultant=odense_consultant, tasks="Pakke"),
        expected_version=1,
    )
    placement.refresh_from_db()
    assert (placement.contact_person, placement.tasks, placement.version) == (contact, "Pakke", 2)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.citizen_id) == (Action.UPDATE, period.citizen_id)
    assert entry.details["period"] == period.pk


def test_two_saves_from_the_same_page_conflict(odense_consultant, odense_manager, period):
    placement_save(
        actor=odense_manager, period=period, data=PlacementData(tasks="A"), expected_version=1
    )
    with pytest.raises(EditConflict):
        placement_save(
            actor=odense_consultant,
            period=period,
            data=PlacementData(tasks="B"),
            expected_version=1,
        )
    assert Placement.objects.get().tasks == "A"


def test_a_contact_of_another_company_is_refused(odense_consultant, odense, period):
    stranger = ContactPersonFactory(company=CompanyFactory(municipality=odense))
    with pytest.raises(ValidationError) as error:
        placement_save(
            actor=odense_consultant,
            period=period,
            data=PlacementData(contact_person=stranger),
            expected_version=1,
        )
    assert "contact_person" in error.value.message_dict
    assert not Placement.objects.exists()


def test_a_caseworker_reads_but_does_not_edit(odense_caseworker, period):
    with pytest.raises(PermissionDenied):
        placement_save(
            actor=odense_caseworker, period=period, data=PlacementData(), expected_version=1
        )
    assert login(odense_caseworker).get(page(period)).status_code == 200


def test_a_period_without_a_company_is_no_placement(odense_consultant, period):
    Period.objects.filter(pk=period.pk).update(company=None)
    period.refresh_from_db()
    with pytest.raises(NotAPlacement):
        placement_save(
            actor=odense_consultant, period=period, data=PlacementData(), expected_version=1
        )
    assert login(odense_consultant).get(page(period)).status_code == 404


def test_the_page_shows_the_placement_and_records_the_read(
    odense_consultant, odense_company, period
):
    Period.objects.filter(pk=period.pk).update()
    odense_company.p_number = "1012345678"
    odense_company.save()
    contact = ContactPersonFactory(company=odense_company, name="Jette Skov")
    Placement.objects.create(
        municipality=period.municipality, period=period, contact_person=contact, tasks="Pluk"
    )
    body = login(odense_consultant).get(page(period)).content.decode()
    assert "1012345678" in body and "Jette Skov" in body and "61 22 33 44" in body
    assert "Pluk" in body
    assert "Ingen opfølgninger endnu." in body
    assert "Forløbet er i gang" in body
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.citizen_id, entry.details) == (
        Action.VIEW,
        period.citizen_id,
        {"period": period.pk},
    )


def test_an_ended_placement_shows_what_came_next(odense_consultant, period):
    Period.objects.filter(pk=period.pk).update(end=dt.date(2026, 7, 31))
    Period.objects.create(
        municipality=period.municipality,
        citizen=period.citizen,
        kind=PeriodKind.OUTCOME,
        code=Outcome.ORDINARY_JOB,
        start=dt.date(2026, 8, 1),
    )
    body = login(odense_consultant).get(page(period)).content.decode()
    assert str(Outcome.ORDINARY_JOB.label) in body


def test_holbaek_gets_404_and_nothing_is_recorded(holbaek_caseworker, period):
    client = login(holbaek_caseworker)
    assert client.get(page(period)).status_code == 404
    edit = reverse("companies:placement_edit", kwargs={"pk": period.pk})
    assert client.post(edit, {"tasks": "x", "version": 1}).status_code == 404
    assert not AuditEntry.objects.exists() and not Placement.objects.exists()


def test_the_edit_form_saves_and_the_second_editor_gets_the_conflict(
    odense_consultant, odense_manager, odense_company, period
):
    contact = ContactPersonFactory(company=odense_company)
    url = reverse("companies:placement_edit", kwargs={"pk": period.pk})
    first, second = login(odense_consultant), login(odense_manager)
    assert 'name="version" value="1"' in first.get(url).content.decode()
    saved = first.post(url, {"contact_person": contact.pk, "tasks": "Lager", "version": 1})
    assert saved.status_code == 302
    conflict = second.post(url, {"tasks": "Køkken", "version": 1})
    body = conflict.content.decode()
    assert conflict.status_code == 200 and 'id="conflict"' in body
    assert 'name="version" value="2"' in body
    assert Placement.objects.get().tasks == "Lager"


def test_the_citizen_page_links_to_the_placement(odense_consultant, odense_citizen, period):
    body = login(odense_consultant).get(
        reverse("citizens:detail", kwargs={"pk": odense_citizen.pk})
    )
    assert page(period) in body.content.decode()


def test_consultants_filter_the_citizens_of_their_own_companies(
    odense_consultant, odense, odense_citizen, period
):
    from tests.factories import CitizenFactory

    odense_company = period.company
    odense_company.consultant = odense_consultant
    odense_company.save()
    elsewhere = CitizenFactory(municipality=odense, first_name="Omar", last_name="Nuri")
    placement_period(CompanyFactory(municipality=odense), elsewhere)
    ended = CitizenFactory(municipality=odense, first_name="Lina", last_name="Haddad")
    placement_period(odense_company, ended, start=dt.date(2026, 1, 1), end=dt.date(2026, 2, 1))
    client = login(odense_consultant)
    body = client.get(reverse("citizens:list"), {"mine": "on"}).content.decode()
    assert "Al-Hassan" in body and "Nuri" not in body and "Haddad" not in body
    entry = AuditEntry.objects.filter(action=Action.LIST).get()
    assert entry.details["shown"] == [odense_citizen.pk]
    assert "Nuri" in client.get(reverse("citizens:list")).content.decode()


def test_only_consultants_get_the_filter(odense_caseworker, odense_consultant):
    assert (
        'name="mine"' not in login(odense_caseworker).get(reverse("citizens:list")).content.decode()
    )
    assert 'name="mine"' in login(odense_consultant).get(reverse("citizens:list")).content.decode()
