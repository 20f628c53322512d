"""Phase, status and durations, derived from periods and never stored.

The phase rule (the participating municipalities' generic citizen journey, domain.md):
counted in whole calendar months from the start of the current programme period,
phase I (reception and start) is the first month, phase II (conversations and efforts)
runs until twelve months have passed, and phase III (end and follow-up) after that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from fremdrift.journey.models import Period
from fremdrift.journey.types import PeriodKind, Phase


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def phase_on(programme_start: dt.date, day: dt.date) -> Phase | None:
    if day < programme_start:
        return None
    if day < add_months(programme_start, 1):
        return Phase.RECEPTION
    if day < add_months(programme_start, 12):
        return Phase.EFFORT
    return Phase.END


def current(periods: Iterable[Period], kind: str, day: dt.date) -> Period | None:
    """The period of `kind` covering `day` (the latest-starting one if several do)."""
    found = [p for p in periods if p.kind == kind and p.covers(day)]
    return max(found, key=lambda p: (p.start, p.pk or 0)) if found else None


def continuous_start(periods: Iterable[Period], kind: str, day: dt.date) -> dt.date | None:
    """Where the unbroken run of `kind` periods covering `day` began (spells join day to day)."""
    spans = sorted((p for p in periods if p.kind == kind and p.start <= day), key=lambda p: p.start)
    run_start: dt.date | None = None
    run_end: dt.date | None = None
    for p in spans:
        if run_start is None or (run_end is not None and p.start > run_end + dt.timedelta(days=1)):
            run_start, run_end = p.start, p.end
        elif run_end is not None:
            run_end = None if p.end is None else max(run_end, p.end)
    if run_start is None or (run_end is not None and run_end < day):
        return None
    return run_start


def programme_phase(periods: Iterable[Period], day: dt.date) -> Phase | None:
    periods = list(periods)
    start = continuous_start(periods, PeriodKind.PROGRAMME, day)
    return phase_on(start, day) if start else None


def days_since(start: dt.date | None, day: dt.date) -> int | None:
    return None if start is None else (day - start).days + 1
