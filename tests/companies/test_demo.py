import datetime as dt
import random
from collections import Counter

import pytest

from fremdrift.accounts.roles import Role
from fremdrift.companies.cvr import normalise_cvr
from fremdrift.companies.models import ContactPerson, Referral, ReferralStatus
from fremdrift.companies.numbers import normalise_phone
from fremdrift.demo.companies import build_demo_companies, build_demo_referrals
from tests.factories import CitizenFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_companies_are_valid_unique_and_reproducible(odense, holbaek):
    first = build_demo_companies(rng=random.Random(7), municipality=odense, count=60)
    again = build_demo_companies(rng=random.Random(7), municipality=holbaek, count=60)
    assert all(company.pk for company in first)
    assert [c.cvr for c in first] == [c.cvr for c in again]
    assert len({c.cvr for c in first}) == len({c.name for c in first}) == 60
    assert all(normalise_cvr(c.cvr) == c.cvr for c in first)
    assert all(c.industry and c.address for c in first)
    contacts = {c.company_id: c for c in ContactPerson.objects.filter(company__in=first)}
    assert set(contacts) == {c.pk for c in first}
    assert all(normalise_phone(c.phone) == c.phone and c.email for c in contacts.values())


def test_referrals_agree_with_the_caseload(odense, odense_caseworker, odense_consultant):
    other = UserFactory(role=Role.CONSULTANT, municipality=odense)
    citizens = CitizenFactory.create_batch(40, municipality=odense, caseworker=odense_caseworker)
    citizens += CitizenFactory.create_batch(20, municipality=odense, consultant=other)
    made = build_demo_referrals(
        rng=random.Random(3),
        citizens=citizens,
        consultants_by_municipality={odense: [odense_consultant, other]},
        caseworkers_by_municipality={odense.pk: [odense_caseworker]},
        today=dt.date(2026, 11, 23),
        share=1.0,
    )
    assert made == Referral.objects.count() == 60
    statuses = Counter(Referral.objects.values_list("status", flat=True))
    assert statuses[ReferralStatus.SENT] and statuses[ReferralStatus.RETURNED]
    for referral in Referral.objects.select_related("citizen"):
        if referral.status == ReferralStatus.ACCEPTED:
            assert referral.consultant_id == referral.citizen.consultant_id
        if referral.status != ReferralStatus.SENT:
            assert referral.created_at <= referral.responded_at
            assert referral.responded_at.date() <= dt.date(2026, 11, 23)
        if referral.status == ReferralStatus.RETURNED:
            assert referral.response_note
