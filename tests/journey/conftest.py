import datetime as dt

import pytest

from fremdrift.companies.models import Company
from fremdrift.journey import services
from fremdrift.journey.models import BenefitType, OfferType
from fremdrift.journey.types import PeriodKind
from tests.factories import CitizenFactory

TAKEOVER = dt.date(2026, 1, 5)


@pytest.fixture
def citizen(odense, odense_caseworker):
    return CitizenFactory(municipality=odense, caseworker=odense_caseworker, takeover_date=TAKEOVER)


@pytest.fixture
def programme(citizen, odense_caseworker):
    return services.period_start(
        actor=odense_caseworker,
        citizen=citizen,
        kind=PeriodKind.PROGRAMME,
        start=TAKEOVER,
        planned_end=dt.date(2027, 1, 4),
    )


@pytest.fixture
def company(odense):
    return Company.objects.create(municipality=odense, cvr="10000009", name="Fynsk Lager ApS")


@pytest.fixture
def placement_type():
    return OfferType.objects.get(code="virksomhedspraktik")


@pytest.fixture
def danish_type():
    return OfferType.objects.get(code="du2")


@pytest.fixture
def integration_benefit():
    return BenefitType.objects.get(code="integrationsydelse")
