"""Each figure against small hand-worked cases at its edges (issue 5, item 12)."""

from __future__ import annotations

import pytest

from tests.results.helpers import D, at, citizen, in_m2, period, values

pytestmark = pytest.mark.django_db


def test_m2_and_m3_count_the_reference_date_only(odense):
    a = citizen(odense)
    in_m2(a, D(2018, 1, 10))
    # Job-ready until the last day of March: counts on 31 March, not on 30 April.
    period(a, "visitation", D(2018, 1, 10), D(2018, 3, 31), code="job_ready")
    b = citizen(odense)
    in_m2(b, D(2018, 1, 10))
    # Ends the day before the reference date: not job-ready on 31 March.
    period(b, "visitation", D(2018, 1, 10), D(2018, 3, 30), code="job_ready")
    period(b, "visitation", D(2018, 3, 31), None, code="activity_ready")
    vals = values(odense)
    assert at(vals, odense, "M2", D(2018, 3, 1)) == (1, 2)
    assert at(vals, odense, "M2", D(2018, 4, 1)) == (0, 2)
    assert at(vals, odense, "activity_ready", D(2018, 3, 1)) == (1, None)
    # A programme that started after the reference date of January counts from February.
    assert at(vals, odense, "M2", D(2018, 1, 1)) == (2, 2)


def test_m2_needs_the_integration_benefit(odense):
    a = citizen(odense)
    period(a, "programme", D(2018, 1, 1))
    period(a, "benefit", D(2018, 1, 1), D(2018, 2, 27), benefit="integrationsydelse")
    period(a, "benefit", D(2018, 2, 28), None, benefit="kontanthjaelp")
    period(a, "visitation", D(2018, 1, 1), None, code="job_ready")
    vals = values(odense)
    assert at(vals, odense, "M2", D(2018, 1, 1)) == (1, 1)
    assert at(vals, odense, "M2", D(2018, 2, 1)) is None
    # Still in the programme and job-ready: the zero-point counts do not need the benefit.
    assert at(vals, odense, "job_ready", D(2018, 2, 1)) == (1, None)


def test_overlapping_company_oriented_offers_count_once(odense):
    a = citizen(odense)
    in_m2(a, D(2018, 1, 1))
    period(a, "offer", D(2018, 2, 1), D(2018, 4, 30), offer="virksomhedspraktik")
    period(a, "offer", D(2018, 3, 1), D(2018, 5, 31), offer="loentilskud_privat")
    period(a, "offer", D(2018, 3, 1), D(2018, 8, 31), offer="du2")  # not company-oriented
    vals = values(odense)
    assert at(vals, odense, "M3", D(2018, 1, 1)) == (0, 1)
    assert at(vals, odense, "M3", D(2018, 3, 1)) == (1, 1)
    assert at(vals, odense, "M3", D(2018, 5, 1)) == (1, 1)
    assert at(vals, odense, "M3", D(2018, 6, 1)) == (0, 1)
    assert at(vals, odense, "company_now", D(2018, 4, 1)) == (1, None)
    assert at(vals, odense, "company_started", D(2018, 3, 1)) == (1, None)
    assert at(vals, odense, "company_started", D(2018, 2, 1)) == (1, None)


@pytest.mark.parametrize(
    ("birth", "month", "counted"),
    [
        (D(2000, 5, 31), D(2018, 5, 31), True),  # turns 18 on the reference date
        (D(2000, 6, 1), D(2018, 5, 31), False),  # turns 18 the day after
        (D(2000, 6, 1), D(2018, 6, 30), True),
        (D(1953, 5, 31), D(2018, 5, 31), False),  # turns 65 on the reference date
        (D(1953, 5, 31), D(2018, 4, 30), True),
        (D(1953, 6, 1), D(2018, 5, 31), True),  # still 64 on the reference date
        (D(2000, 2, 29), D(2018, 2, 28), False),  # a 29 February birthday is 1 March
        (D(2000, 2, 29), D(2018, 3, 31), True),
    ],
)
def test_m1_counts_ages_18_to_64_on_the_reference_date(odense, birth, month, counted):
    a = citizen(odense, birth=birth)
    period(a, "programme", D(2017, 6, 1))
    vals = values(odense)
    assert (at(vals, odense, "M1", month) or (0, 0))[1] == (1 if counted else 0)


@pytest.mark.parametrize(
    ("start", "month", "counted"),
    [
        (D(2016, 1, 1), D(2018, 12, 31), True),  # exactly 36 months
        (D(2015, 12, 31), D(2018, 12, 31), False),  # 36 months and a day
        (D(2015, 12, 31), D(2018, 11, 30), True),
        (D(2018, 12, 31), D(2018, 12, 31), True),  # started on the reference date
    ],
)
def test_m1_programme_start_within_36_months(odense, start, month, counted):
    a = citizen(odense)
    period(a, "programme", start, D(2016, 6, 30) if start.year < 2016 else None)
    vals = values(odense)
    assert (at(vals, odense, "M1", month) or (0, 0))[1] == (1 if counted else 0)


def test_m1_numerator_self_support_and_education(odense):
    job = citizen(odense)
    period(job, "programme", D(2017, 1, 1), D(2017, 12, 31))
    period(job, "outcome", D(2018, 1, 1), code="ordinary_job")
    job_and_benefit = citizen(odense)
    period(job_and_benefit, "programme", D(2017, 1, 1), D(2017, 12, 31))
    period(job_and_benefit, "outcome", D(2018, 1, 1), code="ordinary_job")
    # A top-up benefit during the job: not self-supporting until it stops.
    period(job_and_benefit, "benefit", D(2018, 1, 1), D(2018, 3, 31), benefit="kontanthjaelp")
    school = citizen(odense)
    period(school, "programme", D(2017, 1, 1), D(2017, 12, 31))
    period(school, "outcome", D(2018, 1, 1), code="ordinary_education")
    western = citizen(odense, country="DE")
    period(western, "programme", D(2017, 1, 1), D(2017, 12, 31))
    period(western, "outcome", D(2018, 1, 1), code="ordinary_job")
    vals = values(odense)
    assert at(vals, odense, "M1", D(2017, 12, 1)) == (0, 3)
    assert at(vals, odense, "M1", D(2018, 3, 1)) == (2, 3)
    assert at(vals, odense, "M1", D(2018, 4, 1)) == (3, 3)


def test_m1_leaves_out_citizens_who_moved_away(odense):
    a = citizen(odense)
    period(a, "programme", D(2017, 1, 1), D(2018, 3, 14))
    period(a, "outcome", D(2018, 3, 15), code="moved")
    b = citizen(odense)
    period(b, "programme", D(2017, 1, 1), D(2018, 3, 30))
    period(b, "outcome", D(2018, 3, 31), code="moved")  # moved on the reference date
    vals = values(odense)
    assert at(vals, odense, "M1", D(2018, 2, 1)) == (0, 2)
    assert at(vals, odense, "M1", D(2018, 3, 1)) is None
    assert at(vals, odense, "outflow_other", D(2018, 3, 1)) == (2, None)


def test_benefit_spells_run_on_across_benefit_types(odense):
    a = citizen(odense)
    period(a, "programme", D(2017, 1, 10))
    period(a, "benefit", D(2017, 1, 10), D(2017, 6, 30), benefit="integrationsydelse")
    period(a, "benefit", D(2017, 7, 1), None, benefit="selvforsoergelsesydelse")
    b = citizen(odense)
    period(b, "programme", D(2017, 1, 10))
    period(b, "benefit", D(2017, 1, 10), D(2017, 6, 29))
    period(b, "benefit", D(2017, 7, 1), None)  # a day without benefit: a new spell
    vals = values(odense)
    # On 31 July 2017: a has 202 days (since 10 January), b 30 days (since 1 July).
    assert at(vals, odense, "benefit_median", D(2017, 7, 1)) == ((202 + 30) / 2, 2)
    assert at(vals, odense, "benefit_spell", D(2017, 7, 1), "duration", "6-11") == (1, None)
    assert at(vals, odense, "benefit_spell", D(2017, 7, 1), "duration", "0-5") == (1, None)
    assert at(vals, odense, "benefit_spell", D(2018, 1, 1), "duration", "12-23") == (1, None)


def test_first_offer_within_a_month_of_takeover(odense):
    on_time = citizen(odense)
    period(on_time, "programme", D(2018, 1, 31))
    period(on_time, "offer", D(2018, 2, 28), D(2018, 4, 30))  # 31 January + 1 month
    late = citizen(odense)
    period(late, "programme", D(2018, 1, 31))
    period(late, "offer", D(2018, 3, 1), D(2018, 4, 30))
    never = citizen(odense)
    period(never, "programme", D(2018, 1, 5))
    vals = values(odense)
    assert at(vals, odense, "first_offer", D(2018, 1, 1)) == (1, 3)
    assert at(vals, odense, "inflow", D(2018, 1, 1)) == (3, None)


def test_breakdowns_by_team_and_by_age_and_gender(odense, odense_caseworker):
    a = citizen(odense, birth=D(1995, 3, 10), caseworker=odense_caseworker, female=True)
    period(a, "programme", D(2018, 1, 1))
    b = citizen(odense, birth=D(1970, 3, 10))
    period(b, "programme", D(2018, 1, 1), D(2019, 12, 31))
    vals = values(odense, today=D(2020, 6, 15))
    team = str(odense_caseworker.team_id)
    assert at(vals, odense, "programme", D(2018, 2, 1), "team", team) == (1, None)
    assert at(vals, odense, "programme", D(2018, 2, 1), "team", "0") == (1, None)
    # a turns 23 in March 2018; b is 47 and male.
    assert at(vals, odense, "programme", D(2018, 2, 1), "age_gender", "18-24:F") == (1, None)
    assert at(vals, odense, "programme", D(2018, 2, 1), "age_gender", "40-49:M") == (1, None)
    assert at(vals, odense, "programme", D(2020, 4, 1), "age_gender", "25-29:F") == (1, None)
    assert at(vals, odense, "programme", D(2020, 4, 1), "age_gender", "50-64:M") is None
