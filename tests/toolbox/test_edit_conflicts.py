"""No lost updates in the toolbox: two managers load the same thing, both save; the second
gets EditConflict with what the first saved, and the first save stands (core/versioning.py).

Each second save is made on a fresh copy of the row, as the second request would load it,
with the version its form was loaded at.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fremdrift.core.versioning import EditConflict
from fremdrift.toolbox.actions.services import action_update, plan_update, status_round_save
from fremdrift.toolbox.checklist.services import checklist_update
from fremdrift.toolbox.method.services import method_phase_update, method_update
from fremdrift.toolbox.models import (
    ActionPlan,
    Checklist,
    ChecklistAnswer,
    MethodDescription,
    MethodPhase,
    PlanAction,
    ReflectionNote,
    Theme,
    TheoryItem,
    TheoryOfChange,
)
from fremdrift.toolbox.reflection.services import note_add, note_update
from fremdrift.toolbox.revisions import latest_revision
from fremdrift.toolbox.theory.services import item_update, target_group_save
from tests.conftest import login, version_in
from tests.factories import UserFactory
from tests.toolbox.boundary_plans import (
    make_action,
    make_checklist,
    make_method,
    make_plan,
)
from tests.toolbox.boundary_theory import build_theory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)


def test_method_description(odense_manager):
    first = make_method(odense_manager)
    second = MethodDescription.objects.get(pk=first.pk)
    values = {"title": first.title, "core_principles": "Job fra dag ét"}
    method_update(
        actor=odense_manager, description=first, target_group="Først", expected_version=1,
        **values,
    )  # fmt: skip
    with pytest.raises(EditConflict) as conflict:
        method_update(
            actor=odense_manager, description=MethodDescription.objects.get(pk=second.pk),
            target_group="Bagefter", expected_version=second.edit_version, **values,
        )  # fmt: skip
    assert (conflict.value.version, conflict.value.current.target_group) == (2, "Først")
    assert MethodDescription.objects.get(pk=first.pk).target_group == "Først"


def test_method_phase(odense_manager):
    phase = make_method(odense_manager).phases.get(number=1)
    method_phase_update(actor=odense_manager, phase=phase, tools="Først", expected_version=1)
    with pytest.raises(EditConflict):
        method_phase_update(
            actor=odense_manager, phase=MethodPhase.objects.get(pk=phase.pk), tools="Bagefter",
            expected_version=1,
        )  # fmt: skip
    assert MethodPhase.objects.get(pk=phase.pk).tools == "Først"


def _target_group(theory: TheoryOfChange, **changes: str) -> dict[str, str]:
    return {
        "title": theory.title,
        "target_group": theory.target_group,
        "segment": theory.segment,
        **changes,
    }


def test_theory_target_group(odense_manager):
    theory = build_theory(odense_manager)
    loaded = theory.edit_version
    target_group_save(
        actor=odense_manager, theory=theory, data=_target_group(theory, family="Først"),
        expected_version=loaded,
    )  # fmt: skip
    fresh = TheoryOfChange.objects.get(pk=theory.pk)
    with pytest.raises(EditConflict) as conflict:
        target_group_save(
            actor=odense_manager, theory=fresh, data=_target_group(fresh, family="Bagefter"),
            expected_version=loaded,
        )  # fmt: skip
    assert conflict.value.current.family == "Først"
    assert TheoryOfChange.objects.get(pk=theory.pk).family == "Først"


def test_theory_item(odense_manager):
    item = build_theory(odense_manager).items.first()
    item_update(actor=odense_manager, item=item, text="Først", leads_to=[], expected_version=1)
    with pytest.raises(EditConflict):
        item_update(
            actor=odense_manager, item=TheoryItem.objects.get(pk=item.pk), text="Bagefter",
            leads_to=[], expected_version=1,
        )  # fmt: skip
    assert TheoryItem.objects.get(pk=item.pk).text == "Først"


def test_action_plan(odense_manager):
    plan = make_plan(odense_manager)
    plan_update(actor=odense_manager, plan=plan, title="Først", expected_version=1)
    with pytest.raises(EditConflict):
        plan_update(
            actor=odense_manager, plan=ActionPlan.objects.get(pk=plan.pk), title="Bagefter",
            expected_version=1,
        )  # fmt: skip
    assert ActionPlan.objects.get(pk=plan.pk).title == "Først"


def _action_values(what: str, **extra: object) -> dict[str, object]:
    return {"theme": Theme.TOOLS, "what": what, "due": TODAY, "status": "not_started"} | extra


def test_plan_action(odense_manager):
    action = make_action(odense_manager, make_plan(odense_manager))
    action_update(
        actor=odense_manager, action=action, owner=odense_manager, expected_version=1,
        **_action_values("Først"),
    )  # fmt: skip
    with pytest.raises(EditConflict):
        action_update(
            actor=odense_manager, action=PlanAction.objects.get(pk=action.pk),
            owner=odense_manager, expected_version=1, **_action_values("Bagefter"),
        )  # fmt: skip
    assert PlanAction.objects.get(pk=action.pk).what == "Først"


def test_status_round(odense_manager):
    plan = make_plan(odense_manager)
    action = make_action(odense_manager, plan)
    loaded = latest_revision(plan)
    status_round_save(
        actor=odense_manager, plan=plan, entries={action.pk: ("in_progress", "Først")},
        today=TODAY, expected_version=loaded,
    )  # fmt: skip
    with pytest.raises(EditConflict):
        status_round_save(
            actor=odense_manager, plan=plan, entries={action.pk: ("done", "Bagefter")},
            today=TODAY, expected_version=loaded,
        )  # fmt: skip
    assert PlanAction.objects.get(pk=action.pk).status == "in_progress"
    # The round changed the action's status, so an action form loaded before it is stale.
    with pytest.raises(EditConflict):
        action_update(
            actor=odense_manager, action=PlanAction.objects.get(pk=action.pk),
            owner=odense_manager, expected_version=1, **_action_values("Skriv"),
        )  # fmt: skip


def test_an_action_changed_meanwhile_stales_the_status_round(odense_manager):
    plan = make_plan(odense_manager)
    action = make_action(odense_manager, plan)
    loaded = latest_revision(plan)
    action_update(
        actor=odense_manager, action=action, owner=odense_manager, expected_version=1,
        **_action_values("Ny tekst", status="done"),
    )  # fmt: skip
    with pytest.raises(EditConflict):
        status_round_save(
            actor=odense_manager, plan=plan, entries={action.pk: ("not_started", "")},
            today=TODAY, expected_version=loaded,
        )  # fmt: skip
    assert PlanAction.objects.get(pk=action.pk).status == "done"


def test_checklist(odense_manager):
    checklist = make_checklist(odense_manager)
    common = {"title": checklist.title, "filled_on": TODAY}
    checklist_update(
        actor=odense_manager, checklist=checklist, answers={"politisk-maal": ("yes", "Først")},
        expected_version=1, **common,
    )  # fmt: skip
    with pytest.raises(EditConflict):
        checklist_update(
            actor=odense_manager, checklist=Checklist.objects.get(pk=checklist.pk),
            answers={"politisk-maal": ("no", "Bagefter")}, expected_version=1, **common,
        )  # fmt: skip
    assert ChecklistAnswer.objects.get(item="politisk-maal").note == "Først"


def test_reflection_note(odense_manager):
    note = note_add(
        actor=odense_manager, focus_point="early_company", question="now", text="Start",
        written_on=TODAY,
    )  # fmt: skip
    note_update(actor=odense_manager, note=note, text="Først", written_on=TODAY, expected_version=1)
    with pytest.raises(EditConflict):
        note_update(
            actor=odense_manager, note=ReflectionNote.objects.get(pk=note.pk), text="Bagefter",
            written_on=TODAY, expected_version=1,
        )  # fmt: skip
    assert ReflectionNote.objects.get(pk=note.pk).text == "Først"


def test_the_second_manager_on_the_method_page_gets_the_conflict_page(odense, odense_manager):
    colleague = UserFactory(municipality=odense, role="manager")
    description = make_method(odense_manager)
    url = reverse("toolbox:method_edit", kwargs={"pk": description.pk})
    first, second = login(odense_manager), login(colleague)
    loaded = version_in(second.get(url).content.decode())
    values = {"title": description.title, "target_group": description.target_group}
    saved = first.post(url, values | {"core_principles": "Job fra dag ét", "version": loaded})
    assert saved.status_code == 302
    typed = values | {"core_principles": "Borgeren først", "version": loaded}
    response = second.post(url, typed)
    body = response.content.decode()
    assert response.status_code == 200 and 'id="conflict"' in body
    assert "Job fra dag ét" in body  # the saved principles, in the comparison
    assert "Borgeren først</textarea>" in body  # the second manager's, kept in the form
    assert version_in(body) == loaded + 1
    assert MethodDescription.objects.get(pk=description.pk).core_principles == "Job fra dag ét"
