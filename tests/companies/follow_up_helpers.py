"""Placements with contact persons, links and follow-ups, made through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fremdrift.companies.follow_up_services import consultant_follow_up, link_create
from fremdrift.companies.models import Placement, WorkAgreement
from fremdrift.companies.wage_point import COMPETENCES
from fremdrift.instruments.services import load_builtin_instruments
from fremdrift.journey.models import Period
from tests.companies.boundary import placement_period
from tests.companies.factories import CompanyFactory, ContactPersonFactory


def placement_with_contact(citizen, consultant, *, company=None, hours=15) -> Period:
    """A running placement of `citizen` at a company, with a contact person and the
    consultant on it; the follow-up instrument loaded."""
    load_builtin_instruments()
    company = company or CompanyFactory(municipality=citizen.municipality)
    period = placement_period(company, citizen)
    if hours != 15:
        period.hours_per_week = hours
        period.save(update_fields=["hours_per_week"])
    Placement.objects.create(
        municipality=citizen.municipality,
        period=period,
        contact_person=ContactPersonFactory(company=company, name="Jette Skov"),
        consultant=consultant,
    )
    return Period.objects.select_related("company", "municipality", "citizen").get(pk=period.pk)


def new_link(period, consultant) -> tuple[object, str]:
    return link_create(actor=consultant, period=period)


def all_scores(value) -> dict[str, int | str]:
    return dict.fromkeys(COMPETENCES, value)


def follow_up(period, consultant, value, *, on: dt.date, next_focus: str = "") -> object:
    return consultant_follow_up(
        actor=consultant,
        period=period,
        answers=all_scores(value),
        next_focus=next_focus,
        taken_on=on,
    )


def agreement(period, author, *, score="4", hours="15") -> WorkAgreement:
    return WorkAgreement.objects.create(
        municipality=period.municipality,
        placement=Placement.objects.get(period=period),
        wage_point_score=Decimal(score) if score is not None else None,
        wage_point_hours=Decimal(hours) if hours is not None else None,
        created_by=author,
    )
