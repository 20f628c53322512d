"""Which citizens are due for erasure, and each municipality's rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Exists, OuterRef, Q, QuerySet

from fremdrift.accounts.models import Municipality
from fremdrift.citizens.models import Citizen
from fremdrift.conversations.models import Conversation
from fremdrift.core import clock
from fremdrift.journey.models import Period
from fremdrift.journey.types import PeriodKind
from fremdrift.retention.models import DEFAULT_YEARS, RetentionRule


def years_for(municipality_id: int) -> int:
    """The municipality's rule: years after a case ended that its personal data are kept."""
    rule = RetentionRule.objects.filter(municipality_id=municipality_id).first()
    return rule.years if rule else DEFAULT_YEARS


def years_before(day: dt.date, years: int) -> dt.date:
    """The same date `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _still_open() -> Q:
    # An outcome (job, education, moved ...) is the case's end: it starts when the citizen
    # leaves and stays open, so its start counts, not its end.
    return ~Q(kind=PeriodKind.OUTCOME) & Q(end__isnull=True)


def _ended_by(citizens: QuerySet[Citizen], limit: dt.date) -> QuerySet[Citizen]:
    """The citizens whose case ended on or before `limit`: no open period but an outcome,
    no period ending (an outcome starting), conversation or takeover after it; not yet
    anonymised."""
    later_period = Period.objects.filter(citizen_id=OuterRef("pk")).filter(
        _still_open()
        | (~Q(kind=PeriodKind.OUTCOME) & Q(end__gt=limit))
        | Q(kind=PeriodKind.OUTCOME, start__gt=limit)
    )
    later_talk = Conversation.objects.filter(citizen_id=OuterRef("pk"), held_on__gt=limit)
    return (
        citizens.filter(anonymised_at__isnull=True, takeover_date__lte=limit)
        .exclude(Exists(later_period))
        .exclude(Exists(later_talk))
    )


def unscoped_due_for_erasure(
    today: dt.date | None = None, *, only: Collection[int] | None = None
) -> dict[int, list[int]]:
    """Citizen ids due for erasure under their municipality's rule, by municipality id;
    deliberately across municipalities (the daily retention job). `only` narrows the look to
    those ids (the job checks again under its lock)."""
    today = today or clock.today()
    rules = dict(RetentionRule.objects.values_list("municipality_id", "years"))
    due: dict[int, list[int]] = {}
    for mu in Municipality.objects.order_by("pk").values_list("pk", flat=True):
        limit = years_before(today, rules.get(mu, DEFAULT_YEARS))
        citizens = Citizen.objects.filter(municipality_id=mu)
        if only is not None:
            citizens = citizens.filter(pk__in=only)
        ids = list(_ended_by(citizens, limit).order_by("pk").values_list("pk", flat=True))
        if ids:
            due[mu] = ids
    return due


def has_open_periods(citizen: Citizen) -> bool:
    """Whether the case is still running: an open period other than an outcome."""
    return Period.objects.filter(_still_open(), citizen=citizen).exists()
