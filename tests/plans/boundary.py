"""The plan URLs in the boundary test (tests/test_boundary.py collects this module).

Fixtures here give the URL kwargs for objects belonging to the Odense citizen.
"""

from __future__ import annotations

import pytest

from tests.plans.factories import PlanFactory, SubGoalFactory

READERS = {"odense_caseworker", "odense_manager", "odense_consultant"}
EDITORS = {"odense_caseworker", "odense_manager"}

OBJECT_URLS: dict[str, tuple[str, set[str], str, dict]] = {
    "plans:detail": ("get", READERS, "odense_plan_kwargs", {}),
    "plans:pdf": ("get", READERS, "odense_plan_kwargs", {}),
    "plans:edit": ("get", EDITORS, "odense_plan_kwargs", {}),
    "plans:add_sub_goal": ("get", EDITORS, "odense_plan_kwargs", {}),
    "plans:edit_sub_goal": ("get", EDITORS, "odense_sub_goal_kwargs", {}),
    "plans:set_status": ("post", EDITORS, "odense_sub_goal_kwargs", {"status": "in_progress"}),
    "plans:follow_up": ("post", EDITORS, "odense_sub_goal_kwargs", {"text": "x"}),
    "plans:remove_sub_goal": ("post", EDITORS, "odense_sub_goal_kwargs", {}),
}

FIXTURES = ("odense_plan", "odense_plan_kwargs", "odense_sub_goal_kwargs")


@pytest.fixture
def odense_plan(odense_citizen):
    return PlanFactory(citizen=odense_citizen)


@pytest.fixture
def odense_plan_kwargs(odense_plan) -> dict:
    return {"citizen_pk": odense_plan.citizen_id}


@pytest.fixture
def odense_sub_goal_kwargs(odense_plan) -> dict:
    return {"pk": SubGoalFactory(plan=odense_plan).pk}
