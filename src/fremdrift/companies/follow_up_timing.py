"""When an agreed follow-up date counts as held on time: one rule for the worklist and for
the key figure 'placements followed up on time' (results).

An agreed date (companies.AgreementFollowUp of the placement's newest agreement version) is
held when a follow-up on the placement was held within its window: from WINDOW_DAYS before
the date to WINDOW_DAYS after it, both days included. Each follow-up holds at most one date,
so one visit cannot answer for two agreed dates.

A follow-up's day is the day it was held: the response's date (`taken_on`), which is the day
a contact person submitted the link's form, or the meeting day a consultant records. A
consultant who writes up a meeting a few days later has still held it on the day it took
place.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable

# A week either side: a follow-up is planned for a day, but a workplace's week (shifts, the
# mentor's days off, a holiday) often moves the visit by a few days. A week is as much as
# still counts as that date's follow-up; more, and it belongs to the date before or after
# (agreed dates usually lie several weeks apart).
WINDOW_DAYS = 7
WINDOW = dt.timedelta(days=WINDOW_DAYS)


def window_closes(date: dt.date) -> dt.date:
    """The last day a follow-up can be held for `date` and count as on time."""
    return date + WINDOW


def held_dates(agreed: Iterable[dt.date], held_on: Iterable[dt.date]) -> frozenset[dt.date]:
    """The agreed dates held on time, given the days follow-ups were held on.

    The dates are taken in order, each with the earliest follow-up not yet used within its
    window. With windows of one width for all dates, this holds as many dates as any
    assignment could, and the earlier dates first.
    """
    days = sorted(held_on)
    used = [False] * len(days)
    held = set()
    for date in sorted(set(agreed)):
        i = bisect_left(days, date - WINDOW)
        while i < len(days) and days[i] <= date + WINDOW:
            if not used[i]:
                used[i] = True
                held.add(date)
                break
            i += 1
    return frozenset(held)
