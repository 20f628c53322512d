"""Boundary entries for the journey's URLs (collected by tests/test_boundary.py)."""

import datetime as dt

import pytest

from fremdrift.journey import services
from fremdrift.journey.models import BenefitType, OfferType
from fremdrift.journey.types import PeriodKind

EDITORS = {"odense_caseworker", "odense_manager", "odense_consultant"}
OBJECT_URLS = {
    "journey:period_new": ("get", EDITORS, "odense_period_new_kwargs", {}),
    "journey:contract_new": ("get", EDITORS, "odense_journey_citizen_kwargs", {}),
    # The move page shows the citizen and her column; the POST is tried in test_moves.py.
    "journey:board_move": ("get", EDITORS, "odense_journey_citizen_kwargs", {}),
    "journey:period_end": ("get", EDITORS, "odense_programme_kwargs", {}),
    "journey:programme_extend": ("get", EDITORS, "odense_programme_kwargs", {}),
    # A municipality's own offer type: its administrator's alone.
    "journey:offer_type_edit": ("get", {"odense_admin"}, "odense_offer_type_kwargs", {}),
    # Retiring a type for the municipality: an own type is its administrator's alone (a
    # product type any administrator retires at home only, so it is no boundary object).
    "journey:type_retirement": (
        "post",
        {"odense_admin"},
        "odense_type_retirement_kwargs",
        {"action": "retire", "retired_on": "2026-12-01"},
    ),
    "journey:benefit_type_edit": ("get", {"odense_admin"}, "odense_benefit_type_kwargs", {}),
}


@pytest.fixture
def odense_offer_type_kwargs(odense):
    offer_type = OfferType.objects.create(
        municipality=odense, code="jobrotation_odense", name="Jobrotation", category="wage_subsidy"
    )
    return {"pk": offer_type.pk}


@pytest.fixture
def odense_type_retirement_kwargs(odense_offer_type_kwargs):
    return {"kind": "offer", **odense_offer_type_kwargs}


@pytest.fixture
def odense_benefit_type_kwargs(odense):
    own = BenefitType.objects.create(municipality=odense, code="saerydelse_461", name="Særydelse")
    return {"pk": own.pk}


@pytest.fixture
def odense_journey_citizen_kwargs(odense_citizen, odense_programme_kwargs):
    return {"citizen_pk": odense_citizen.pk}


@pytest.fixture
def odense_period_new_kwargs(odense_citizen):
    return {"citizen_pk": odense_citizen.pk, "kind": "offer"}


@pytest.fixture
def odense_programme_kwargs(odense_citizen, odense_caseworker):
    programme = services.period_start(
        actor=odense_caseworker,
        citizen=odense_citizen,
        kind=PeriodKind.PROGRAMME,
        start=odense_citizen.takeover_date,
        planned_end=dt.date(2027, 2, 28),
    )
    return {"pk": programme.pk}


FIXTURES = (
    "odense_journey_citizen_kwargs",
    "odense_period_new_kwargs",
    "odense_programme_kwargs",
    "odense_offer_type_kwargs",
    "odense_type_retirement_kwargs",
    "odense_benefit_type_kwargs",
)
