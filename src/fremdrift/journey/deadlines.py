"""Deadlines derived from periods, conversations and the municipality's settings.

The rules (docs/journey.md gives their legal basis): the contract is due one month after
takeover; the first company-oriented offer has a target of two weeks and a deadline of one
month after takeover; conversations follow the municipality's schedule; an open offer past
its planned end and a programme about to run out need a decision.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from fremdrift.journey.models import ConversationSchedule, JourneySettings, Period
from fremdrift.journey.phase import add_months, continuous_start, current
from fremdrift.journey.types import PeriodKind


class Urgency(enum.IntEnum):
    OVERDUE = 0
    SOON = 1
    LATER = 2


@dataclass(frozen=True)
class Deadline:
    citizen_id: int
    code: str
    label: str
    due: dt.date
    urgency: Urgency
    # The offer an "offer_end" deadline is about (its label names it); None for the others.
    period: Period | None = None

    @property
    def overdue(self) -> bool:
        return self.urgency == Urgency.OVERDUE


@dataclass(frozen=True)
class CitizenFacts:
    """What the deadline rules need about one citizen, fetched in bulk by the selectors."""

    citizen_id: int
    takeover: dt.date
    periods: list[Period]
    contract_signed: bool
    last_conversation: dt.date | None
    conversations_in_first_half_year: int


def deadline_label(code: str, offer: str = "") -> str:
    """The deadline's text from its code (and, for "offer_end", the offer's label): the
    stored deadlines keep the code, not the text, so they read in the user's language."""
    if code == "contract":
        return _("Kontrakt skal indgås")
    if code == "first_offer_target":
        return _("Første virksomhedsrettede tilbud (mål)")
    if code == "first_offer":
        return _("Første virksomhedsrettede tilbud (frist)")
    if code == "conversation":
        return _("Næste samtale")
    if code == "offer_end":
        return _("%(offer)s: afslut eller forlæng") % {"offer": offer or PeriodKind.OFFER.label}
    if code == "programme_end":
        return _("Programmet udløber: forlæng eller afslut")
    raise ValueError(code)


def urgency(due: dt.date, today: dt.date, soon_days: int) -> Urgency:
    if due < today:
        return Urgency.OVERDUE
    if due <= today + dt.timedelta(days=soon_days):
        return Urgency.SOON
    return Urgency.LATER


def next_conversation_due(
    facts: CitizenFacts, settings: JourneySettings, programme_start: dt.date
) -> dt.date:
    """When the next conversation is due under the municipality's schedule."""
    first_half_year_end = add_months(programme_start, 6)
    last = facts.last_conversation
    if settings.conversation_schedule == ConversationSchedule.PROJECT:
        # Four a year: at most a quarter between conversations, the first within a quarter.
        return add_months(last or programme_start, 3)
    # At least four in the first six months: one every six weeks until four are held.
    if (
        facts.conversations_in_first_half_year < 4
        and (last or programme_start) < first_half_year_end
    ):
        due = (last or programme_start) + dt.timedelta(weeks=6)
        return min(due, first_half_year_end)
    gap = dt.timedelta(weeks=settings.conversations_after_first_half_year_weeks)
    return max(last or programme_start, first_half_year_end - gap) + gap


def deadlines_for(facts: CitizenFacts, settings: JourneySettings, today: dt.date) -> list[Deadline]:
    soon = settings.due_soon_days
    periods = facts.periods
    programme = current(periods, PeriodKind.PROGRAMME, today)
    if programme is None:
        return []  # outside the programme nothing is due
    start = continuous_start(periods, PeriodKind.PROGRAMME, today) or programme.start
    found: list[Deadline] = []

    def add(code: str, due: dt.date, period: Period | None = None) -> None:
        label = deadline_label(code, period.label if period is not None else "")
        found.append(
            Deadline(facts.citizen_id, code, label, due, urgency(due, today, soon), period)
        )

    if not facts.contract_signed:
        add("contract", add_months(facts.takeover, settings.contract_months))
    started_company_offer = any(
        p.kind == PeriodKind.OFFER and p.offer_type.company_oriented for p in periods
    )
    if not started_company_offer:
        target = facts.takeover + dt.timedelta(days=settings.first_offer_target_days)
        deadline = add_months(facts.takeover, settings.first_offer_deadline_months)
        if today <= target:
            add("first_offer_target", target)
        add("first_offer", deadline)
    add("conversation", next_conversation_due(facts, settings, start))
    for offer in periods:
        if offer.kind == PeriodKind.OFFER and offer.end is None and offer.planned_end:
            if offer.planned_end < today + dt.timedelta(days=soon):
                add("offer_end", offer.planned_end, offer)
    if programme.end is None and programme.planned_end:
        if programme.planned_end < today + dt.timedelta(days=2 * soon):
            add("programme_end", programme.planned_end)
    return sorted(found, key=lambda d: (d.urgency, d.due))


def next_deadline(deadlines: Iterable[Deadline]) -> Deadline | None:
    return min(deadlines, key=lambda d: (d.urgency, d.due), default=None)
