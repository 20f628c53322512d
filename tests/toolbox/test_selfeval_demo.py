"""The demo's self-evaluation rounds and notes, built through the real services."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from fremdrift.accounts.roles import Role
from fremdrift.demo.self_evaluation import build_demo_reflections, build_demo_self_evaluation
from fremdrift.toolbox.models import ReflectionNote, SelfEvaluationParticipant
from fremdrift.toolbox.selfeval.selectors import round_report
from tests.toolbox.boundary_selfeval import staff

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def people(odense):
    leaders = staff(odense, Role.MANAGER, 5)
    employees = staff(odense, Role.CASEWORKER, 8) + staff(odense, Role.CONSULTANT, 4)
    return leaders, employees


def test_a_demo_round_has_plausible_answers_and_a_gap_that_tells_a_story(odense, people):
    leaders, employees = people
    evaluation = build_demo_self_evaluation(
        municipality=odense,
        leaders=leaders,
        employees=employees,
        rng=random.Random(7),
        opened_on=TODAY - dt.timedelta(days=30),
    )
    assert not evaluation.is_open
    assert evaluation.closed_at.date() == TODAY - dt.timedelta(days=9)
    participants = SelfEvaluationParticipant.objects.filter(round=evaluation).count()
    assert participants == evaluation.submissions.count() >= 6
    report = round_report(evaluation)
    comparison = report.comparison
    assert comparison.both_shown
    themes = {t.key: t for t in comparison.themes}
    # Leaders see leadership and organisation more positively than the employees do.
    assert themes["leadership"].gap > 0.5 and themes["organisation"].gap > 0.4
    assert abs(themes["employees"].gap) < themes["leadership"].gap
    assert comparison.items[0].gap > 1
    values = [
        v for s in evaluation.submissions.all() for v in s.answers.values() if v != "dont_know"
    ]
    assert set(values) <= {1, 2, 3, 4, 5} and len(set(values)) >= 4


def test_a_repeated_round_is_compared_with_the_first(odense, people):
    leaders, employees = people
    rng = random.Random(3)
    first = build_demo_self_evaluation(
        municipality=odense,
        leaders=leaders,
        employees=employees,
        rng=rng,
        opened_on=TODAY - dt.timedelta(days=400),
    )
    second = build_demo_self_evaluation(
        municipality=odense,
        leaders=leaders,
        employees=employees,
        rng=rng,
        opened_on=TODAY - dt.timedelta(days=30),
        previous=first,
    )
    assert second.previous == first and first.previous is None
    report = round_report(second)
    assert report.previous == first and report.changes
    moved = [c.employee.change for c in report.changes if c.employee.change is not None]
    assert sum(moved) / len(moved) > 0  # the employees' view has moved up


def test_an_open_demo_round(odense, people):
    leaders, employees = people
    evaluation = build_demo_self_evaluation(
        municipality=odense,
        leaders=leaders,
        employees=employees,
        rng=random.Random(1),
        opened_on=TODAY,
        close=False,
    )
    assert evaluation.is_open and evaluation.submissions.exists()


def test_demo_reflections_are_dated_notes_by_the_authors(odense, people, holbaek_caseworker):
    leaders, employees = people
    notes = build_demo_reflections(
        municipality=odense, authors=[leaders[0], *employees[:2], holbaek_caseworker], today=TODAY
    )
    assert 4 <= len(notes) == ReflectionNote.objects.count()
    assert {n.written_by for n in notes} == {leaders[0], *employees[:2]}
    assert all(n.written_on < TODAY for n in notes)
    assert len({n.focus_point for n in notes}) >= 4
