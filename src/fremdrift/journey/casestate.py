"""What the board and the worklists show of a citizen, and until when it holds.

The case snapshots (journey.models.CaseSnapshot and CaseDeadline) keep, per citizen, the
board column, the phase and the deadlines derived from the periods, the contract, the
conversations and the municipality's rules, so a page over hundreds of citizens reads rows
instead of deriving them. Derived on one day, they stay true until a write changes what they
are derived from (the write refreshes them in its own transaction: journey.snapshot_services)
or the calendar reaches one of the dates this module lists: a period starting or ending, a
phase turning, a deadline's target passing or a planned end coming close. `holds_until` is
the last day before the first such date; a row read after it is derived again.

Whether a deadline is overdue or due soon is not stored: it is the due date against today,
compared when the page is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from fremdrift.journey.deadlines import CitizenFacts, deadlines_for
from fremdrift.journey.models import JourneySettings, Period
from fremdrift.journey.phase import add_months, continuous_start, programme_phase
from fremdrift.journey.situation import Situation, situation_on
from fremdrift.journey.types import PeriodKind, Phase

FOREVER = dt.date.max
ONE_DAY = dt.timedelta(days=1)

# (code, due, the offer's period id for "offer_end" else None)
DeadlineKey = tuple[str, dt.date, int | None]


@dataclass(frozen=True)
class CaseState:
    situation: Situation | None
    phase: Phase | None
    deadlines: tuple[DeadlineKey, ...]  # in order of due date, then code
    holds_until: dt.date

    @property
    def next_deadline(self) -> DeadlineKey | None:
        return self.deadlines[0] if self.deadlines else None


def deadline_order(key: DeadlineKey) -> tuple[dt.date, str, int]:
    code, due, period_id = key
    return due, code, period_id or 0


def case_state(
    facts: CitizenFacts, talks: Iterable[dt.date], settings: JourneySettings, today: dt.date
) -> CaseState:
    """The citizen's column, phase and deadlines on `today`, and the last day they hold."""
    periods = facts.periods
    deadlines = [
        (d.code, d.due, d.period.pk if d.period is not None else None)
        for d in deadlines_for(facts, settings, today)
    ]
    return CaseState(
        situation=situation_on(periods, today),
        phase=programme_phase(periods, today),
        deadlines=tuple(sorted(deadlines, key=deadline_order)),
        holds_until=holds_until(periods, talks, facts.takeover, settings, today),
    )


def holds_until(
    periods: Iterable[Period],
    talks: Iterable[dt.date],
    takeover: dt.date,
    settings: JourneySettings,
    today: dt.date,
) -> dt.date:
    """The last day on which the state derived on `today` is still the state of that day.

    Every date after `today` on which a rule in phase, situation or deadlines reads the
    calendar differently; extra dates only make a row be derived again sooner, a missing one
    would leave it wrong, so the list errs on the side of more.
    """
    periods = list(periods)
    soon = dt.timedelta(days=settings.due_soon_days)
    changes: list[dt.date] = []
    for period in periods:
        changes.append(period.start)  # situation, phase, programme and continuity
        if period.end is not None and period.end < FOREVER:
            changes.append(period.end + ONE_DAY)
        if period.end is None and period.planned_end is not None:
            if period.kind == PeriodKind.OFFER:  # "afslut eller forlæng" comes up
                changes.append(period.planned_end - soon + ONE_DAY)
            if period.kind == PeriodKind.PROGRAMME:  # "programmet udløber" comes up
                changes.append(period.planned_end - 2 * soon + ONE_DAY)
    start = continuous_start(periods, PeriodKind.PROGRAMME, today)
    if start is not None:  # phase II and phase III begin
        changes += [add_months(start, 1), add_months(start, 12)]
    # A later conversation becomes the last one on its day (the next one is due from it).
    changes += talks
    # The first offer's target is listed up to and including its day.
    changes.append(takeover + dt.timedelta(days=settings.first_offer_target_days) + ONE_DAY)
    later = [day for day in changes if day > today]
    return min(later) - ONE_DAY if later else FOREVER
