"""Hours and breaks as pure functions: no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fremdrift.activation.gaps import breaks, merged, open_break, too_long
from fremdrift.activation.hours import HoursEntry, average_hours, hours_on, shortfall

D = dt.date
DAY = D(2026, 11, 18)


def entry(start, end, hours, ordinary=False):
    return HoursEntry(start, end, None if hours is None else Decimal(hours), ordinary=ordinary)


def test_overlapping_offers_and_ordinary_hours_add_up():
    entries = [
        entry(D(2026, 10, 1), None, "15"),  # Danish lessons
        entry(D(2026, 11, 1), D(2026, 12, 31), "20"),  # a placement, overlapping
        entry(D(2026, 11, 10), None, "7.5", ordinary=True),  # ordinary hours beside it
        entry(D(2026, 1, 1), D(2026, 6, 30), "37"),  # over before the day: not counted
    ]
    hours = hours_on(entries, DAY)
    assert hours.known == Decimal("42.5") and hours.complete and hours.entries == 3
    assert hours.total == Decimal("42.5")


def test_missing_hours_are_missing_not_zero():
    hours = hours_on([entry(D(2026, 10, 1), None, "15"), entry(D(2026, 11, 1), None, None)], DAY)
    assert hours.known == Decimal("15") and hours.missing == 1
    assert not hours.complete and hours.total is None
    short = shortfall(
        [entry(D(2026, 10, 1), None, "15"), entry(D(2026, 11, 1), None, None)], DAY, Decimal(37)
    )
    assert short.under and not short.exact and short.amount == Decimal("22")  # at most 22


def test_shortfall_is_exact_and_never_negative():
    assert shortfall([], DAY, Decimal(37)).amount == Decimal(37)
    over = shortfall([entry(D(2026, 1, 1), None, "40")], DAY, Decimal(37))
    assert not over.under and over.amount == 0 and over.exact
    edge = shortfall([entry(DAY, DAY, "37")], DAY, Decimal(37))  # first and last day count
    assert not edge.under


def test_the_average_leaves_out_the_incomplete_and_counts_them():
    values = [
        hours_on([entry(D(2026, 1, 1), None, "20")], DAY),
        hours_on([], DAY),  # in no offer: 0 hours, counted
        hours_on([entry(D(2026, 1, 1), None, None)], DAY),
    ]
    assert average_hours(values) == (Decimal(10), 2, 1)
    assert average_hours([]) == (None, 0, 0)


def test_merged_joins_overlapping_and_adjoining_spans():
    spans = [
        (D(2026, 3, 1), D(2026, 3, 31)),
        (D(2026, 1, 1), D(2026, 1, 31)),
        (D(2026, 2, 1), D(2026, 2, 10)),  # the day after: one stretch
        (D(2026, 3, 15), None),
    ]
    assert merged(spans) == [(D(2026, 1, 1), D(2026, 2, 10)), (D(2026, 3, 1), None)]


def test_breaks_between_stretches_count_the_days_without():
    spans = [(D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 3, 2), D(2026, 3, 31))]
    (gap,) = breaks(spans)
    assert (gap.after, gap.until, gap.days) == (D(2026, 1, 31), D(2026, 3, 2), 29)


def test_open_break_since_the_last_offer_ended():
    spans = [(D(2026, 9, 1), D(2026, 10, 1))]
    gap = open_break(spans, DAY)
    assert gap is not None and gap.days == 48 and gap.until is None
    assert too_long(gap, 30) and not too_long(gap, 48)


def test_open_break_up_to_a_planned_start_and_none_while_in_an_offer():
    planned = [(D(2026, 9, 1), D(2026, 10, 1)), (D(2026, 12, 1), None)]
    gap = open_break(planned, DAY)
    assert gap is not None and gap.until == D(2026, 12, 1) and gap.days == 60
    assert open_break([(D(2026, 9, 1), None)], DAY) is None  # in one today
    assert open_break([(D(2026, 9, 1), DAY)], DAY) is None  # its last day is today
    assert open_break([], DAY) is None  # never in one: the first-offer deadline's matter
