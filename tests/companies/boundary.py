"""The boundary test's expectations for the company and referral pages (tests/test_boundary.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from fremdrift.journey.models import OfferType, Period
from fremdrift.journey.types import PeriodKind
from tests.companies.factories import (
    CapacityFactory,
    CompanyFactory,
    ContactPersonFactory,
    ReferralFactory,
    agreement_for,
)

COLLEAGUES = {"odense_caseworker", "odense_manager", "odense_consultant"}
CASE_KEEPERS = {"odense_caseworker", "odense_manager"}
# The referral below is addressed to odense_consultant; a manager may answer for them.
ANSWERERS = {"odense_consultant", "odense_manager"}
# The consultant's own register and placements (Permission.EDIT_PLACEMENT).
PLACEMENT_EDITORS = {"odense_consultant", "odense_manager"}
# The contact person's public page: a token, not a login, decides.
EVERYONE = {
    "odense_caseworker",
    "odense_manager",
    "odense_consultant",
    "odense_admin",
    "holbaek_caseworker",
    "facilitator",
    "operator",
}

OBJECT_URLS: dict[str, tuple[str, set[str], str, dict]] = {
    "companies:detail": ("get", COLLEAGUES, "odense_company_kwargs", {}),
    "companies:edit": ("get", COLLEAGUES, "odense_company_kwargs", {}),
    "companies:placement": ("get", COLLEAGUES, "odense_placement_kwargs", {}),
    "companies:placement_edit": ("get", PLACEMENT_EDITORS, "odense_placement_kwargs", {}),
    "companies:contact_new": ("get", PLACEMENT_EDITORS, "odense_company_kwargs", {}),
    "companies:contact_edit": ("get", PLACEMENT_EDITORS, "odense_contact_kwargs", {}),
    "companies:capacity_new": ("get", PLACEMENT_EDITORS, "odense_company_kwargs", {}),
    "companies:capacity_edit": ("get", PLACEMENT_EDITORS, "odense_capacity_kwargs", {}),
    "companies:follow_up_link": ("post", PLACEMENT_EDITORS, "odense_follow_up_kwargs", {}),
    "companies:follow_up_new": ("get", PLACEMENT_EDITORS, "odense_follow_up_kwargs", {}),
    # Public behind its token (no login): the token is the boundary, whoever is logged in.
    # tests/companies/test_follow_up_link.py tries altered, expired, used and other tokens.
    "follow_up:form": ("get", EVERYONE, "odense_follow_up_token_kwargs", {}),
    "companies:agreement_new": ("get", PLACEMENT_EDITORS, "odense_placement_kwargs", {}),
    "companies:agreement": ("get", COLLEAGUES, "odense_agreement_kwargs", {}),
    "companies:agreement_edit": ("get", PLACEMENT_EDITORS, "odense_agreement_kwargs", {}),
    "companies:agreement_sign": ("get", PLACEMENT_EDITORS, "odense_agreement_kwargs", {}),
    "companies:agreement_version": (
        "post",
        PLACEMENT_EDITORS,
        "odense_signed_agreement_kwargs",
        {},
    ),
    "companies:agreement_pdf": ("get", COLLEAGUES, "odense_agreement_kwargs", {}),
    "companies:refer": ("get", CASE_KEEPERS, "odense_refer_kwargs", {}),
    "companies:referral": ("get", COLLEAGUES, "odense_referral_kwargs", {}),
    "companies:accept": ("post", ANSWERERS, "odense_referral_kwargs", {"note": ""}),
    "companies:return": ("post", ANSWERERS, "odense_referral_kwargs", {"note": "Mangler CV"}),
}
FIXTURES = (
    "odense_company_kwargs",
    "odense_refer_kwargs",
    "odense_referral_kwargs",
    "odense_placement_kwargs",
    "odense_contact_kwargs",
    "odense_capacity_kwargs",
    "odense_follow_up_kwargs",
    "odense_follow_up_token_kwargs",
    "odense_agreement_kwargs",
    "odense_signed_agreement_kwargs",
)


@pytest.fixture
def odense_company_kwargs(odense) -> dict:
    return {"pk": CompanyFactory(municipality=odense).pk}


@pytest.fixture
def odense_refer_kwargs(odense_citizen) -> dict:
    return {"citizen_pk": odense_citizen.pk}


@pytest.fixture
def odense_referral_kwargs(odense_citizen, odense_caseworker, odense_consultant) -> dict:
    referral = ReferralFactory(
        citizen=odense_citizen, referred_by=odense_caseworker, consultant=odense_consultant
    )
    return {"pk": referral.pk}


def placement_period(company, citizen, *, start=dt.date(2026, 5, 1), end=None) -> Period:
    """An offer at `company`: a placement, as the consultant registers it."""
    offer = OfferType.objects.get(code="virksomhedspraktik")
    return Period.objects.create(
        municipality=citizen.municipality,
        citizen=citizen,
        kind=PeriodKind.OFFER,
        offer_type=offer,
        company=company,
        start=start,
        end=end,
        hours_per_week=15,
    )


@pytest.fixture
def odense_placement_kwargs(odense, odense_citizen) -> dict:
    company = CompanyFactory(municipality=odense)
    return {"pk": placement_period(company, odense_citizen).pk}


@pytest.fixture
def odense_contact_kwargs(odense) -> dict:
    return {"pk": ContactPersonFactory(company=CompanyFactory(municipality=odense)).pk}


@pytest.fixture
def odense_capacity_kwargs(odense) -> dict:
    return {"pk": CapacityFactory(company=CompanyFactory(municipality=odense)).pk}


@pytest.fixture
def odense_follow_up_kwargs(odense_citizen, odense_consultant) -> dict:
    from tests.companies.follow_up_helpers import placement_with_contact

    return {"pk": placement_with_contact(odense_citizen, odense_consultant).pk}


@pytest.fixture
def odense_follow_up_token_kwargs(odense_citizen, odense_consultant) -> dict:
    from tests.companies.follow_up_helpers import new_link, placement_with_contact

    _link, token = new_link(
        placement_with_contact(odense_citizen, odense_consultant), odense_consultant
    )
    return {"token": token}


@pytest.fixture
def odense_agreement_kwargs(odense, odense_citizen, odense_consultant) -> dict:
    """A draft work agreement on an Odense placement."""
    period = placement_period(CompanyFactory(municipality=odense), odense_citizen)
    return {"pk": agreement_for(period, odense_consultant).pk}


@pytest.fixture
def odense_signed_agreement_kwargs(odense, odense_citizen, odense_consultant) -> dict:
    """A signed work agreement: the one a new version can be made of."""
    period = placement_period(CompanyFactory(municipality=odense), odense_citizen)
    return {"pk": agreement_for(period, odense_consultant, signed=True).pk}
