"""The demo's method description, action plan and KL checklist for Odense."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fremdrift.demo.action_plans import build_demo_action_plans
from fremdrift.toolbox.actions.selectors import plan_themes
from fremdrift.toolbox.models import (
    ActionPlan,
    Checklist,
    MethodDescription,
    PlanAction,
    StatusRound,
    Theme,
)
from fremdrift.toolbox.revisions import history
from tests.conftest import login
from tests.toolbox.boundary_plans import make_theory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)


@pytest.fixture
def demo(odense, odense_manager, odense_caseworker, odense_consultant):
    theory = make_theory(odense_manager, ("Praktik med mentor", "Sprogpraktik", "CV-værksted"))
    build_demo_action_plans(
        municipality=odense,
        author=odense_manager,
        staff=[odense_caseworker, odense_consultant, odense_manager],
        today=TODAY,
        theory=theory,
    )
    return theory


def test_the_demo_has_a_filled_method_description(demo):
    method = MethodDescription.objects.get()
    assert "aktivitetsparate" in method.target_group.lower()
    assert len(method.core_principles.splitlines()) == 5
    assert method.phases.count() == 3
    assert "Velkomstsamtale med tolk" in method.phases.get(number=1).citizen_level
    assert len(history(method)) == 4  # created, principles, two phases


def test_the_demo_plan_has_actions_in_all_themes_done_and_overdue(demo):
    plan = ActionPlan.objects.get()
    assert plan.theory == demo
    actions = list(plan.actions.all())
    assert 8 <= len(actions) <= 12
    assert {a.theme for a in actions} == set(Theme.values)
    assert any(a.status == "done" for a in actions)
    groups = plan_themes(plan, TODAY)
    assert sum(g.overdue_count for g in groups) >= 2
    linked = [a for a in actions if a.theory_items.exists()]
    assert len(linked) >= 8
    assert {i.theory_id for a in linked for i in a.theory_items.all()} == {demo.pk}
    owners = {a.owner_id for a in actions if a.owner_id} | {
        a.owner_external for a in actions if a.owner_external
    }
    assert len(owners) >= 4


def test_the_demo_plan_has_two_status_rounds_with_notes(demo):
    rounds = list(StatusRound.objects.order_by("year", "quarter"))
    assert [(r.year, r.quarter) for r in rounds] == [(2026, 1), (2026, 2)]
    for round_ in rounds:
        assert round_.notes.exclude(note="").count() >= 8


def test_the_demo_checklist_is_filled_and_some_answers_became_actions(demo):
    checklist = Checklist.objects.get()
    answers = list(checklist.answers.all())
    assert len(answers) == len(checklist.version.items())
    needs = [a for a in answers if a.answer in ("no", "partly")]
    made = [a for a in needs if a.actions.exists()]
    assert 0 < len(made) < len(needs)
    assert PlanAction.objects.filter(checklist_answer__isnull=False).count() == len(made)


def test_the_demo_pages_render(demo, odense_manager):
    client = login(odense_manager)
    plan = ActionPlan.objects.get()
    page = client.get(reverse("toolbox:plan_detail", kwargs={"pk": plan.pk})).content.decode()
    assert "Overskredet" in page and "Fra KL's tjekliste" in page
    checklist = Checklist.objects.get()
    page = client.get(
        reverse("toolbox:checklist_detail", kwargs={"pk": checklist.pk})
    ).content.decode()
    assert "Handling oprettet" in page and "Gør til handling" in page
