"""Offer and benefit types per municipality: own benefit types, retiring a type for one
municipality, the change log, and the integration-benefit flag in the key figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fremdrift.accounts.roles import Role
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.core import clock
from fremdrift.journey import services
from fremdrift.journey.benefit_types import create_benefit_type, update_benefit_type
from fremdrift.journey.forms import BenefitForm, OfferForm
from fremdrift.journey.models import BenefitType, OfferType, Period
from fremdrift.journey.retired_types import reactivate_type, retire_type, retired_on
from fremdrift.journey.selectors_types import readable, type_change_log
from fremdrift.journey.types import PeriodKind
from fremdrift.results.models import FigureValue
from fremdrift.results.refresh import rebuild
from tests.caseimport.test_importer import citizen_row, period_row, programme, rejected
from tests.conftest import login
from tests.factories import CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def holbaek_admin(holbaek):
    return UserFactory(municipality=holbaek, role=Role.ADMINISTRATOR)


@pytest.fixture
def practice():
    return OfferType.objects.get(code="kursus")


def _offer(actor, citizen, offer_type, start):
    return services.period_start(
        actor=actor, citizen=citizen, kind=PeriodKind.OFFER, start=start, offer_type=offer_type
    )


def test_a_product_type_retired_in_one_municipality_only(
    odense_admin, odense_caseworker, odense_citizen, holbaek_caseworker, practice
):
    today = clock.today()
    Period.objects.create(
        municipality=odense_citizen.municipality,
        citizen=odense_citizen,
        kind="programme",
        code="programme",
        start=today - dt.timedelta(days=365),
    )
    retire_type(odense_admin, practice, on=today)
    assert retired_on(odense_admin.municipality_id, practice) == today
    assert practice not in OfferForm(user=odense_caseworker).fields["offer_type"].queryset
    assert practice in OfferForm(user=holbaek_caseworker).fields["offer_type"].queryset
    with pytest.raises(ValidationError) as refused:
        _offer(odense_caseworker, odense_citizen, practice, today)
    assert "er udgået i kommunen" in str(refused.value.message_dict["offer_type"])
    # A period before the retirement keeps the type (history entered late, too).
    earlier = _offer(odense_caseworker, odense_citizen, practice, today - dt.timedelta(days=30))
    assert earlier.offer_type == practice
    entry = AuditEntry.objects.get(action=Action.SETTINGS, purpose="Type udgået")
    assert entry.details == {
        "offer_type": "kursus",
        "name": practice.name,
        "retired_on": today.isoformat(),
    }


def test_a_retired_type_is_reactivated_and_both_are_logged(
    odense_admin, odense_caseworker, practice
):
    retire_type(odense_admin, practice)
    with pytest.raises(ValidationError):
        retire_type(odense_admin, practice)
    reactivate_type(odense_admin, practice)
    assert practice in OfferForm(user=odense_caseworker).fields["offer_type"].queryset
    with pytest.raises(ValidationError):
        reactivate_type(odense_admin, practice)
    log = type_change_log(odense_admin)
    assert [c.what for c in log] == ["Type genaktiveret", "Type udgået"]
    assert log[0].who == odense_admin.username
    assert ("Navn", practice.name) in log[0].details


def test_a_retirement_from_a_later_day_leaves_the_type_in_use_until_then(
    odense_admin, odense_caseworker, odense_citizen, practice
):
    later = clock.today() + dt.timedelta(days=10)
    retire_type(odense_admin, practice, on=later)
    assert practice in OfferForm(user=odense_caseworker).fields["offer_type"].queryset
    with pytest.raises(ValidationError):
        _offer(odense_caseworker, odense_citizen, practice, later)


def test_another_municipalitys_own_type_cannot_be_retired_or_used(
    odense_admin, holbaek_admin, holbaek_caseworker, holbaek_citizen
):
    own = create_benefit_type(odense_admin, {"name": "Særlig ydelse", "integration_benefit": False})
    with pytest.raises(ValidationError):
        retire_type(holbaek_admin, own)
    with pytest.raises(PermissionDenied):
        update_benefit_type(
            holbaek_admin, own, {"name": "X", "integration_benefit": True}, expected_version=1
        )
    assert own not in BenefitForm(user=holbaek_caseworker).fields["benefit_type"].queryset
    with pytest.raises(ValidationError) as refused:
        services.benefit_change(
            actor=holbaek_caseworker, citizen=holbaek_citizen, benefit_type=own, on=clock.today()
        )
    assert "benefit_type" in refused.value.message_dict


def test_benefit_types_are_added_renamed_and_audited_with_before_and_after(odense_admin):
    own = create_benefit_type(odense_admin, {"name": "Særydelse", "integration_benefit": False})
    assert own.municipality_id == odense_admin.municipality_id and own.code.endswith("_461")
    update_benefit_type(
        odense_admin, own, {"name": "Særydelse", "integration_benefit": True}, expected_version=1
    )
    entry = AuditEntry.objects.filter(action=Action.SETTINGS).latest("seq")
    assert entry.purpose == "Ydelsestype ændret"
    assert entry.details["before"] == {"integration_benefit": False}
    assert entry.details["after"] == {"integration_benefit": True}
    product = BenefitType.objects.get(code="integrationsydelse")
    with pytest.raises(PermissionDenied):
        update_benefit_type(
            odense_admin, product, {"name": "X", "integration_benefit": False}, expected_version=1
        )


def test_an_own_integration_benefit_counts_in_m2_from_the_next_full_rebuild(
    odense, odense_admin, odense_caseworker
):
    """The flag is read by the figures' SQL at a rebuild (results/compute.py): after the
    change and before the rebuild the table is as it was; after it, M2 counts the citizen."""
    own = create_benefit_type(odense_admin, {"name": "Særydelse", "integration_benefit": False})
    citizen = CitizenFactory(municipality=odense, caseworker=odense_caseworker)
    start = clock.today().replace(day=1) - dt.timedelta(days=90)
    for kind, extra in (
        ("programme", {"code": "programme"}),
        ("benefit", {"benefit_type": own}),
        ("visitation", {"code": "job_ready"}),
    ):
        Period.objects.create(municipality=odense, citizen=citizen, kind=kind, start=start, **extra)
    rebuild()

    def m2() -> list[tuple[float, float]]:
        rows = FigureValue.objects.filter(
            source="own", municipality=odense, figure="M2", dim="", value_key=""
        )
        return list(rows.values_list("numerator", "denominator"))

    assert m2() == []
    update_benefit_type(
        odense_admin, own, {"name": "Særydelse", "integration_benefit": True}, expected_version=1
    )
    assert m2() == []  # not before the rebuild
    rebuild()
    assert m2() and all(row == (1, 1) for row in m2())


def test_the_case_import_takes_own_types_and_refuses_a_retired_one(odense_admin, holbaek_admin):
    own = create_benefit_type(odense_admin, {"name": "Særydelse", "integration_benefit": True})
    rotation = OfferType.objects.create(
        municipality=odense_admin.municipality,
        code="jobrotation_461",
        name="Jobrotation",
        category="wage_subsidy",
    )
    retire_type(odense_admin, rotation, on=dt.date(2026, 3, 1))
    errors = rejected(
        odense_admin,
        [citizen_row("B1")],
        [
            programme("P1", "B1"),
            period_row("P2", "B1", "benefit", own.code),
            period_row("P3", "B1", "offer", "jobrotation_461", "2026-02-01", slut="2026-02-27"),
            period_row("P4", "B1", "offer", "jobrotation_461", "2026-03-02"),
        ],
    )
    assert errors == [
        "perioder.csv, række 5, kolonne 'type': Typen 'jobrotation_461' er udgået i kommunen "
        "fra 01.03.2026."
    ]
    elsewhere = rejected(
        holbaek_admin,
        [citizen_row("B1")],
        [programme("P1", "B1"), period_row("P2", "B1", "benefit", own.code)],
    )
    assert own.code in elsewhere[0] and "er ikke en type" in elsewhere[0]


def test_the_page_shows_retirement_benefit_types_and_the_change_log(odense_admin, practice):
    client = login(odense_admin)
    url = reverse("journey:type_retirement", kwargs={"kind": "offer", "pk": practice.pk})
    assert client.post(url, {"action": "retire", "retired_on": "nej"}).status_code == 302
    assert retired_on(odense_admin.municipality_id, practice) is None  # bad date: nothing
    assert client.post(url, {"action": "retire", "retired_on": "2026-12-01"}).status_code == 302
    response = client.post(
        reverse("journey:benefit_type_new"),
        {"name": "Særydelse", "integration_benefit": "on"},
    )
    assert response.status_code == 302
    page = client.get(reverse("journey:offer_types")).content.decode()
    assert "Udgået fra 01.12.2026" in page
    assert "Særydelse" in page and "Ydelsestype oprettet" in page and "Type udgået" in page
    form = client.get(reverse("journey:benefit_type_new")).content.decode()
    assert "M2" in form and "M3" in form and "næste fulde genberegning" in form


def test_the_change_log_names_fields_and_values_in_danish():
    assert readable(
        {
            "offer_type": "jobrotation_461",
            "category": "guidance",
            "retired_on": "2026-12-31",
            "before": {"company_oriented": True, "max_weeks": None},
            "after": {"company_oriented": False, "max_weeks": 26},
        }
    ) == [
        ("Kode", "jobrotation_461"),
        ("Gruppe", "Vejledning og opkvalificering"),
        ("Udgår fra", "31.12.2026"),
        ("Virksomhedsrettet", "Ja → Nej"),
        ("Højst (uger)", "– → 26"),
    ]


def test_a_new_type_gets_a_code_with_the_danish_letters_spelt_out(odense_admin):
    own = create_benefit_type(
        odense_admin, {"name": "Særlig hjælp, ø", "integration_benefit": False}
    )
    assert own.code == "saerlig_hjaelp_oe_461"
