"""Reads for activation: the strategy, the hours of citizens in scope, breaks in effort.

Each list is a fixed number of queries whatever the number of citizens: the periods and
ordinary hours of the citizens concerned are read as plain values and added up in Python by
the pure functions (activation.hours, activation.gaps).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.activation.gaps import Break, Span, breaks, open_break, too_long
from fremdrift.activation.hours import HoursEntry, Shortfall, WeeklyHours, hours_on
from fremdrift.activation.models import ActivationStrategy, OfferTypeDuration, OrdinaryHours
from fremdrift.citizens.models import Citizen
from fremdrift.journey.models import OfferType, Period
from fremdrift.journey.types import PeriodKind


def strategy_for(municipality_id: int) -> ActivationStrategy:
    """The municipality's strategy (its row is made with the defaults on first use)."""
    strategy, _ = ActivationStrategy.objects.get_or_create(municipality_id=municipality_id)
    return strategy


def durations_of(strategy: ActivationStrategy) -> dict[int, OfferTypeDuration]:
    """The strategy's durations by offer type id (a type without a row has none set)."""
    return {d.offer_type_id: d for d in strategy.durations.all()}


def strategy_max_weeks(municipality_id: int, offer_type_id: int) -> int | None:
    """The municipality's longest duration for the offer type, if its strategy sets one."""
    return (
        OfferTypeDuration.objects.filter(
            strategy__municipality_id=municipality_id, offer_type_id=offer_type_id
        )
        .values_list("max_weeks", flat=True)
        .first()
    )


def _covering(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start__lte": day}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": day})
    )


def _periods(user: User) -> QuerySet[Period]:
    return scoped_queryset(user, Period, Permission.VIEW_CITIZEN)


def in_programme_on(user: User, citizens: QuerySet[Citizen], day: dt.date) -> QuerySet[Period]:
    """The programme periods covering `day` of these citizens (a subquery, not a list)."""
    return _periods(user).filter(
        _covering(day), kind=PeriodKind.PROGRAMME, citizen__in=citizens.values("pk")
    )


def hours_entries(
    user: User, citizen_ids: QuerySet | list[int], *, on: dt.date | None = None
) -> dict[int, list[HoursEntry]]:
    """Every offer and stretch of ordinary hours of these citizens (those covering `on`
    only, when given), per citizen: two queries."""
    offers = _periods(user).filter(kind=PeriodKind.OFFER, citizen_id__in=citizen_ids)
    ordinary = scoped_queryset(user, OrdinaryHours, Permission.VIEW_CITIZEN).filter(
        citizen_id__in=citizen_ids
    )
    if on is not None:
        offers, ordinary = offers.filter(_covering(on)), ordinary.filter(_covering(on))
    found: dict[int, list[HoursEntry]] = defaultdict(list)
    for cid, start, end, hours, name, module in offers.values_list(
        "citizen_id", "start", "end", "hours_per_week", "offer_type__name", "module"
    ):
        label = f"{name}, {module}" if module else (name or "")
        found[cid].append(HoursEntry(start, end, hours, label=label))
    for cid, start, end, hours in ordinary.values_list(
        "citizen_id", "start", "end", "hours_per_week"
    ):
        found[cid].append(HoursEntry(start, end, hours, ordinary=True))
    return found


@dataclass(frozen=True)
class CitizenLine:
    citizen_id: int
    first_name: str
    last_name: str
    caseworker_name: str


def _lines(citizens: QuerySet[Citizen], ids: QuerySet | set[int]) -> dict[int, CitizenLine]:
    rows = citizens.filter(pk__in=ids).values_list(
        "pk", "first_name", "last_name", "caseworker__first_name", "caseworker__last_name"
    )
    return {
        pk: CitizenLine(pk, first, last, f"{cw_first or ''} {cw_last or ''}".strip())
        for pk, first, last, cw_first, cw_last in rows
    }


@dataclass(frozen=True)
class UnderTargetRow:
    citizen: CitizenLine
    shortfall: Shortfall

    @property
    def hours(self) -> WeeklyHours:
        return self.shortfall.hours


def under_target(
    user: User, citizens: QuerySet[Citizen], *, today: dt.date, target: Decimal
) -> list[UnderTargetRow]:
    """The citizens in the programme today whose known hours are under `target`, the
    furthest under first. Citizens absent today (leave, illness) are not expected to be
    active and are left out. Three queries."""
    programme = in_programme_on(user, citizens, today)
    absent = _periods(user).filter(_covering(today), kind=PeriodKind.ABSENCE)
    ids = programme.exclude(citizen_id__in=absent.values("citizen_id")).values("citizen_id")
    entries = hours_entries(user, ids, on=today)
    rows = []
    for cid, line in _lines(citizens, ids).items():
        short = Shortfall(hours=hours_on(entries.get(cid, []), today), target=target)
        if short.under:
            rows.append(UnderTargetRow(line, short))
    rows.sort(key=lambda r: (-r.shortfall.amount, r.citizen.last_name, r.citizen.first_name))
    return rows


@dataclass(frozen=True)
class BreakRow:
    citizen: CitizenLine
    gap: Break


def _company_spans(user: User, citizen_ids: QuerySet | list[int]) -> dict[int, list[Span]]:
    oriented = OfferType.objects.filter(company_oriented=True).values("pk")
    rows = (
        _periods(user)
        .filter(kind=PeriodKind.OFFER, offer_type__in=oriented, citizen_id__in=citizen_ids)
        .values_list("citizen_id", "start", "end")
    )
    spans: dict[int, list[Span]] = defaultdict(list)
    for cid, start, end in rows:
        spans[cid].append((start, end))
    return spans


def company_breaks(
    user: User, citizens: QuerySet[Citizen], *, today: dt.date, max_days: int
) -> list[BreakRow]:
    """Citizens in the programme today whose company-oriented effort has a break running
    longer than `max_days` (activation.gaps.open_break), the longest first. Three queries."""
    ids = in_programme_on(user, citizens, today).values("citizen_id")
    found = {
        cid: brk
        for cid, spans in _company_spans(user, ids).items()
        if too_long(brk := open_break(spans, today), max_days)
    }
    lines = _lines(citizens, set(found)) if found else {}
    rows = [BreakRow(lines[cid], brk) for cid, brk in found.items() if brk and cid in lines]
    rows.sort(key=lambda r: (-r.gap.days, r.citizen.last_name, r.citizen.first_name))
    return rows


@dataclass(frozen=True)
class CitizenActivation:
    """One citizen's activation: today's hours and entries, the breaks, ordinary hours."""

    target: Decimal
    max_break_days: int
    shortfall: Shortfall
    current: list[HoursEntry]
    ordinary: list[OrdinaryHours]
    open_break: Break | None
    past_breaks: list[Break]

    @property
    def break_too_long(self) -> bool:
        return too_long(self.open_break, self.max_break_days)


def citizen_activation(user: User, citizen: Citizen, *, today: dt.date) -> CitizenActivation:
    strategy = strategy_for(citizen.municipality_id)
    entries = hours_entries(user, [citizen.pk]).get(citizen.pk, [])
    spans = _company_spans(user, [citizen.pk]).get(citizen.pk, [])
    ordinary = list(
        scoped_queryset(user, OrdinaryHours, Permission.VIEW_CITIZEN)
        .filter(citizen=citizen)
        .select_related("company")
        .order_by("-start", "-id")
    )
    return CitizenActivation(
        target=strategy.target_hours,
        max_break_days=strategy.max_break_days,
        shortfall=Shortfall(hours=hours_on(entries, today), target=strategy.target_hours),
        current=[e for e in entries if e.covers(today)],
        ordinary=ordinary,
        open_break=open_break(spans, today),
        past_breaks=[b for b in breaks(spans) if b.days > strategy.max_break_days],
    )
