"""When an agreed follow-up date counts as held on time (companies.follow_up_timing), as pure
functions."""

from __future__ import annotations

import datetime as dt

from fremdrift.companies.follow_up_timing import WINDOW_DAYS, held_dates, window_closes

D = dt.date
DATE = D(2026, 3, 15)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def test_the_window_is_a_week_either_side_both_ends_included():
    assert WINDOW_DAYS == 7
    assert held_dates([DATE], [DATE - days(7)]) == {DATE}
    assert held_dates([DATE], [DATE + days(7)]) == {DATE}
    assert held_dates([DATE], [DATE]) == {DATE}
    assert held_dates([DATE], [DATE - days(8)]) == set()
    assert held_dates([DATE], [DATE + days(8)]) == set()
    assert window_closes(DATE) == D(2026, 3, 22)


def test_nothing_agreed_or_nothing_held():
    assert held_dates([], [DATE]) == set()
    assert held_dates([DATE], []) == set()


def test_one_follow_up_holds_one_date_only():
    near = (DATE, DATE + days(3))
    assert held_dates(near, [DATE + days(1)]) == {DATE}
    assert held_dates(near, [DATE + days(1), DATE + days(2)]) == set(near)


def test_the_dates_are_assigned_so_that_as_many_as_possible_are_held():
    # The first follow-up could hold either date; the second only the later one. Taking
    # the earliest follow-up for the earliest date holds both.
    first, second = DATE, DATE + days(10)
    assert held_dates([second, first], [DATE + days(5), DATE + days(16)]) == {first, second}
    # One follow-up between two dates goes to the earlier one.
    assert held_dates([first, second], [DATE + days(5)]) == {first}


def test_a_follow_up_early_for_the_next_date_is_not_used_up_by_a_late_one():
    dates = (DATE, DATE + days(14))
    held = [DATE - days(2), DATE + days(9)]
    assert held_dates(dates, held) == set(dates)


def test_a_date_agreed_twice_counts_once_and_month_ends_are_plain_days():
    assert held_dates([DATE, DATE], [DATE]) == {DATE}
    assert held_dates([D(2026, 2, 27)], [D(2026, 3, 6)]) == {D(2026, 2, 27)}
    assert held_dates([D(2026, 12, 29)], [D(2027, 1, 5)]) == {D(2026, 12, 29)}
    assert window_closes(D(2024, 2, 25)) == D(2024, 3, 3)  # leap year
