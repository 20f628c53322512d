"""Progression arithmetic: hand-worked cases and properties (hypothesis)."""

import datetime as dt
from statistics import fmean

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fremdrift.instruments.change import (
    Reading,
    change_between,
    progress_of,
    summarise,
)

D = dt.date(2025, 1, 1)
ITEMS = ["danish", "health", "network"]


def r(citizen: int, day: int, scores: dict, *, respondent="caseworker", scale=(1, 10), rid=None):
    return Reading(citizen, respondent, D + dt.timedelta(days=day), rid or day, scale, scores)


def test_change_compares_only_items_both_readings_scored_on_the_same_scale():
    first = r(1, 0, {"danish": 2, "health": 5})
    latest = r(1, 90, {"danish": 6, "network": 4})
    assert change_between(first, latest) == {"danish": 4}
    rescaled = r(1, 180, {"danish": 3}, scale=(1, 5))
    assert change_between(latest, rescaled) == {}


def test_since_first_and_since_previous():
    (progress,) = progress_of(
        [r(1, 180, {"danish": 7}), r(1, 0, {"danish": 2}), r(1, 90, {"danish": 5})]
    )
    assert [x.taken_on.day for x in progress.readings] == [1, 1, 30]  # ordered by date
    assert progress.since_first == {"danish": 5}
    assert progress.since_previous == {"danish": 2}
    assert progress.overall_first == 2 and progress.overall_latest == 7


def test_a_single_reading_is_not_measured():
    (progress,) = progress_of([r(1, 0, {"danish": 2})])
    assert not progress.measured and progress.overall_change is None
    summary = summarise([progress], ITEMS)
    assert summary.citizens == 1 and summary.measured == 0 and summary.mean_change is None
    assert summary.dimensions["danish"].measured == 0


def test_overall_uses_the_same_items_in_first_and_latest():
    # Health only in the first reading: it must not pull the first overall score up.
    (progress,) = progress_of([r(1, 0, {"danish": 2, "health": 9}), r(1, 90, {"danish": 4})])
    assert progress.overall_first == 2 and progress.overall_change == 2


def test_group_summary_hand_worked():
    readings = [
        r(1, 0, {"danish": 2, "health": 4}), r(1, 90, {"danish": 5, "health": 4}),
        r(2, 0, {"danish": 6, "health": 6}), r(2, 90, {"danish": 4, "health": 7}),
        r(3, 0, {"danish": 3}),
    ]  # fmt: skip
    summary = summarise(progress_of(readings), ITEMS)
    assert (summary.citizens, summary.measured) == (3, 2)
    danish = summary.dimensions["danish"]
    assert (danish.improved, danish.unchanged, danish.worse) == (1, 0, 1)
    assert danish.mean_change == pytest.approx(0.5)  # (+3 - 2) / 2
    health = summary.dimensions["health"]
    assert (health.improved, health.unchanged, health.worse) == (1, 1, 0)
    # Citizen 1: 3 -> 4.5; citizen 2: 6 -> 5.5. Positive: one of two.
    assert summary.mean_first == pytest.approx(4.5) and summary.mean_latest == pytest.approx(5)
    assert summary.positive == 1 and summary.share_positive == 0.5


scores = st.dictionaries(st.sampled_from(ITEMS), st.integers(1, 10), max_size=3)


@st.composite
def readings_lists(draw):
    readings = []
    rid = 0
    for citizen in range(draw(st.integers(0, 12))):
        for day in sorted(set(draw(st.lists(st.integers(0, 1000), max_size=5)))):
            rid += 1
            readings.append(r(citizen, day, draw(scores), rid=rid))
    return readings


@given(readings_lists())
def test_counts_add_up_and_shares_sum_to_one(readings):
    summary = summarise(progress_of(readings), ITEMS)
    assert summary.measured <= summary.citizens
    assert 0 <= summary.positive <= summary.measured
    for item in ITEMS:
        d = summary.dimensions[item]
        assert d.improved + d.unchanged + d.worse == d.measured <= summary.measured
        if d.measured:
            assert d.share_improved + d.share_unchanged + d.share_worse == pytest.approx(1)
            assert -9 <= d.mean_change <= 9


@given(readings_lists())
def test_mean_change_is_the_mean_of_the_citizens_changes(readings):
    progresses = progress_of(readings)
    summary = summarise(progresses, ITEMS)
    for item in ITEMS:
        deltas = [p.since_first[item] for p in progresses if item in p.since_first]
        if deltas:
            assert summary.dimensions[item].mean_change == pytest.approx(fmean(deltas))
    changes = [p.overall_change for p in progresses if p.measured]
    if changes:
        assert summary.mean_change == pytest.approx(fmean(changes))
        assert summary.positive == sum(1 for c in changes if c > 0)


@given(readings_lists())
def test_reversing_time_negates_every_change(readings):
    reversed_ = [
        Reading(x.citizen_id, x.respondent, D - (x.taken_on - D), -x.response_id, x.scale, x.scores)
        for x in readings
    ]
    forward = {p.citizen_id: p.since_first for p in progress_of(readings)}
    backward = {p.citizen_id: p.since_first for p in progress_of(reversed_)}
    assert backward == {c: {i: -v for i, v in ch.items()} for c, ch in forward.items()}


@given(readings_lists(), st.integers(-3, 3))
def test_shifting_every_latest_score_shifts_the_mean_change(readings, shift):
    progresses = progress_of(readings)
    latest_ids = {p.latest.response_id for p in progresses}
    shifted = [
        Reading(x.citizen_id, x.respondent, x.taken_on, x.response_id, x.scale,
                {i: v + shift for i, v in x.scores.items()} if x.response_id in latest_ids
                else x.scores)
        for x in readings
    ]  # fmt: skip
    before = summarise(progresses, ITEMS)
    after = summarise(progress_of(shifted), ITEMS)
    for item in ITEMS:
        if before.dimensions[item].measured:
            assert after.dimensions[item].mean_change == pytest.approx(
                before.dimensions[item].mean_change + shift
            )
