"""The benefit spell table behind the median (results.spells, issue 14 item 5).

A write replaces the citizen's spells and recomputes the median only for the months whose
spells changed; the table and the median then equal a full rebuild's. The sweep over chosen
months equals the sweep over every month.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fremdrift.core import clock
from fremdrift.core.months import month_index
from fremdrift.journey import services
from fremdrift.journey.models import BenefitType, Period
from fremdrift.results import spells
from fremdrift.results.models import FigureValue
from fremdrift.results.refresh import rebuild
from fremdrift.results.sweeps import median_days
from tests.results.helpers import citizen, figure_table, in_m2, period, spell_table

D = dt.date


def test_the_median_of_chosen_months_equals_the_sweep_over_every_month():
    rows = [
        (1, D(2020, 1, 10), 100, 130),
        (1, D(2020, 3, 5), 102, 104),
        (1, D(2019, 7, 1), 98, 140),
    ]
    every = median_days(rows, since=0, last=140)
    months = [99, 103, 104, 105, 131]
    chosen = spells.median_at(1, [(s.toordinal(), f, la) for _mu, s, f, la in rows], months)
    assert chosen == {key: value for key, value in every.items() if key[4] in months}
    assert chosen[(1, "benefit_median", "", "", 103)][1] == 3.0  # all three spells run


spell = st.tuples(
    st.integers(0, 400).map(lambda n: D(2018, 1, 1) + dt.timedelta(days=n)),
    st.integers(24216, 24240),
    st.integers(0, 20),
).map(lambda t: (7, t[0], t[1], t[1] + t[2]))


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(spell, max_size=25), months=st.sets(st.integers(24210, 24265), min_size=1))
def test_the_median_at_any_months_equals_the_sweep(rows, months):
    chosen = sorted(months)
    lo, hi = chosen[0], chosen[-1]
    # As spells.medians reads them: the spells running somewhere in lo..hi.
    running = [(s.toordinal(), f, la) for _mu, s, f, la in rows if la >= lo and f <= hi]
    every = median_days(rows, since=0, last=hi)
    expected = {key: value for key, value in every.items() if key[4] in months}
    assert spells.median_at(7, running, chosen) == expected


def test_ending_a_spell_changes_the_months_after_its_new_end_only():
    before = [(1, 5, 737000, 100, 120), (2, 5, 737100, 90, 130)]
    after = [(1, 5, 737000, 100, 112), (2, 5, 737100, 90, 130)]
    assert spells.changed_months(before, after) == {5: list(range(113, 121))}
    assert spells.changed_months(before, before) == {}


def test_a_spell_that_only_moves_to_another_citizen_changes_no_month():
    # The same start running the same months: no month's median can change.
    assert spells.changed_months([(1, 5, 737000, 100, 120)], [(2, 5, 737000, 100, 120)]) == {}


@pytest.mark.django_db
def test_the_rebuild_keeps_one_row_per_spell_within_each_programme(odense):
    who = citizen(odense)
    period(who, "programme", D(2020, 1, 1), D(2021, 6, 30))
    period(who, "benefit", D(2020, 1, 1), D(2020, 5, 31))
    period(who, "benefit", D(2020, 6, 1), None, benefit="kontanthjaelp")  # the spell runs on
    period(who, "programme", D(2022, 1, 1), None)
    rebuild()
    h = month_index(clock.today())
    assert spell_table() == [
        (who.pk, odense.pk, D(2020, 1, 1), month_index(D(2020, 1, 1)), month_index(D(2021, 6, 1))),
        (who.pk, odense.pk, D(2020, 1, 1), month_index(D(2022, 1, 1)), h),
    ]


@pytest.mark.django_db
def test_a_benefit_ending_updates_the_spells_and_the_median_as_a_rebuild(
    odense, holbaek, odense_caseworker
):
    today = clock.today()
    people = [citizen(odense) for _ in range(3)]
    for i, who in enumerate(people):
        in_m2(who, today - dt.timedelta(days=400 + 90 * i))
    in_m2(citizen(holbaek), today - dt.timedelta(days=300))
    rebuild()
    holbaek_rows = FigureValue.objects.filter(municipality=holbaek, figure="benefit_median")
    holbaek_before = sorted(holbaek_rows.values_list("pk", "month", "numerator"))
    earlier = month_index(today) - 3
    untouched = FigureValue.objects.get(municipality=odense, figure="benefit_median", month=earlier)

    benefit = Period.objects.get(citizen=people[0], kind="benefit")
    services.period_end(actor=odense_caseworker, period=benefit, end=today - dt.timedelta(days=40))
    # The spell no longer runs this month: two spells left in it.
    now = FigureValue.objects.get(
        municipality=odense, figure="benefit_median", month=month_index(today)
    )
    assert now.denominator == 2.0
    # Months before the end were not rewritten, another municipality not touched.
    assert FigureValue.objects.filter(pk=untouched.pk, numerator=untouched.numerator).exists()
    assert sorted(holbaek_rows.values_list("pk", "month", "numerator")) == holbaek_before

    services.benefit_change(
        actor=odense_caseworker,
        citizen=people[1],
        benefit_type=BenefitType.objects.get(code="kontanthjaelp"),
        on=today - dt.timedelta(days=20),
    )
    incremental, spell_rows = figure_table(), spell_table()
    rebuild()
    assert incremental == figure_table()
    assert spell_rows == spell_table()


@pytest.mark.django_db
def test_the_database_and_the_sweep_pick_the_medians_the_rebuild_wrote(odense):
    today = clock.today()
    h = month_index(today)
    for i in range(5):  # odd and even numbers of spells in the months, ties included
        who = citizen(odense)
        start = today - dt.timedelta(days=700 - 60 * i + (30 if i == 3 else 0))
        period(who, "programme", start)
        period(who, "benefit", start, None if i % 2 else today - dt.timedelta(days=100 * i + 50))
    rebuild()
    months = list(range(h - 30, h + 1))
    written = {
        k: v for k, v in figure_table().items() if k[1] == "benefit_median" and k[4] >= h - 30
    }
    assert len({v[1] for v in written.values()}) >= 3  # the months hold different numbers
    assert spells.medians(odense.pk, months, few=0) == written
    assert spells.medians(odense.pk, months, few=len(months)) == written
    some = months[::7]
    assert spells.medians(odense.pk, some, few=0) == spells.medians(odense.pk, some)
