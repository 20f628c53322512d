"""The worklist's placements at or past their wage point with no paid work yet.

Paid work is what the wage point should lead to: an offer of wage subsidy or IGU (offer
types in the categories `wage_subsidy` and `igu`), or an outcome of ordinary job (or a
completed IGU). A placement counts as having it when the citizen has such a period that
is current or later than the placement's start (not ended before it). A placement that is
itself wage subsidy or IGU is paid already and never listed. Only placements still running
(no end, or an end today or later) are listed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from django.db.models import Q

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission, Role
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.companies.models import Placement, WorkAgreement
from fremdrift.companies.wage_point import Scored, WagePoint, latest_scores, wage_point_reached
from fremdrift.instruments.models import Answer
from fremdrift.journey.models import OfferCategory, Period
from fremdrift.journey.types import Outcome, PeriodKind

PAID_OFFER_CATEGORIES = (OfferCategory.WAGE_SUBSIDY, OfferCategory.IGU)
PAID_OUTCOMES = (Outcome.ORDINARY_JOB, Outcome.IGU_COMPLETED)


@dataclasses.dataclass(frozen=True)
class WagePointRow:
    placement: Placement
    period: Period
    wage_point: WagePoint


def _running_placements(user: User, person: User, today: dt.date) -> list[Placement]:
    placements = (
        scoped_queryset(user, Placement, Permission.VIEW_CITIZEN)
        .filter(period__kind=PeriodKind.OFFER, period__company__isnull=False)
        .filter(Q(period__end__isnull=True) | Q(period__end__gte=today))
        .exclude(period__offer_type__category__in=PAID_OFFER_CATEGORIES)
        .select_related("period__citizen", "period__company", "period__offer_type")
    )
    if person.role == Role.CONSULTANT:
        placements = placements.filter(
            Q(consultant=person) | Q(consultant__isnull=True, period__company__consultant=person)
        )
    elif person.role != Role.MANAGER:
        return []
    return list(placements.order_by("period__start", "id")[:500])


def _levels(user: User, ids: list[int]) -> dict[int, WorkAgreement]:
    levels: dict[int, WorkAgreement] = {}
    for agreement in (
        scoped_queryset(user, WorkAgreement, Permission.VIEW_CITIZEN)
        .filter(placement_id__in=ids)
        .order_by("placement_id", "-number")
    ):
        levels.setdefault(agreement.placement_id, agreement)
    return levels


def _scores(user: User, ids: list[int]) -> dict[int, dict[str, int]]:
    by_response: dict[int, tuple[int, dt.date, dict[str, int | None]]] = {}
    for placement_id, response_id, taken_on, item, value in (
        scoped_queryset(user, Answer, Permission.VIEW_CITIZEN)
        .filter(response__placement_id__in=ids, response__completed_at__isnull=False)
        .values_list("response__placement_id", "response_id", "response__taken_on", "item", "value")
    ):
        by_response.setdefault(response_id, (placement_id, taken_on, {}))[2][item] = value
    per_placement: dict[int, list[Scored]] = {}
    for response_id, (placement_id, taken_on, scores) in by_response.items():
        per_placement.setdefault(placement_id, []).append(Scored(taken_on, response_id, scores))
    return {pk: latest_scores(follow_ups) for pk, follow_ups in per_placement.items()}


def _with_paid_work(user: User, placements: list[Placement]) -> set[int]:
    """The placements whose citizen has paid work current or later than the placement."""
    citizens = {p.period.citizen_id for p in placements}
    paid = (
        scoped_queryset(user, Period, Permission.VIEW_CITIZEN)
        .filter(citizen_id__in=citizens)
        .filter(
            Q(kind=PeriodKind.OFFER, offer_type__category__in=PAID_OFFER_CATEGORIES)
            | Q(kind=PeriodKind.OUTCOME, code__in=PAID_OUTCOMES)
        )
        .values_list("citizen_id", "end")
    )
    ends: dict[int, list[dt.date | None]] = {}
    for citizen_id, end in paid:
        ends.setdefault(citizen_id, []).append(end)
    return {
        p.pk
        for p in placements
        if any(end is None or end >= p.period.start for end in ends.get(p.period.citizen_id, []))
    }


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def placements_at_wage_point(user: User, person: User, today: dt.date) -> list[WagePointRow]:
    """`person`'s running placements (a manager's: all in the municipality) that have
    reached the wage point their agreement sets, and no paid work yet. Five queries."""
    placements = _running_placements(user, person, today)
    if not placements:
        return []
    ids = [p.pk for p in placements]
    levels = _levels(user, ids)
    scores = _scores(user, ids)
    paid = _with_paid_work(user, placements)
    rows = []
    for placement in placements:
        agreement = levels.get(placement.pk)
        if agreement is None or placement.pk in paid:
            continue
        point = wage_point_reached(
            scores.get(placement.pk, {}),
            _decimal(placement.period.hours_per_week),
            _decimal(agreement.wage_point_score),
            _decimal(agreement.wage_point_hours),
        )
        if point.reached:
            rows.append(WagePointRow(placement, placement.period, point))
    return rows
