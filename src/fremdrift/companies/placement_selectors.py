"""Reads for the placement page and the company page's registers (contacts, capacity)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db.models import QuerySet

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission, Role
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.citizens.selectors import staff_in_municipality
from fremdrift.companies.access import COMPANY_PERMISSION
from fremdrift.companies.models import (
    Company,
    CompanyCapacity,
    ContactPerson,
    Placement,
    WorkAgreement,
)
from fremdrift.journey.models import Period
from fremdrift.journey.types import PeriodKind


@dataclasses.dataclass(frozen=True)
class PlacementView:
    """Everything the placement page shows, read once."""

    period: Period
    placement: Placement | None
    consultant: User | None
    # True when nobody is set on the placement and the company's consultant is shown.
    consultant_from_company: bool
    follow_ups: tuple[object, ...]
    ended: bool
    next_period: Period | None

    @property
    def version(self) -> int:
        """The version an edit form carries: 1 before the first save creates the row."""
        return self.placement.version if self.placement else 1


def placement_of(user: User, period: Period) -> Placement | None:
    return (
        scoped_queryset(user, Placement, Permission.VIEW_CITIZEN)
        .select_related("contact_person", "consultant")
        .filter(period=period)
        .first()
    )


def next_period_after(user: User, period: Period) -> Period | None:
    """What came after an ended placement: the citizen's next offer or outcome."""
    if period.end is None:
        return None
    return (
        scoped_queryset(user, Period, Permission.VIEW_CITIZEN)
        .filter(
            citizen_id=period.citizen_id,
            kind__in=(PeriodKind.OFFER, PeriodKind.OUTCOME),
            start__gte=period.end,
        )
        .exclude(pk=period.pk)
        .select_related("offer_type", "company")
        .order_by("start", "id")
        .first()
    )


def placement_view(user: User, period: Period, today: dt.date) -> PlacementView:
    placement = placement_of(user, period)
    consultant = placement.consultant if placement else None
    from_company = consultant is None and period.company is not None
    if from_company and period.company is not None:
        consultant = period.company.consultant
    ended = period.end is not None and period.end < today
    return PlacementView(
        period=period,
        placement=placement,
        consultant=consultant,
        consultant_from_company=from_company and consultant is not None,
        # The follow-ups come with the follow-up forms (issue 16, item 3): none exist yet.
        follow_ups=(),
        ended=ended,
        next_period=next_period_after(user, period) if ended else None,
    )


def company_contacts(user: User, company: Company) -> QuerySet[ContactPerson]:
    return scoped_queryset(user, ContactPerson, COMPANY_PERMISSION).filter(company=company)


def active_contacts(user: User, company: Company) -> QuerySet[ContactPerson]:
    return company_contacts(user, company).filter(active=True)


def company_capacity(user: User, company: Company) -> QuerySet[CompanyCapacity]:
    return scoped_queryset(user, CompanyCapacity, COMPANY_PERMISSION).filter(company=company)


def placement_consultants(user: User) -> QuerySet[User]:
    """Who can follow a placement: the municipality's consultants and managers."""
    return staff_in_municipality(user, (Role.CONSULTANT, Role.MANAGER))


def current_agreement(user: User, placement: Placement | None) -> WorkAgreement | None:
    """The placement's newest agreement version (signed or a draft), or None."""
    if placement is None:
        return None
    return (
        scoped_queryset(user, WorkAgreement, Permission.VIEW_CITIZEN)
        .filter(placement=placement)
        .order_by("-number")
        .first()
    )
