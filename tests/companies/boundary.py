"""The boundary test's expectations for the company and referral pages (tests/test_boundary.py)."""

from __future__ import annotations

import pytest

from tests.companies.factories import CompanyFactory, ReferralFactory

COLLEAGUES = {"odense_caseworker", "odense_manager", "odense_consultant"}
CASE_KEEPERS = {"odense_caseworker", "odense_manager"}
# The referral below is addressed to odense_consultant; a manager may answer for them.
ANSWERERS = {"odense_consultant", "odense_manager"}

OBJECT_URLS: dict[str, tuple[str, set[str], str, dict]] = {
    "companies:detail": ("get", COLLEAGUES, "odense_company_kwargs", {}),
    "companies:edit": ("get", COLLEAGUES, "odense_company_kwargs", {}),
    "companies:refer": ("get", CASE_KEEPERS, "odense_refer_kwargs", {}),
    "companies:referral": ("get", COLLEAGUES, "odense_referral_kwargs", {}),
    "companies:accept": ("post", ANSWERERS, "odense_referral_kwargs", {"note": ""}),
    "companies:return": ("post", ANSWERERS, "odense_referral_kwargs", {"note": "Mangler CV"}),
}
FIXTURES = ("odense_company_kwargs", "odense_refer_kwargs", "odense_referral_kwargs")


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
