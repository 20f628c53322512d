"""Factories for plans and the offer periods sub-goals link to."""

from __future__ import annotations

import datetime as dt

import factory

from fremdrift.journey.models import OfferType, Period
from fremdrift.journey.types import PeriodKind
from fremdrift.plans.models import EndGoal, FollowUpNote, Plan, SubGoal


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    municipality = factory.SelfAttribute("citizen.municipality")
    end_goal = EndGoal.JOB
    field = "Lager og logistik"
    note = ""


class SubGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubGoal

    municipality = factory.SelfAttribute("plan.municipality")
    text = factory.Sequence(lambda n: f"Bestå Danskuddannelse 2 modul {n % 6 + 1}")
    target_date = dt.date(2026, 9, 1)
    order = factory.Sequence(lambda n: n)


class FollowUpNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpNote

    municipality = factory.SelfAttribute("sub_goal.municipality")
    noted_on = dt.date(2026, 4, 1)
    text = "Er godt i gang og møder stabilt."


def offer_period(citizen, *, code: str = "afklaringspraktik", start=dt.date(2026, 3, 15)):
    """An offer period of `citizen` (the offer types are loaded by a data migration)."""
    return Period.objects.create(
        municipality=citizen.municipality,
        citizen=citizen,
        kind=PeriodKind.OFFER,
        offer_type=OfferType.objects.get(code=code),
        start=start,
        planned_end=start + dt.timedelta(weeks=4),
    )
