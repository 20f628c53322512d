"""Method description, action plan and KL checklist URLs in the boundary test.

Also the small builders the part's tests share: documents made through the real services.
"""

from __future__ import annotations

import datetime as dt

import pytest

from fremdrift.instruments.services import load_builtin_instruments
from fremdrift.toolbox.actions.services import action_add, plan_create
from fremdrift.toolbox.checklist.services import checklist_create, checklist_update
from fremdrift.toolbox.method.services import method_create
from fremdrift.toolbox.models import (
    ActionPlan,
    Checklist,
    ChecklistAnswer,
    MethodDescription,
    PlanAction,
    Theme,
    TheoryItem,
    TheoryOfChange,
)

READERS = {"odense_caseworker", "odense_manager", "odense_consultant"}
CHANGERS = {"odense_manager"}

OBJECT_URLS: dict[str, tuple[str, set[str], str, dict]] = {
    "toolbox:method_detail": ("get", READERS, "plans_method_kwargs", {}),
    "toolbox:method_edit": ("get", CHANGERS, "plans_method_kwargs", {}),
    "toolbox:method_phase_edit": ("get", CHANGERS, "plans_phase_kwargs", {}),
    "toolbox:method_share": ("post", CHANGERS, "plans_method_kwargs", {"shared": "0"}),
    "toolbox:method_pdf": ("get", READERS, "plans_method_kwargs", {}),
    "toolbox:method_present": ("get", READERS, "plans_method_kwargs", {}),
    "toolbox:plan_detail": ("get", READERS, "plans_plan_kwargs", {}),
    "toolbox:plan_edit": ("get", CHANGERS, "plans_plan_kwargs", {}),
    "toolbox:action_create": ("get", CHANGERS, "plans_plan_kwargs", {}),
    "toolbox:action_edit": ("get", CHANGERS, "plans_action_kwargs", {}),
    "toolbox:status_round": ("get", CHANGERS, "plans_plan_kwargs", {}),
    "toolbox:plan_share": ("post", CHANGERS, "plans_plan_kwargs", {"shared": "0"}),
    "toolbox:plan_pdf": ("get", READERS, "plans_plan_kwargs", {}),
    "toolbox:plan_present": ("get", READERS, "plans_plan_kwargs", {}),
    "toolbox:checklist_detail": ("get", READERS, "plans_checklist_kwargs", {}),
    "toolbox:checklist_edit": ("get", CHANGERS, "plans_checklist_kwargs", {}),
    "toolbox:checklist_to_action": ("post", CHANGERS, "plans_answer_kwargs", {}),
    "toolbox:checklist_pdf": ("get", READERS, "plans_checklist_kwargs", {}),
    "toolbox:checklist_present": ("get", READERS, "plans_checklist_kwargs", {}),
}

FIXTURES = (
    "plans_method_kwargs",
    "plans_phase_kwargs",
    "plans_plan",
    "plans_plan_kwargs",
    "plans_action_kwargs",
    "plans_checklist_kwargs",
    "plans_answer_kwargs",
)

TODAY = dt.date(2026, 5, 4)


# -- Builders the tests share -----------------------------------------------------------


def make_method(manager, *, title: str = "Borgerforløb, aktivitetsparate") -> MethodDescription:
    return method_create(actor=manager, title=title, target_group="Aktivitetsparate borgere")


def make_theory(manager, texts: tuple[str, ...] = ("Praktik i en virksomhed",)) -> TheoryOfChange:
    theory = TheoryOfChange.objects.create(
        municipality=manager.municipality,
        title="Forandringsteori, aktivitetsparate",
        target_group="Aktivitetsparate",
        created_by=manager,
    )
    for position, text in enumerate(texts):
        TheoryItem.objects.create(theory=theory, horizon="activity", text=text, position=position)
    return theory


def make_plan(manager, *, title: str = "Handleplan 2026", theory=None) -> ActionPlan:
    return plan_create(actor=manager, title=title, theory=theory)


def make_action(
    manager, plan: ActionPlan, *, due: dt.date = TODAY, theme: str = Theme.TOOLS, **extra
) -> PlanAction:
    extra.setdefault("owner", manager)
    return action_add(
        actor=manager, plan=plan, theme=theme, what=extra.pop("what", "Skriv en procesbeskrivelse"),
        due=due, **extra,
    )  # fmt: skip


def make_checklist(manager, *, title: str = "KL's tjekliste, ledergruppen") -> Checklist:
    load_builtin_instruments()
    return checklist_create(actor=manager, title=title, today=TODAY)


def answer(
    manager, checklist: Checklist, item: str, choice: str, note: str = ""
) -> ChecklistAnswer:
    checklist_update(
        actor=manager,
        checklist=checklist,
        title=checklist.title,
        filled_on=checklist.filled_on,
        answers={item: (choice, note)},
        expected_version=checklist.edit_version,
    )
    return ChecklistAnswer.objects.get(checklist=checklist, item=item)


# -- Boundary fixtures ------------------------------------------------------------------


@pytest.fixture
def plans_method_kwargs(odense_manager) -> dict:
    return {"pk": make_method(odense_manager).pk}


@pytest.fixture
def plans_phase_kwargs(odense_manager) -> dict:
    return {"pk": make_method(odense_manager).pk, "number": 2}


@pytest.fixture
def plans_plan(odense_manager) -> ActionPlan:
    return make_plan(odense_manager)


@pytest.fixture
def plans_plan_kwargs(plans_plan) -> dict:
    return {"pk": plans_plan.pk}


@pytest.fixture
def plans_action_kwargs(odense_manager, plans_plan) -> dict:
    return {"pk": make_action(odense_manager, plans_plan).pk}


@pytest.fixture
def plans_checklist_kwargs(odense_manager) -> dict:
    return {"pk": make_checklist(odense_manager).pk}


@pytest.fixture
def plans_answer_kwargs(odense_manager) -> dict:
    checklist = make_checklist(odense_manager)
    return {"pk": answer(odense_manager, checklist, "visitation-hurtig", "no", "For langsomt").pk}
