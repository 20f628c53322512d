from __future__ import annotations

import pytest

from fremdrift.accounts.roles import Role
from tests.companies.factories import CompanyFactory, ReferralFactory
from tests.factories import UserFactory


@pytest.fixture
def odense_company(odense):
    return CompanyFactory(municipality=odense, cvr="12345674", name="Fynsk Lager & Logistik ApS")


@pytest.fixture
def other_consultant(odense):
    """A second consultant in Odense, to whom nothing in the tests is addressed."""
    return UserFactory(
        username="odense-konsulent2",
        first_name="Bo",
        last_name="Kjeldsen",
        role=Role.CONSULTANT,
        municipality=odense,
    )


@pytest.fixture
def holbaek_consultant(holbaek):
    return UserFactory(
        username="holbaek-konsulent", first_name="Nina", role=Role.CONSULTANT, municipality=holbaek
    )


@pytest.fixture
def referral(odense_citizen, odense_caseworker, odense_consultant):
    """An open referral of Rama Al-Hassan to Sofie Lund."""
    return ReferralFactory(
        citizen=odense_citizen, referred_by=odense_caseworker, consultant=odense_consultant
    )
