"""Activation hours as plain arithmetic: no database, so tests call it directly.

A citizen's hours on a day are the hours per week of every entry covering the day: the
offers (journey periods of kind offer) and the ordinary paid hours beside them. Entries
overlap by nature (Danish lessons beside a placement, ordinary hours beside both), so they
are added, not merged. An entry without hours is missing, never zero: the sum of the rest is
then only a lower bound, and says so (`WeeklyHours.complete`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class HoursEntry:
    """One offer or one stretch of ordinary hours."""

    start: dt.date
    end: dt.date | None
    hours: Decimal | None
    label: str = ""
    ordinary: bool = False  # ordinary paid hours, not an offer

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class WeeklyHours:
    known: Decimal  # the sum of the hours that are recorded
    missing: int  # how many covering entries have no hours
    entries: int  # how many entries cover the day

    @property
    def complete(self) -> bool:
        return self.missing == 0

    @property
    def total(self) -> Decimal | None:
        """The hours per week, or None when some are missing (not the lower bound)."""
        return self.known if self.complete else None


def hours_on(entries: Iterable[HoursEntry], day: dt.date) -> WeeklyHours:
    """The hours per week of the entries covering `day`; overlapping entries add up."""
    known, missing, count = ZERO, 0, 0
    for entry in entries:
        if not entry.covers(day):
            continue
        count += 1
        if entry.hours is None:
            missing += 1
        else:
            known += entry.hours
    return WeeklyHours(known=known, missing=missing, entries=count)


@dataclass(frozen=True)
class Shortfall:
    """How far under the target a citizen is: exact when every hour is known, else at most."""

    hours: WeeklyHours
    target: Decimal

    @property
    def under(self) -> bool:
        """Below the target on the hours known (with some missing, perhaps not truly)."""
        return self.hours.known < self.target

    @property
    def amount(self) -> Decimal:
        """Target minus the known hours, never below zero: exact when `hours.complete`, an
        upper bound otherwise."""
        return max(ZERO, self.target - self.hours.known)

    @property
    def exact(self) -> bool:
        return self.hours.complete


def shortfall(entries: Iterable[HoursEntry], day: dt.date, target: Decimal) -> Shortfall:
    return Shortfall(hours=hours_on(entries, day), target=target)


def average_hours(values: Iterable[WeeklyHours]) -> tuple[Decimal | None, int, int]:
    """The mean of the complete values, how many it is the mean of, and how many were left
    out for missing hours (the definition of the figure "activation hours per week")."""
    total, counted, left_out = ZERO, 0, 0
    for value in values:
        if value.complete:
            total += value.known
            counted += 1
        else:
            left_out += 1
    return (total / counted if counted else None), counted, left_out
