"""A municipality's own offer types: added by its administrator, used only at home."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fremdrift.accounts.roles import Role
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.journey import services
from fremdrift.journey.forms import OfferForm
from fremdrift.journey.models import OfferType
from fremdrift.journey.offer_types import create_offer_type, offer_types_for, update_offer_type
from fremdrift.journey.types import PeriodKind
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROTATION = {
    "name": "Jobrotation",
    "category": "wage_subsidy",
    "company_oriented": True,
    "needs_company": True,
    "max_weeks": 26,
}


def test_the_administrator_adds_a_type_through_the_page(odense_admin):
    client = login(odense_admin)
    response = client.post(
        reverse("journey:offer_type_new"),
        {**ROTATION, "company_oriented": "on", "needs_company": "on"},
    )
    assert response.status_code == 302
    rotation = OfferType.objects.get(name="Jobrotation")
    assert rotation.municipality == odense_admin.municipality
    assert rotation.code.startswith("jobrotation_") and rotation.needs_company
    page = client.get(reverse("journey:offer_types")).content.decode()
    assert "Jobrotation" in page and rotation.code in page
    entry = AuditEntry.objects.get(action=Action.SETTINGS, actor=odense_admin)
    assert entry.details["offer_type"] == rotation.code
    assert entry.details["company_oriented"] is True


def test_a_change_to_company_oriented_is_audited_with_before_and_after(odense_admin):
    rotation = create_offer_type(odense_admin, ROTATION)
    update_offer_type(
        odense_admin, rotation, {**ROTATION, "company_oriented": False, "needs_company": False}
    )
    entry = AuditEntry.objects.filter(action=Action.SETTINGS).latest("seq")
    assert entry.purpose == "Tilbudstype ændret"
    assert entry.details["before"] == {"company_oriented": True, "needs_company": True}
    assert entry.details["after"] == {"company_oriented": False, "needs_company": False}


def test_form_errors_name_the_field(odense_admin):
    response = login(odense_admin).post(
        reverse("journey:offer_type_new"),
        {
            "name": "Virksomhedspraktik",
            "category": "placement",
            "needs_company": "on",
            "max_weeks": "0",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Der findes allerede en tilbudstype med det navn" in html
    assert 'id="id_company_oriented_error"' in html
    assert 'id="id_max_weeks_error"' in html
    assert not OfferType.objects.filter(municipality__isnull=False).exists()


def test_another_municipalitys_type_is_neither_listed_nor_usable(
    odense_admin, holbaek, holbaek_caseworker, odense_caseworker
):
    rotation = create_offer_type(odense_admin, ROTATION)
    assert rotation in offer_types_for(odense_admin.municipality_id)
    assert rotation not in offer_types_for(holbaek.pk)
    holbaek_form = OfferForm(user=holbaek_caseworker)
    assert rotation not in holbaek_form.fields["offer_type"].queryset
    assert rotation in OfferForm(user=odense_caseworker).fields["offer_type"].queryset
    holbaek_admin = UserFactory(municipality=holbaek, role=Role.ADMINISTRATOR)
    edit = reverse("journey:offer_type_edit", kwargs={"pk": rotation.pk})
    assert login(holbaek_admin).get(edit).status_code == 404


def test_the_service_refuses_another_municipalitys_type(odense_admin, holbaek_caseworker):
    from tests.factories import CitizenFactory

    rotation = create_offer_type(odense_admin, ROTATION)
    citizen = CitizenFactory(municipality=holbaek_caseworker.municipality)
    with pytest.raises(ValidationError) as refused:
        services.period_start(
            actor=holbaek_caseworker,
            citizen=citizen,
            kind=PeriodKind.OFFER,
            start=citizen.takeover_date,
            offer_type=rotation,
        )
    assert "offer_type" in refused.value.message_dict


def test_only_an_administrator_may_add(odense_caseworker):
    with pytest.raises(PermissionDenied):
        create_offer_type(odense_caseworker, ROTATION)
    assert login(odense_caseworker).get(reverse("journey:offer_types")).status_code == 404


def test_the_products_types_cannot_be_edited_by_a_municipality(odense_admin):
    practice = OfferType.objects.get(code="virksomhedspraktik")
    edit = reverse("journey:offer_type_edit", kwargs={"pk": practice.pk})
    assert login(odense_admin).get(edit).status_code == 404
