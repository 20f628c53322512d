"""Action plan services: owner and theory rules, the overdue rule, quarters, status rounds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError

from fremdrift.toolbox.actions.selectors import OverviewFilter, overview, plan_themes
from fremdrift.toolbox.actions.services import (
    action_add,
    action_update,
    is_overdue,
    next_quarter_end,
    plan_create,
    plan_set_shared,
    plan_update,
    quarter_end,
    quarter_of,
    status_round_save,
)
from fremdrift.toolbox.models import (
    ActionPlan,
    ActionStatus,
    PlanAction,
    Revision,
    StatusNote,
    StatusRound,
    Theme,
)
from fremdrift.toolbox.revisions import history, latest_revision
from tests.factories import UserFactory
from tests.toolbox.boundary_plans import (
    answer,
    make_action,
    make_checklist,
    make_plan,
    make_theory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)


# -- Quarters and the overdue rule ------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "quarter", "next_end"),
    [
        (dt.date(2026, 1, 1), (2026, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 3, 31), (2026, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 5, 4), (2026, 2), dt.date(2026, 9, 30)),
        (dt.date(2026, 9, 30), (2026, 3), dt.date(2026, 12, 31)),
        (dt.date(2026, 11, 15), (2026, 4), dt.date(2027, 3, 31)),
    ],
)
def test_quarters(day, quarter, next_end):
    assert quarter_of(day) == quarter
    assert next_quarter_end(day) == next_end


def test_quarter_end():
    assert [quarter_end(2026, q) for q in (1, 2, 3, 4)] == [
        dt.date(2026, 3, 31),
        dt.date(2026, 6, 30),
        dt.date(2026, 9, 30),
        dt.date(2026, 12, 31),
    ]


def test_overdue_starts_the_day_after_the_due_date(odense_manager):
    plan = make_plan(odense_manager)
    due_today = make_action(odense_manager, plan, due=TODAY, what="Frist i dag")
    due_yesterday = make_action(
        odense_manager, plan, due=TODAY - dt.timedelta(days=1), what="Frist i går"
    )
    in_progress = make_action(
        odense_manager, plan, due=TODAY - dt.timedelta(days=1), what="I gang",
        status=ActionStatus.IN_PROGRESS,
    )  # fmt: skip
    done = make_action(
        odense_manager, plan, due=TODAY - dt.timedelta(days=9), what="Klaret",
        status=ActionStatus.DONE,
    )  # fmt: skip
    dropped = make_action(
        odense_manager, plan, due=TODAY - dt.timedelta(days=9), what="Droppet",
        status=ActionStatus.DROPPED,
    )  # fmt: skip
    assert not is_overdue(due_today, TODAY)
    assert is_overdue(due_yesterday, TODAY)
    assert is_overdue(in_progress, TODAY)
    assert not is_overdue(done, TODAY)
    assert not is_overdue(dropped, TODAY)
    # The database's rule (used by the pages) agrees with the Python one.
    flagged = {r.action.pk for r in overview(odense_manager, TODAY, OverviewFilter()) if r.overdue}
    assert flagged == {due_yesterday.pk, in_progress.pk}
    # The next day, today's action is overdue too.
    tomorrow = dt.date(2026, 5, 5)
    flagged = {
        r.action.pk for r in overview(odense_manager, tomorrow, OverviewFilter()) if r.overdue
    }
    assert flagged == {due_today.pk, due_yesterday.pk, in_progress.pk}


def test_plan_groups_actions_by_the_five_themes_overdue_first(odense_manager):
    plan = make_plan(odense_manager)
    later = make_action(odense_manager, plan, due=TODAY + dt.timedelta(days=30), what="Senere")
    late = make_action(odense_manager, plan, due=TODAY - dt.timedelta(days=3), what="For sent")
    partner = make_action(odense_manager, plan, theme=Theme.PARTNERS, what="Virksomheder")
    groups = plan_themes(plan, TODAY)
    assert [g.theme for g in groups] == list(Theme.values)
    tools = next(g for g in groups if g.theme == Theme.TOOLS)
    assert [r.action.pk for r in tools.actions] == [late.pk, later.pk]
    assert tools.overdue_count == 1
    assert [r.action.pk for g in groups if g.theme == Theme.PARTNERS for r in g.actions] == [
        partner.pk
    ]
    assert all(not g.actions for g in groups if g.theme not in (Theme.TOOLS, Theme.PARTNERS))


# -- Owner, due date and theory rules ---------------------------------------------------


def _bad(plan, manager, **values):
    before = Revision.objects.count()
    with pytest.raises(ValidationError) as error:
        make_action(manager, plan, **values)
    assert not PlanAction.objects.exists()
    assert Revision.objects.count() == before
    return error.value.message_dict


def test_owner_must_be_a_user_of_the_municipality(odense_manager, holbaek_caseworker):
    plan = make_plan(odense_manager)
    errors = _bad(plan, odense_manager, owner=holbaek_caseworker)
    assert errors == {"owner": ["Den ansvarlige skal være en aktiv medarbejder i kommunen."]}


def test_an_inactive_user_cannot_own_an_action(odense_manager, odense):
    plan = make_plan(odense_manager)
    gone = UserFactory(municipality=odense, is_active=False)
    assert "owner" in _bad(plan, odense_manager, owner=gone)


def test_exactly_one_owner(odense_manager):
    plan = make_plan(odense_manager)
    both = _bad(plan, odense_manager, owner_external="Sprogskolen")
    assert both["owner"] == [
        "Vælg enten en medarbejder i kommunen eller skriv en ekstern ansvarlig, ikke begge."
    ]
    neither = _bad(plan, odense_manager, owner=None, owner_external="  ")
    assert neither["owner"] == [
        "Angiv, hvem der er ansvarlig: en medarbejder i kommunen eller en ekstern aktør."
    ]
    external = make_action(odense_manager, plan, owner=None, owner_external=" Sprogskolen ")
    assert (external.owner, external.owner_external) == (None, "Sprogskolen")


def test_due_date_what_and_theme_are_required(odense_manager):
    plan = make_plan(odense_manager)
    errors = _bad(plan, odense_manager, due=None, what=" ", theme="kaffe")
    assert errors == {
        "due": ["Sæt en frist for handlingen."],
        "what": ["Beskriv, hvad der skal gøres."],
        "theme": ["Vælg et af de fem temaer."],
    }


def test_theory_items_must_belong_to_the_municipality(odense_manager, holbaek_caseworker, holbaek):
    plan = make_plan(odense_manager)
    holbaek_manager = UserFactory(municipality=holbaek, role="manager")
    foreign = make_theory(holbaek_manager).items.get()
    errors = _bad(plan, odense_manager, theory_items=[foreign])
    assert errors == {
        "theory_items": [
            "Handlingen kan kun knyttes til punkter i kommunens egne forandringsteorier."
        ]
    }
    own = make_theory(odense_manager, ("Praktik", "Mentor")).items.all()
    action = make_action(odense_manager, plan, theory_items=own)
    assert sorted(i.text for i in action.theory_items.all()) == ["Mentor", "Praktik"]


def test_a_plan_cannot_point_to_another_municipalitys_theory(odense_manager, holbaek):
    holbaek_manager = UserFactory(municipality=holbaek, role="manager")
    with pytest.raises(ValidationError) as error:
        make_plan(odense_manager, theory=make_theory(holbaek_manager))
    assert error.value.message_dict == {"theory": ["Forandringsteorien hører ikke til kommunen."]}


# -- Versioning -------------------------------------------------------------------------


def test_each_change_to_a_plan_is_a_numbered_revision(odense_manager, odense_consultant):
    plan = make_plan(odense_manager)
    action = make_action(odense_manager, plan, what="Skriv procesbeskrivelsen")
    action_update(
        actor=odense_manager,
        action=action,
        theme=Theme.TOOLS,
        what="Skriv procesbeskrivelsen",
        due=TODAY + dt.timedelta(days=10),
        status=ActionStatus.IN_PROGRESS,
        owner=odense_consultant,
        expected_version=action.version,
    )
    revisions = history(plan)
    assert [r.number for r in revisions] == [3, 2, 1]
    assert [r.changed_by for r in revisions] == [odense_manager] * 3
    assert revisions[2].summary == "Oprettede handleplanen"
    assert revisions[1].summary == "Tilføjede handling: Skriv procesbeskrivelsen"
    assert revisions[0].summary == (
        "Ændrede handling: Skriv procesbeskrivelsen (frist, status, ansvarlig)"
    )
    [before] = revisions[1].snapshot["actions"]
    [after] = revisions[0].snapshot["actions"]
    assert (before["status"], before["due"], before["owner"]) == (
        "not_started",
        "2026-05-04",
        "Lars Bach",
    )
    assert (after["status"], after["due"], after["owner"]) == (
        "in_progress",
        "2026-05-14",
        "Sofie Lund",
    )


def test_an_update_without_a_change_records_nothing(odense_manager):
    plan = make_plan(odense_manager)
    action = make_action(odense_manager, plan)
    action_update(
        actor=odense_manager,
        action=action,
        theme=action.theme,
        what=action.what,
        due=action.due,
        status=action.status,
        owner=odense_manager,
        expected_version=action.version,
    )
    assert len(history(plan)) == 2


# -- The quarterly status round ---------------------------------------------------------


def test_one_status_round_per_plan_per_quarter(odense_manager, odense):
    other_manager = UserFactory(municipality=odense, role="manager")
    plan = make_plan(odense_manager)
    first = make_action(odense_manager, plan, what="Første")
    second = make_action(odense_manager, plan, what="Anden")
    round_ = status_round_save(
        actor=odense_manager,
        plan=plan,
        entries={first.pk: ("in_progress", "Godt i gang"), second.pk: ("not_started", "")},
        today=TODAY,
        expected_version=latest_revision(plan),
    )
    assert (round_.year, round_.quarter, round_.held_on) == (2026, 2, TODAY)
    first.refresh_from_db()
    assert first.status == "in_progress"  # the round sets the action's status
    # Later in the same quarter: the same round, edited.
    again = status_round_save(
        actor=other_manager,
        plan=plan,
        entries={first.pk: ("done", "Færdig"), second.pk: ("in_progress", "Startet")},
        today=dt.date(2026, 6, 30),
        expected_version=latest_revision(plan),
    )
    assert again.pk == round_.pk
    assert StatusRound.objects.count() == 1
    assert StatusNote.objects.filter(round=round_).count() == 2
    assert StatusNote.objects.get(round=round_, action=first).note == "Færdig"
    again.refresh_from_db()
    assert (again.held_on, again.held_by) == (dt.date(2026, 6, 30), other_manager)
    # A new quarter: a new round; the earlier one keeps its notes.
    status_round_save(
        actor=odense_manager,
        plan=plan,
        entries={second.pk: ("done", "Klaret i juli")},
        today=dt.date(2026, 7, 1),
        expected_version=latest_revision(plan),
    )
    assert list(StatusRound.objects.values_list("year", "quarter")) == [(2026, 3), (2026, 2)]
    assert StatusNote.objects.get(round=round_, action=second).note == "Startet"
    summaries = [r.summary for r in history(plan)][:3]
    assert summaries == [
        "Holdt statusrunden for 2026, 3. kvartal (1 handling)",
        "Rettede statusrunden for 2026, 2. kvartal (2 handlinger)",
        "Holdt statusrunden for 2026, 2. kvartal (2 handlinger)",
    ]
    snapshot = history(plan)[0].snapshot
    assert [(r["year"], r["quarter"]) for r in snapshot["status_rounds"]] == [(2026, 2), (2026, 3)]


def test_a_status_round_refuses_another_plans_action_and_saves_nothing(odense_manager):
    plan = make_plan(odense_manager)
    other = make_plan(odense_manager, title="Anden plan")
    foreign = make_action(odense_manager, other)
    with pytest.raises(ValidationError):
        status_round_save(
            actor=odense_manager,
            plan=plan,
            entries={foreign.pk: ("done", "")},
            today=TODAY,
            expected_version=latest_revision(plan),
        )
    with pytest.raises(ValidationError):
        status_round_save(
            actor=odense_manager,
            plan=other,
            entries={foreign.pk: ("finished", "")},
            today=TODAY,
            expected_version=latest_revision(other),
        )
    assert not StatusRound.objects.exists()
    foreign.refresh_from_db()
    assert foreign.status == "not_started"


def test_status_round_errors_are_keyed_by_the_forms_fields(odense_manager):
    plan = make_plan(odense_manager)
    first = make_action(odense_manager, plan, what="Første")
    second = make_action(odense_manager, plan, what="Anden")
    with pytest.raises(ValidationError) as error:
        status_round_save(
            actor=odense_manager,
            plan=plan,
            entries={first.pk: ("finished", ""), second.pk: ("", "")},
            today=TODAY,
            expected_version=latest_revision(plan),
        )
    assert error.value.message_dict == {
        f"status_{first.pk}": ["Vælg en status for handlingen: Første"],
        f"status_{second.pk}": ["Vælg en status for handlingen: Anden"],
    }
    other = make_action(odense_manager, make_plan(odense_manager, title="Anden plan"))
    with pytest.raises(ValidationError) as error:
        status_round_save(
            actor=odense_manager,
            plan=plan,
            entries={other.pk: ("done", "")},
            today=TODAY,
            expected_version=latest_revision(plan),
        )
    assert error.value.message_dict == {
        NON_FIELD_ERRORS: ["En af handlingerne hører ikke til handleplanen."]
    }


def test_saving_an_unchanged_status_round_again_records_nothing(odense_manager, odense):
    other_manager = UserFactory(municipality=odense, role="manager")
    plan = make_plan(odense_manager)
    action = make_action(odense_manager, plan)
    entries = {action.pk: ("in_progress", "Godt i gang")}
    round_ = status_round_save(
        actor=odense_manager,
        plan=plan,
        entries=entries,
        today=TODAY,
        expected_version=latest_revision(plan),
    )
    revisions = len(history(plan))
    again = status_round_save(
        actor=other_manager,
        plan=plan,
        entries={action.pk: ("in_progress", " Godt i gang ")},
        today=dt.date(2026, 6, 1),
        expected_version=latest_revision(plan),
    )
    assert again.pk == round_.pk
    assert len(history(plan)) == revisions
    again.refresh_from_db()
    assert (again.held_on, again.held_by) == (TODAY, odense_manager)  # untouched
    # A changed note is a change.
    status_round_save(
        actor=odense_manager,
        plan=plan,
        entries={action.pk: ("in_progress", "Næsten færdig")},
        today=dt.date(2026, 6, 1),
        expected_version=latest_revision(plan),
    )
    assert len(history(plan)) == revisions + 1


# -- Editing the plan -------------------------------------------------------------------


def test_plan_update_changes_title_and_theory_with_a_revision(odense_manager, holbaek):
    first = make_theory(odense_manager)
    second = make_theory(odense_manager, ("Mentor",))
    plan = make_plan(odense_manager, theory=first)
    plan_update(
        actor=odense_manager,
        plan=plan,
        title="Handleplan 2026",
        theory=first,
        expected_version=plan.edit_version,
    )
    assert len(history(plan)) == 1  # nothing changed, nothing recorded
    plan_update(
        actor=odense_manager,
        plan=plan,
        title="Handleplan 2027",
        theory=second,
        expected_version=plan.edit_version,
    )
    plan.refresh_from_db()
    assert (plan.title, plan.theory) == ("Handleplan 2027", second)
    [latest, _first] = history(plan)
    assert latest.summary == "Ændrede handleplanen: titel, forandringsteori"
    assert (latest.snapshot["title"], latest.snapshot["theory_id"]) == (
        "Handleplan 2027",
        second.pk,
    )
    foreign = make_theory(UserFactory(municipality=holbaek, role="manager"))
    with pytest.raises(ValidationError) as error:
        plan_update(
            actor=odense_manager,
            plan=plan,
            title="Plan",
            theory=foreign,
            expected_version=plan.edit_version,
        )
    assert error.value.message_dict == {"theory": ["Forandringsteorien hører ikke til kommunen."]}
    plan.refresh_from_db()
    assert plan.theory == second


# -- Only a manager of the municipality changes a plan ----------------------------------


def _changes(plan, action, actor):
    """Every changing service of the plan, called by `actor`."""
    return [
        lambda: plan_update(
            actor=actor, plan=plan, title="Omdøbt", expected_version=plan.edit_version
        ),
        lambda: plan_set_shared(actor=actor, plan=plan, shared=True),
        lambda: action_add(
            actor=actor,
            plan=plan,
            theme=Theme.TOOLS,
            what="Mere",
            due=TODAY,
            owner_external="Sprogskolen",
        ),
        lambda: action_update(
            actor=actor,
            action=action,
            theme=Theme.TOOLS,
            what="Ændret",
            due=TODAY,
            status=ActionStatus.DONE,
            owner_external="Sprogskolen",
            expected_version=action.version,
        ),
        lambda: status_round_save(
            actor=actor,
            plan=plan,
            entries={action.pk: ("done", "")},
            today=TODAY,
            expected_version=latest_revision(plan),
        ),
    ]


def test_the_services_refuse_a_caseworker_and_another_municipalitys_manager(
    odense_manager, odense_caseworker, holbaek
):
    plan = make_plan(odense_manager)
    action = make_action(odense_manager, plan)
    holbaek_manager = UserFactory(municipality=holbaek, role="manager")
    revisions = Revision.objects.count()
    for actor in (odense_caseworker, holbaek_manager):
        for change in _changes(plan, action, actor):
            with pytest.raises(PermissionDenied):
                change()
    with pytest.raises(PermissionDenied):
        plan_create(actor=odense_caseworker, title="Ny plan")
    assert Revision.objects.count() == revisions
    assert ActionPlan.objects.count() == 1
    plan.refresh_from_db()
    action.refresh_from_db()
    assert (plan.title, plan.shared) == ("Handleplan 2026", False)
    assert (PlanAction.objects.count(), action.what, StatusRound.objects.count()) == (
        1,
        "Skriv en procesbeskrivelse",
        0,
    )


def test_an_action_cannot_come_from_another_municipalitys_checklist(odense_manager, holbaek):
    plan = make_plan(odense_manager)
    holbaek_manager = UserFactory(municipality=holbaek, role="manager")
    foreign = answer(holbaek_manager, make_checklist(holbaek_manager), "visitation-hurtig", "no")
    with pytest.raises(ValidationError) as error:
        make_action(odense_manager, plan, checklist_answer=foreign)
    assert error.value.message_dict == {
        "checklist_answer": ["Svaret i tjeklisten hører ikke til handleplanens kommune."]
    }
    assert not PlanAction.objects.exists()
