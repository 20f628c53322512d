"""The figures computed the slow, obvious way: day by day from the definitions.

Independent of results.compute (no month arithmetic, no SQL): for a reference date it asks
each citizen's periods whether they cover that date. The tests hold the SQL to it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from statistics import median

from fremdrift.activation.models import OrdinaryHours
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.origin import OriginGroup
from fremdrift.journey.models import Period
from fremdrift.journey.types import Outcome, PeriodKind, Visitation


def month_of(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def age_on(birth: dt.date, day: dt.date) -> int:
    birthday = (birth.month, birth.day)
    if birthday == (2, 29) and not calendar.isleap(day.year):
        birthday = (3, 1)
    return day.year - birth.year - ((day.month, day.day) < birthday)


def covers(period: Period, day: dt.date) -> bool:
    return period.start <= day and (period.end is None or day <= period.end)


def _periods(citizen: Citizen) -> list[Period]:
    return list(citizen.periods.select_related("benefit_type", "offer_type"))


def _any(periods: list[Period], day: dt.date, kind: str, test=lambda p: True) -> bool:
    return any(p.kind == kind and covers(p, day) and test(p) for p in periods)


def in_programme(periods: list[Period], day: dt.date) -> bool:
    return _any(periods, day, PeriodKind.PROGRAMME)


def on_integration_benefit(periods: list[Period], day: dt.date) -> bool:
    return _any(periods, day, PeriodKind.BENEFIT, lambda p: p.benefit_type.integration_benefit)


def company_oriented(periods: list[Period], day: dt.date) -> bool:
    return _any(periods, day, PeriodKind.OFFER, lambda p: p.offer_type.company_oriented)


def visited(periods: list[Period], day: dt.date, code: str) -> bool:
    return _any(periods, day, PeriodKind.VISITATION, lambda p: p.code == code)


def outcome(periods: list[Period], day: dt.date, code: str) -> bool:
    return _any(periods, day, PeriodKind.OUTCOME, lambda p: p.code == code)


def m1_member(citizen: Citizen, periods: list[Period], day: dt.date) -> bool:
    starts = [p.start for p in periods if p.kind == PeriodKind.PROGRAMME]
    moved = [p.start for p in periods if p.kind == PeriodKind.OUTCOME and p.code == Outcome.MOVED]
    return (
        citizen.origin_group == OriginGroup.NON_WESTERN
        and 18 <= age_on(citizen.birth_date, day) <= 64
        and bool(starts)
        # docs/figures.md: "within the 36 months" is the start's month, m-35 to m. (Date
        # arithmetic would let a 29 February start in at 28 February three years on.)
        and month_of(day) - 35 <= month_of(min(starts)) <= month_of(day)
        and min(starts) <= day
        and not any(start <= day for start in moved)
    )


def m1_counts(citizen: Citizen, periods: list[Period], day: dt.date) -> bool:
    self_supporting = outcome(periods, day, Outcome.ORDINARY_JOB) and not _any(
        periods, day, PeriodKind.BENEFIT
    )
    return self_supporting or outcome(periods, day, Outcome.ORDINARY_EDUCATION)


def figures_on(citizens: list[Citizen], day: dt.date) -> dict[str, tuple[int, int | None]]:
    """(numerator, denominator) of every stock figure's total on `day`."""
    out = {k: [0, 0] for k in ("M1", "M2", "M3")}
    counts = dict.fromkeys(
        ("programme", "job_ready", "activity_ready", "company_now", "benefit_spell"), 0
    )
    durations: list[int] = []
    hours = [0, 0]  # tenths of an hour, citizens with every hour known
    missing = 0
    for citizen in citizens:
        periods = _periods(citizen)
        if in_programme(periods, day):
            offers = [p for p in periods if p.kind == PeriodKind.OFFER and covers(p, day)]
            if any(p.hours_per_week is None for p in offers):
                missing += 1
            else:
                ordinary = [
                    o for o in OrdinaryHours.objects.filter(citizen=citizen) if covers(o, day)
                ]
                hours[0] += sum(int(x.hours_per_week * 10) for x in [*offers, *ordinary])
                hours[1] += 1
        if m1_member(citizen, periods, day):
            out["M1"][1] += 1
            out["M1"][0] += m1_counts(citizen, periods, day)
        programme = in_programme(periods, day)
        if programme and on_integration_benefit(periods, day):
            out["M2"][1] += 1
            out["M3"][1] += 1
            out["M2"][0] += visited(periods, day, Visitation.JOB_READY)
            out["M3"][0] += company_oriented(periods, day)
        if programme:
            counts["programme"] += 1
            counts["job_ready"] += visited(periods, day, Visitation.JOB_READY)
            counts["activity_ready"] += visited(periods, day, Visitation.ACTIVITY_READY)
            counts["company_now"] += company_oriented(periods, day)
            start = spell_start(periods, day)
            if start is not None:
                counts["benefit_spell"] += 1
                durations.append((day - start).days)
    result: dict[str, tuple[int, int | None]] = {k: (v[0], v[1]) for k, v in out.items()}
    result.update({k: (v, None) for k, v in counts.items()})
    result["activation_hours"] = (hours[0], hours[1])
    result["activation_missing"] = (missing, None)
    if durations:
        result["benefit_median"] = (median(durations), len(durations))
    return result


def spell_start(periods: list[Period], day: dt.date) -> dt.date | None:
    """Start of the continuous benefit spell covering `day`, walking back day by day."""
    benefits = sorted((p for p in periods if p.kind == PeriodKind.BENEFIT), key=lambda p: p.start)
    current = next((p for p in benefits if covers(p, day)), None)
    if current is None:
        return None
    start = current.start
    while True:
        before = next(
            (
                p
                for p in benefits
                if p.end is not None and p.end + dt.timedelta(days=1) >= start and p.start < start
            ),
            None,
        )
        if before is None:
            return start
        start = before.start


def _months_later(day: dt.date, months: int) -> dt.date:
    """The same date `months` later, or that month's last day when it has no such date."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def placement_paid(citizens: list[Citizen], month: int) -> tuple[int, int]:
    """Placements (company-oriented, of a type at a company, not wage subsidy or IGU) ended in the
    month three months before `month`, and those of them followed by paid work (wage
    subsidy, IGU or an ordinary job) starting after their first day and at the latest three
    months after their last."""
    n = d = 0
    for citizen in citizens:
        periods = _periods(citizen)
        for p in periods:
            if not (
                p.kind == PeriodKind.OFFER
                and p.offer_type.company_oriented
                and p.offer_type.needs_company
                and p.offer_type.category not in ("wage_subsidy", "igu")
                and p.end is not None
                and month_of(p.end) == month - 3
            ):
                continue
            d += 1
            limit = _months_later(p.end, 3)
            n += any(
                p.start < w.start <= limit
                and (
                    (
                        w.kind == PeriodKind.OFFER
                        and w.offer_type.category in ("wage_subsidy", "igu")
                    )
                    or (w.kind == PeriodKind.OUTCOME and w.code == Outcome.ORDINARY_JOB)
                )
                for w in periods
            )
    return n, d
