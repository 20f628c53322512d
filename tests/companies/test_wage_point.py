"""The wage point's arithmetic, as pure functions (no database)."""

import datetime as dt
from decimal import Decimal

from fremdrift.companies.wage_point import (
    COMPETENCES,
    Scored,
    WagePointStatus,
    latest_scores,
    wage_point_reached,
)

ALL_FOUR = dict.fromkeys(COMPETENCES, 4)


def test_no_level_set_is_no_wage_point():
    point = wage_point_reached(ALL_FOUR, Decimal(30), None, None)
    assert point.status == WagePointStatus.NO_LEVEL
    assert not point.reached


def test_exactly_at_the_level_is_reached():
    point = wage_point_reached(ALL_FOUR, Decimal("20.0"), Decimal("4.0"), Decimal("20"))
    assert point.status == WagePointStatus.REACHED
    assert (point.below, point.unscored, point.hours_short) == ((), (), None)


def test_one_competence_below_is_named_with_its_score():
    scores = {**ALL_FOUR, "danish_at_work": 3}
    point = wage_point_reached(scores, Decimal(20), Decimal(4), None)
    assert point.status == WagePointStatus.NOT_REACHED
    assert point.below == (("danish_at_work", 3),)


def test_a_half_point_level_needs_the_next_whole_score():
    point = wage_point_reached(ALL_FOUR, None, Decimal("3.5"), None)
    assert point.reached
    point = wage_point_reached({**ALL_FOUR, "quality": 3}, None, Decimal("3.5"), None)
    assert point.below == (("quality", 3),)


def test_a_missing_competence_counts_as_not_reached():
    scores = {key: 5 for key in COMPETENCES if key != "initiative"}
    scores["work_pace"] = None
    point = wage_point_reached(scores, Decimal(37), Decimal(4), Decimal(20))
    assert point.status == WagePointStatus.NOT_REACHED
    assert point.unscored == ("initiative", "work_pace")  # in the instrument's order


def test_hours_short_of_the_level():
    point = wage_point_reached(ALL_FOUR, Decimal("12.5"), Decimal(4), Decimal(20))
    assert point.hours_short == Decimal("7.5")
    assert not point.reached


def test_hours_unknown_when_the_period_has_none():
    point = wage_point_reached(ALL_FOUR, None, Decimal(4), Decimal(20))
    assert point.hours_unknown and not point.reached


def test_hours_only_level_ignores_the_scores():
    point = wage_point_reached({}, Decimal(25), None, Decimal(20))
    assert point.reached


def test_scores_only_level_ignores_the_hours():
    point = wage_point_reached(ALL_FOUR, None, Decimal(4), None)
    assert point.reached


def test_latest_score_per_competence_across_follow_ups():
    follow_ups = [
        Scored(dt.date(2026, 6, 1), 2, {"punctuality": 3, "quality": 2}),
        Scored(dt.date(2026, 5, 1), 1, {"punctuality": 1, "quality": 1, "initiative": 2}),
        # The newest left quality unscored ("not seen yet"): the earlier score stands.
        Scored(dt.date(2026, 7, 1), 3, {"punctuality": 4, "quality": None}),
    ]
    assert latest_scores(follow_ups) == {"punctuality": 4, "quality": 2, "initiative": 2}


def test_same_day_follow_ups_are_ordered_by_their_order():
    follow_ups = [
        Scored(dt.date(2026, 6, 1), 5, {"punctuality": 5}),
        Scored(dt.date(2026, 6, 1), 4, {"punctuality": 2}),
    ]
    assert latest_scores(follow_ups) == {"punctuality": 5}
