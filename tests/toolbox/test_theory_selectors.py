"""The theory selectors: the target group counted live, bound figures against their baseline
from hand-made figure rows, progression dimensions from caseworker readings."""

from __future__ import annotations

import datetime as dt

import pytest

from fremdrift.core import clock
from fremdrift.core.months import month_label
from fremdrift.instruments.services import load_builtin_instruments
from fremdrift.results.models import Baseline, FigureState, FigureValue
from fremdrift.results.selectors import latest_month
from fremdrift.toolbox.models import Horizon, Segment
from fremdrift.toolbox.theory.selectors import figure_month, figure_value, group_size, theory_page
from fremdrift.toolbox.theory.services import item_bind
from fremdrift.toolbox.theory.shape import dimension_names
from tests.progression.helpers import reading
from tests.results.helpers import citizen, period
from tests.toolbox.boundary_theory import build_theory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 20)
D = dt.date


def figure_row(municipality, month: int, numerator: float, denominator: float, code="M3"):
    return FigureValue.objects.create(
        municipality=municipality, figure=code, month=month,
        numerator=numerator, denominator=denominator,
    )  # fmt: skip


# -- the target group, live ---------------------------------------------------------------------


@pytest.fixture
def register(odense, holbaek):
    """Odense today: in the programme A (activity-ready), B (job-ready), C (was activity-ready,
    job-ready now), G (not visited); not in it: D (programme over), E (starts tomorrow).
    Holbæk: F, activity-ready."""
    yesterday, tomorrow = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
    a, b, c, d, e, g = (citizen(odense) for _ in range(6))
    for who in (a, b, c, g):
        period(who, "programme", D(2025, 9, 1))
    period(a, "visitation", D(2025, 9, 1), code="activity_ready")
    period(b, "visitation", D(2025, 9, 1), code="job_ready")
    period(c, "visitation", D(2025, 9, 1), yesterday, code="activity_ready")
    period(c, "visitation", TODAY, code="job_ready")
    period(d, "programme", D(2024, 1, 1), yesterday)
    period(d, "visitation", D(2024, 1, 1), code="activity_ready")
    period(e, "programme", tomorrow)
    period(e, "visitation", tomorrow, code="activity_ready")
    f = citizen(holbaek)
    period(f, "programme", D(2025, 9, 1))
    period(f, "visitation", D(2025, 9, 1), code="activity_ready")


def test_group_size_counts_only_the_segment_in_the_programme_today(odense, register):
    assert group_size(odense, Segment.ALL, today=TODAY).count == 4
    assert group_size(odense, Segment.ACTIVITY_READY, today=TODAY).count == 1
    assert group_size(odense, Segment.JOB_READY, today=TODAY).count == 2
    # Yesterday C was still activity-ready and D still in the programme.
    assert group_size(odense, Segment.ACTIVITY_READY, today=TODAY - dt.timedelta(days=1)).count == 3


def test_group_size_is_hidden_when_small_outside_the_municipality(odense, register):
    hidden = group_size(odense, Segment.ACTIVITY_READY, today=TODAY, suppress=True)
    assert hidden.count is None and hidden.display == "under 5"
    shown = group_size(odense, Segment.ACTIVITY_READY, today=TODAY)
    assert shown.display == "1" and shown.on == TODAY


# -- figures against their baseline -------------------------------------------------------------


def test_figure_value_against_the_default_baseline(odense):
    month = latest_month(TODAY)
    figure_row(odense, month, 62, 200)  # 31,0 %
    figure_row(odense, month - 12, 25, 100)  # 25,0 %
    figure_row(odense, month - 1, 90, 100)  # another month: not used
    value = figure_value(odense, "M3", today=TODAY)
    assert value.line == "M3: 31,0 % (baseline 25,0 %)"
    assert value.change_text == "+6,0 procentpoint siden baseline"
    assert value.direction == 1 and value.marker == "▲"
    assert month_label(month) in value.note and "standard" in value.note
    assert value.figure.code == "M3"


def test_figure_value_against_the_managers_baseline(odense, odense_manager):
    month = latest_month(TODAY)
    figure_row(odense, month, 62, 200)
    figure_row(odense, month - 12, 25, 100)
    figure_row(odense, month - 6, 40, 100)
    Baseline.objects.create(
        municipality=odense, figure="M3", month=month - 6, chosen_by=odense_manager
    )
    value = figure_value(odense, "M3", today=TODAY)
    assert value.line == "M3: 31,0 % (baseline 40,0 %)"
    assert value.change_text == "−9,0 procentpoint siden baseline"
    assert value.direction == -1 and value.marker == "▼"
    assert "standard" not in value.note and month_label(month - 6) in value.note


def test_figure_value_says_in_words_when_there_is_no_number(odense, holbaek):
    month = latest_month(TODAY)
    figure_row(odense, month - 12, 25, 100)
    assert figure_value(odense, "M3", today=TODAY).line == (
        f"M3: intet tal for {month_label(month)}"
    )
    figure_row(odense, month, 3, 4)  # under five in the population
    figure_row(holbaek, month, 62, 200)
    assert figure_value(odense, "M3", today=TODAY, suppress=True).line == (
        "M3: vises ikke (under 5)"
    )
    # Inside the municipality the small number is shown; a missing baseline says so.
    figure_row(odense, month, 1, 1, code="M2")
    value = figure_value(odense, "M2", today=TODAY)
    assert value.line == "M2: 100,0 % (baseline intet tal)" and value.change_text == ""
    assert value.direction is None


def test_figure_month_is_the_latest_computed_complete_month():
    assert figure_month(TODAY) == latest_month(TODAY)
    FigureState.objects.create(pk=1, horizon=latest_month(TODAY) - 3, rebuilt_at=clock.now())
    assert figure_month(TODAY) == latest_month(TODAY) - 3


def test_a_count_figure_is_named_not_coded(odense):
    month = latest_month(TODAY)
    figure_row(odense, month, 120, None, code="job_ready")
    figure_row(odense, month - 12, 98, None, code="job_ready")
    value = figure_value(odense, "job_ready", today=TODAY)
    assert value.line == "Jobparate: 120 (baseline 98)"
    assert value.change_text == "+22,0 siden baseline"


# -- progression dimensions ---------------------------------------------------------------------


def readings_for(odense, caseworker, count: int, first: int, latest: int) -> None:
    for _ in range(count):
        who = citizen(odense, caseworker=caseworker)
        reading(who, caseworker, D(2026, 1, 10), "caseworker", {"job_search": first, "danish": 5})
        reading(who, caseworker, D(2026, 4, 10), "caseworker", {"job_search": latest})


def test_dimension_value_is_the_mean_latest_against_the_mean_first(
    odense, odense_manager, odense_caseworker, facilitator
):
    load_builtin_instruments()
    assert dimension_names(odense)["job_search"] == "Jobsøgning"
    readings_for(odense, odense_caseworker, 5, first=3, latest=6)
    one = citizen(odense, caseworker=odense_caseworker)  # one reading only: not measured
    reading(one, odense_caseworker, D(2026, 1, 10), "caseworker", {"job_search": 10})
    theory = build_theory(odense_manager)
    medium = theory.items.get(horizon=Horizon.MEDIUM)
    item_bind(actor=odense_manager, item=medium, dimension="job_search")
    page = theory_page(theory, odense_manager, today=TODAY)
    value = page.values[medium.pk]
    assert value.line == "Jobsøgning: 6,0 (første måling 3,0)"
    assert value.change_text == "+3,0 point siden første måling"
    assert value.direction == 1 and "5 borgere" in value.note
    assert page.dimension_definitions == [value]
    # Someone without access to citizens (the facilitator on a shared document) sees none.
    theory.shared = True
    outside = theory_page(theory, facilitator, today=TODAY).values[medium.pk]
    assert outside.line == "Jobsøgning: vises kun for kommunens medarbejdere"
    assert outside.direction is None


def test_dimension_value_is_hidden_under_five_measured(odense, odense_manager, odense_caseworker):
    load_builtin_instruments()
    readings_for(odense, odense_caseworker, 4, first=3, latest=6)
    theory = build_theory(odense_manager)
    medium = theory.items.get(horizon=Horizon.MEDIUM)
    item_bind(actor=odense_manager, item=medium, dimension="job_search")
    value = theory_page(theory, odense_manager, today=TODAY).values[medium.pk]
    assert value.line == "Jobsøgning: vises ikke (færre end 5 borgere med to målinger)"
    assert value.change_text == ""


def test_page_lists_each_bound_figure_once_for_the_definitions(odense, odense_manager):
    month = latest_month(TODAY)
    figure_row(odense, month, 62, 200)
    theory = build_theory(odense_manager)
    for horizon in (Horizon.LONG, Horizon.MEDIUM):
        item_bind(actor=odense_manager, item=theory.items.get(horizon=horizon), figure="M3")
    page = theory_page(theory, odense_manager, today=TODAY)
    assert [v.code for v in page.definitions] == ["M3"]
    assert [c.horizon for c in page.columns] == ["activity", "short", "medium", "long"]
    assert [c.step for c in page.columns] == [4, 3, 2, 1]
    assert page.link_count == 3
    long = theory.items.get(horizon=Horizon.LONG)
    svg = str(page.diagram)
    assert svg.count('data-testid="theory-value"') == 2
    assert f'data-item="{long.pk}"' in svg and "M3: 31,0 %" in svg
