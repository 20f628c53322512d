"""Factories for companies and referrals (fictional data)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from fremdrift.companies.models import (
    AgreementFollowUp,
    AgreementParty,
    AgreementSignature,
    AgreementStatus,
    Company,
    CompanyCapacity,
    ContactPerson,
    Placement,
    Referral,
    ReferralReason,
    WorkAgreement,
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


def agreement_for(period, user, *, signed=False, follow_ups=(dt.date(2026, 6, 1),), **fields):
    """A work agreement on the placement `period` (its placement row made if missing), written
    by `user`; `signed` adds the three parties' signatures and the signed status."""
    placement, _ = Placement.objects.get_or_create(
        period=period, defaults={"municipality": period.municipality}
    )
    values = {
        "paid_hours_goal": Decimal(15),
        "paid_hours_by": dt.date(2026, 10, 1),
        "sub_goals": "Møder til tiden\nKan pakke en ordre selv",
        "tasks": "Plukke og pakke ordrer",
        "hours_monday": "8.00-12.00",
        "hours_wednesday": "8.00-12.00",
        "wage_point_score": Decimal(4),
        "wage_point_hours": Decimal(20),
        **fields,
    }
    agreement = WorkAgreement.objects.create(
        municipality=period.municipality, placement=placement, created_by=user, **values
    )
    for date in follow_ups:
        AgreementFollowUp.objects.create(
            municipality=period.municipality, agreement=agreement, date=date
        )
    if signed:
        for party in AgreementParty.values:
            AgreementSignature.objects.create(
                municipality=period.municipality,
                agreement=agreement,
                party=party,
                signer_name=f"Underskriver {party}",
                signed_on=dt.date(2026, 5, 1),
                recorded_by=user,
            )
        agreement.status = AgreementStatus.SIGNED
        agreement.signed_at = dt.datetime(2026, 5, 1, 10, tzinfo=dt.UTC)
        agreement.save()
    return agreement
