"""The work agreement's figures the slow, obvious way (see tests/results/oracle.py).

No month arithmetic and nothing from results or companies.follow_up_timing: the placements
are asked day by day, and the follow-ups are matched to agreed dates in the other order
(each follow-up, in the order they were held, goes to the earliest agreed date not held yet
whose week either side covers its day), so the two ways of reading "each follow-up holds
one date" are held to each other.
"""

from __future__ import annotations

import datetime as dt

from fremdrift.citizens.models import Citizen
from fremdrift.companies.models import AgreementFollowUp, FollowUp, WorkAgreement
from fremdrift.journey.models import Period
from fremdrift.journey.types import PeriodKind
from tests.results.oracle import covers, month_of

WEEK = dt.timedelta(days=7)


def _placements(citizens: list[Citizen]) -> list[Period]:
    return [
        p
        for c in citizens
        for p in c.periods.select_related("offer_type").filter(kind=PeriodKind.OFFER)
        if p.offer_type.company_oriented and p.offer_type.needs_company
    ]


def _agreed_on(agreement: WorkAgreement) -> dt.date | None:
    """The day the last of the three parties signed a signed version; None for a draft."""
    if agreement.status != "signed":
        return None
    return max(agreement.signatures.values_list("signed_on", flat=True))


def placement_agreement(citizens: list[Citizen], day: dt.date) -> tuple[int, int]:
    n = d = 0
    for p in _placements(citizens):
        if not covers(p, day):
            continue
        d += 1
        signed = [
            on
            for a in WorkAgreement.objects.filter(placement__period=p)
            if (on := _agreed_on(a)) is not None
        ]
        n += any(on <= day for on in signed)
    return n, d


def _held(dates: list[dt.date], days: list[dt.date]) -> set[dt.date]:
    held: set[dt.date] = set()
    for day in sorted(days):
        open_ = [d for d in sorted(set(dates)) if d not in held and d - WEEK <= day <= d + WEEK]
        if open_:
            held.add(open_[0])
    return held


def follow_up_on_time(citizens: list[Citizen], month: int) -> tuple[int, int]:
    n = d = 0
    for p in _placements(citizens):
        newest = WorkAgreement.objects.filter(placement__period=p, next_version__isnull=True)
        dates = [
            row.date
            for row in AgreementFollowUp.objects.filter(agreement__in=newest)
            if p.end is None or row.date <= p.end
        ]
        days = [
            f.response.taken_on
            for f in FollowUp.objects.filter(placement__period=p).select_related("response")
        ]
        judged = [x for x in dates if month_of(x + WEEK) == month]
        if not judged:
            continue
        d += 1
        held = _held(dates, days)
        n += all(x in held for x in judged)
    return n, d
