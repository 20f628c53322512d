"""Breaks in company-oriented effort, as plain arithmetic over dated spans (no database).

Overlapping or adjoining company-oriented offers are one stretch of effort. A break is the
days between one stretch's last day and the next one's first; an open break is one that runs
today: the last stretch has ended, and the next (if one is planned) has not begun.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

Span = tuple[dt.date, dt.date | None]  # first day, last day (None: open)


def merged(spans: Iterable[Span]) -> list[Span]:
    """The spans joined where they overlap or follow day after day, in date order."""
    out: list[Span] = []
    for start, end in sorted(spans, key=lambda s: s[0]):
        if out:
            last_start, last_end = out[-1]
            if last_end is None:
                continue
            if start <= last_end + dt.timedelta(days=1):
                out[-1] = (last_start, None if end is None else max(end, last_end))
                continue
        out.append((start, end))
    return out


@dataclass(frozen=True)
class Break:
    after: dt.date  # the last day of company-oriented effort
    until: dt.date | None  # the first day of the next planned stretch, if any
    days: int  # days without it: to yesterday for an open break, or to the next start


def breaks(spans: Iterable[Span]) -> list[Break]:
    """The closed breaks between stretches (the history)."""
    joined = merged(spans)
    return [
        Break(after=a[1], until=b[0], days=(b[0] - a[1]).days - 1)
        for a, b in pairwise(joined)
        if a[1] is not None
    ]


def open_break(spans: Iterable[Span], today: dt.date) -> Break | None:
    """The break running today, or None (in an offer today, or never in one).

    Its length counts the days from the last day of effort up to today; a stretch planned to
    start later closes it then, and its length is that of the whole break (it is already
    known to be too long when the start is too late)."""
    joined = merged(spans)
    past = [s for s in joined if s[1] is not None and s[1] < today]
    if not past or any(s[0] <= today and (s[1] is None or s[1] >= today) for s in joined):
        return None
    last_end = past[-1][1]
    assert last_end is not None
    upcoming = [s[0] for s in joined if s[0] > today]
    if upcoming:
        return Break(after=last_end, until=upcoming[0], days=(upcoming[0] - last_end).days - 1)
    return Break(after=last_end, until=None, days=(today - last_end).days)


def too_long(brk: Break | None, max_days: int) -> bool:
    return brk is not None and brk.days > max_days
