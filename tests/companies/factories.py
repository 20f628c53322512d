"""Factories for companies and referrals (fictional data)."""

from __future__ import annotations

import factory

from fremdrift.companies.models import (
    Company,
    CompanyCapacity,
    ContactPerson,
    Referral,
    ReferralReason,
)
from tests.factories import CitizenFactory, MunicipalityFactory, UserFactory

_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def valid_cvr(n: int) -> str:
    """The first valid CVR number at or after 20,000,000 + 100 n (distinct for distinct n)."""
    number = 20_000_000 + 100 * n
    while sum(int(d) * w for d, w in zip(str(number), _WEIGHTS, strict=True)) % 11:
        number += 1
    return str(number)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    municipality = factory.SubFactory(MunicipalityFactory)
    cvr = factory.Sequence(valid_cvr)
    name = factory.Sequence(lambda n: f"Testvirksomhed {n} ApS")
    industry = "Lager og logistik"
    address = "Havnegade 1, Odense"


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    company = factory.SubFactory(CompanyFactory)
    municipality = factory.SelfAttribute("company.municipality")
    name = "Jette Skov"
    title = "Mentor"
    phone = "61 22 33 44"
    email = "jette@firma.example"


class CapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyCapacity

    company = factory.SubFactory(CompanyFactory)
    municipality = factory.SelfAttribute("company.municipality")
    trade = factory.Sequence(lambda n: f"Fag {n}")
    places = 2


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    municipality = factory.SelfAttribute("citizen.municipality")
    citizen = factory.SubFactory(CitizenFactory)
    referred_by = factory.SubFactory(
        UserFactory, municipality=factory.SelfAttribute("..citizen.municipality")
    )
    consultant = factory.SubFactory(
        UserFactory,
        role="consultant",
        municipality=factory.SelfAttribute("..citizen.municipality"),
    )
    reason = ReferralReason.PLACEMENT
    details = "Faglig baggrund: lagerarbejder. Danskniveau: modul 3. Cykel."
