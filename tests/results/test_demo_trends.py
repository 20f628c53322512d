"""The default demo lives through the project's first year as domain.md reports it, measured
against a synthetic national series that goes through the real statistics import.

The demo is built once for the module (it takes seconds) with a fixed `today`, read from the
figure table as a dashboard would, and rolled back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import transaction

from fremdrift.core.months import month_index
from fremdrift.demo.generator import DemoSummary, build_demo, citizen_counts
from fremdrift.results.models import FigureState, FigureValue, Source, StatisticsImport

TODAY = dt.date(2026, 11, 15)
LAST = month_index(TODAY) - 1  # the last complete month: October 2026
BASELINE = LAST - 12
OBJECTIVES = ("M1", "M2", "M3")

Pair = tuple[float, float | None]
# The mark makes pytest-django create the test database, which the module's fixture then
# builds the demo in; the tests themselves only read what the fixture kept.
pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Built:
    summary: DemoSummary
    horizon: int | None
    # (municipality code, figure, month) -> (numerator, denominator), own figures in total
    own: dict[tuple[str, str, int], Pair]
    project: list[str]
    # (figure, month) -> (numerator, denominator), the imported national series
    national: dict[tuple[str, int], Pair]
    national_extracted: set[dt.date]
    imports: list[tuple[str, str, str, dt.date]]  # (source, file, note, extracted on)


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker) -> Built:
    with django_db_blocker.unblock(), transaction.atomic():
        summary = build_demo(seed=2016, today=TODAY)
        rows = FigureValue.objects.filter(figure__in=OBJECTIVES, dim="", period_kind="M")
        own = {
            (code, figure, month): (n, d)
            for code, figure, month, n, d in rows.filter(
                source=Source.OWN, municipality__in_project=True, month__in=(BASELINE, LAST)
            ).values_list("municipality__code", "figure", "month", "numerator", "denominator")
        }
        national_rows = rows.filter(municipality__isnull=True)
        built = Built(
            summary=summary,
            horizon=FigureState.objects.values_list("horizon", flat=True).first(),
            own=own,
            project=sorted({code for code, _figure, _month in own}),
            national={
                (figure, month): (n, d)
                for figure, month, n, d in national_rows.values_list(
                    "figure", "month", "numerator", "denominator"
                )
            },
            national_extracted=set(national_rows.values_list("extracted_on", flat=True)),
            imports=list(
                StatisticsImport.objects.values_list("source", "file_name", "note", "extracted_on")
            ),
        )
        transaction.set_rollback(True)
    return built


def share(pair: Pair) -> float:
    numerator, denominator = pair
    assert denominator
    return 100 * numerator / denominator


def changes(built: Built, figure: str) -> dict[str, float]:
    return {
        code: share(built.own[(code, figure, LAST)]) - share(built.own[(code, figure, BASELINE)])
        for code in built.project
    }


def above_national(built: Built, figure: str, month: int) -> int:
    national = share(built.national[(figure, month)])
    return sum(share(built.own[(code, figure, month)]) > national for code in built.project)


def test_the_build_fills_the_figure_table_and_returns_the_usual_summary(built):
    counts = citizen_counts(country=False)
    assert built.summary.municipalities == 17
    assert built.summary.citizens == sum(counts.values())
    assert built.horizon == month_index(TODAY)
    assert len(built.project) == 17
    for code in built.project:
        for figure in OBJECTIVES:
            for month in (BASELINE, LAST):
                assert built.own[(code, figure, month)][1] > 0, (code, figure, month)


def test_m1_rises_by_9_to_29_points_in_every_project_municipality(built):
    rises = changes(built, "M1")
    assert all(9 <= rise <= 29 for rise in rises.values()), rises


def test_m2_changes_by_minus_4_to_plus_68_points_spread_across_the_range(built):
    moves = changes(built, "M2")
    assert all(-4 <= move <= 68 for move in moves.values()), moves
    assert sum(move < 0 for move in moves.values()) <= 3
    assert sum(move < 10 for move in moves.values()) >= 4  # some small
    assert sum(move > 40 for move in moves.values()) >= 2  # a couple large
    assert max(moves.values()) - min(moves.values()) > 45


def test_m3_changes_by_minus_5_to_plus_26_points_and_rises_in_15_of_17(built):
    moves = changes(built, "M3")
    assert all(-5 <= move <= 26 for move in moves.values()), moves
    assert sum(move > 0 for move in moves.values()) == 15


def test_more_municipalities_are_above_the_national_average_a_year_later(built):
    # domain.md: M1 three above at the start and five a year later; M3 four and nine.
    for figure, (before, after) in {"M1": (3, 5), "M3": (4, 9)}.items():
        at_baseline = above_national(built, figure, BASELINE)
        a_year_later = above_national(built, figure, LAST)
        assert abs(at_baseline - before) <= 1, (figure, at_baseline)
        assert abs(a_year_later - after) <= 1, (figure, a_year_later)
        assert a_year_later > at_baseline


def test_the_national_series_covers_36_months_and_moves_only_slightly(built):
    months = range(LAST - 35, LAST + 1)
    for figure in OBJECTIVES:
        assert {m for f, m in built.national if f == figure} == set(months)
        for month in months:
            numerator, denominator = built.national[(figure, month)]
            assert 1_000 <= denominator <= 100_000  # a country's count, in the thousands
            assert 0 < numerator < denominator
        shares = [share(built.national[(figure, month)]) for month in months]
        assert max(shares) - min(shares) < 5
        assert abs(shares[-1] - shares[-13]) < 3


def test_the_national_series_comes_through_the_import_and_says_it_is_synthetic(built):
    assert built.national_extracted == {dt.date(2026, 11, 1)}
    assert built.imports
    for source, file_name, note, extracted_on in built.imports:
        assert source == Source.JOBINDSATS
        assert file_name.endswith(".csv")
        assert "syntetisk" in note.lower()
        assert extracted_on == dt.date(2026, 11, 1)
