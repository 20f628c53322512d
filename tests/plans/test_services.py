import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.core import clock
from fremdrift.core.versioning import EditConflict
from fremdrift.journey.models import Period
from fremdrift.journey.types import PeriodKind
from fremdrift.plans.models import FollowUpNote, Plan, SubGoal, SubGoalStatus
from fremdrift.plans.services import (
    follow_up_add,
    plan_save,
    sub_goal_add,
    sub_goal_remove,
    sub_goal_set_status,
    sub_goal_update,
)
from tests.factories import CitizenFactory
from tests.plans.factories import FollowUpNoteFactory, SubGoalFactory, offer_period

pytestmark = pytest.mark.django_db


def save(actor, citizen, **overrides):
    values = {"end_goal": "job", "field": "Lager og logistik", "note": ""} | overrides
    return plan_save(actor=actor, citizen=citizen, **values)


def entries(citizen):
    return list(AuditEntry.objects.filter(citizen=citizen).order_by("seq"))


def test_create_then_update_with_the_loaded_version(odense_caseworker, odense_citizen):
    plan = save(odense_caseworker, odense_citizen)
    assert (plan.version, plan.field) == (1, "Lager og logistik")
    assert plan.municipality_id == odense_citizen.municipality_id
    plan = save(odense_caseworker, odense_citizen, field="Transport", expected_version=1)
    assert (plan.version, plan.field, plan.updated_by) == (2, "Transport", odense_caseworker)
    assert [(e.action, e.purpose) for e in entries(odense_citizen)] == [
        (Action.UPDATE, "Oprettelse af borgerens plan"),
        (Action.UPDATE, "Rettelse i borgerens plan"),
    ]
    assert entries(odense_citizen)[1].details["fields"] == ["field"]
    assert "Transport" not in str(entries(odense_citizen)[1].details)  # names, never values


def test_one_plan_per_citizen(odense_caseworker, odense_manager, odense_citizen):
    save(odense_caseworker, odense_citizen)
    # A second editor who saw no plan gets a conflict, not a second plan.
    with pytest.raises(EditConflict) as conflict:
        save(odense_manager, odense_citizen, field="Rengøring")
    assert conflict.value.current.field == "Lager og logistik"
    assert Plan.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(
            municipality=odense_citizen.municipality, citizen=odense_citizen, end_goal="job"
        )


def test_a_stale_version_is_a_conflict_and_saves_nothing(odense_caseworker, odense_citizen):
    save(odense_caseworker, odense_citizen)
    save(odense_caseworker, odense_citizen, field="Transport", expected_version=1)
    with pytest.raises(EditConflict) as conflict:
        save(odense_caseworker, odense_citizen, field="Byggeri", expected_version=1)
    assert (conflict.value.current.version, conflict.value.current.field) == (2, "Transport")
    assert Plan.objects.get().field == "Transport"
    assert len(entries(odense_citizen)) == 2


def test_plan_validation_is_danish_and_keyed_by_field(odense_caseworker, odense_citizen):
    with pytest.raises(ValidationError) as error:
        save(odense_caseworker, odense_citizen, end_goal="pension", field="  ")
    assert set(error.value.message_dict) == {"end_goal", "field"}
    assert "job eller uddannelse" in error.value.message_dict["end_goal"][0]
    assert entries(odense_citizen) == []


@pytest.mark.parametrize("persona", ["odense_consultant", "odense_admin", "holbaek_caseworker"])
def test_only_editors_in_the_municipality_may_write(request, persona, odense_citizen, plan):
    actor = request.getfixturevalue(persona)
    sub_goal = SubGoalFactory(plan=plan)
    with pytest.raises(PermissionDenied):
        save(actor, odense_citizen, expected_version=1)
    with pytest.raises(PermissionDenied):
        sub_goal_add(actor=actor, plan=plan, text="x", target_date=dt.date(2026, 6, 1))
    with pytest.raises(PermissionDenied):
        sub_goal_set_status(actor=actor, sub_goal=sub_goal, status="reached")
    with pytest.raises(PermissionDenied):
        follow_up_add(actor=actor, sub_goal=sub_goal, noted_on=dt.date(2026, 4, 1), text="x")
    with pytest.raises(PermissionDenied):
        sub_goal_remove(actor=actor, sub_goal=sub_goal)
    assert entries(odense_citizen) == []


def test_sub_goal_added_in_order_with_its_own_offers(odense_caseworker, odense_citizen, plan):
    offer = offer_period(odense_citizen)
    first = sub_goal_add(
        actor=odense_caseworker, plan=plan, text=" Tage kørekort ", target_date=dt.date(2026, 9, 1)
    )
    second = sub_goal_add(
        actor=odense_caseworker,
        plan=plan,
        text="Gennemføre praktik i 13 uger",
        target_date=dt.date(2026, 6, 1),
        status=SubGoalStatus.IN_PROGRESS,
        offers=[offer],
    )
    assert (first.text, first.order, second.order) == ("Tage kørekort", 0, 1)
    assert list(second.offers.all()) == [offer]
    assert first.municipality_id == odense_citizen.municipality_id
    assert [e.purpose for e in entries(odense_citizen)] == ["Nyt delmål i borgerens plan"] * 2


def test_sub_goal_validation(odense_caseworker, odense_citizen, plan):
    before_takeover = odense_citizen.takeover_date - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        sub_goal_add(actor=odense_caseworker, plan=plan, text=" ", target_date=before_takeover)
    messages = error.value.message_dict
    assert set(messages) == {"text", "target_date"}
    assert "før kommunen overtog borgeren (01.03.2026)" in messages["target_date"][0]
    with pytest.raises(ValidationError) as error:
        sub_goal_add(actor=odense_caseworker, plan=plan, text="x", target_date=dt.date(2062, 1, 1))
    assert "Tjek årstallet" in error.value.message_dict["target_date"][0]
    with pytest.raises(ValidationError) as error:
        sub_goal_add(
            actor=odense_caseworker, plan=plan, text="x", target_date=None, status="half_done"
        )
    assert set(error.value.message_dict) == {"target_date", "status"}
    assert SubGoal.objects.count() == 0


def test_offers_must_be_the_citizens_own_offer_periods(odense_caseworker, odense_citizen, plan):
    other = CitizenFactory(municipality=odense_citizen.municipality)
    not_an_offer = Period.objects.create(
        municipality=odense_citizen.municipality,
        citizen=odense_citizen,
        kind=PeriodKind.ABSENCE,
        code="sick",
        start=dt.date(2026, 4, 1),
    )
    for wrong in (offer_period(other), not_an_offer):
        with pytest.raises(ValidationError) as error:
            sub_goal_add(
                actor=odense_caseworker,
                plan=plan,
                text="Gennemføre praktik",
                target_date=dt.date(2026, 6, 1),
                offers=[offer_period(odense_citizen), wrong],
            )
        assert error.value.message_dict == {
            "offers": ["Vælg kun tilbud, som borgeren selv har fået."]
        }
    sub_goal = SubGoalFactory(plan=plan)
    with pytest.raises(ValidationError):
        sub_goal_update(
            actor=odense_caseworker,
            sub_goal=sub_goal,
            text=sub_goal.text,
            target_date=sub_goal.target_date,
            status=sub_goal.status,
            offers=[offer_period(other)],
            expected_version=sub_goal.version,
        )
    assert not sub_goal.offers.exists()


def test_update_records_the_changed_fields(odense_caseworker, odense_citizen, plan):
    sub_goal = SubGoalFactory(plan=plan, text="Tage kørekort")
    offer = offer_period(odense_citizen)
    sub_goal_update(
        actor=odense_caseworker,
        sub_goal=sub_goal,
        text="Tage kørekort",
        target_date=dt.date(2026, 12, 1),
        status=SubGoalStatus.IN_PROGRESS,
        offers=[offer],
        expected_version=1,
    )
    sub_goal.refresh_from_db()
    assert (sub_goal.status, sub_goal.target_date) == ("in_progress", dt.date(2026, 12, 1))
    assert list(sub_goal.offers.all()) == [offer]
    entry = entries(odense_citizen)[-1]
    assert entry.purpose == "Rettelse af delmål i borgerens plan"
    assert entry.details == {
        "object": "subgoal",
        "id": sub_goal.pk,
        "fields": ["offers", "status", "target_date"],
    }


def test_set_status(odense_caseworker, odense_citizen, plan):
    sub_goal = SubGoalFactory(plan=plan)
    sub_goal_set_status(actor=odense_caseworker, sub_goal=sub_goal, status="reached")
    assert SubGoal.objects.get().status == "reached"
    with pytest.raises(ValidationError):
        sub_goal_set_status(actor=odense_caseworker, sub_goal=sub_goal, status="nearly")
    assert [e.purpose for e in entries(odense_citizen)] == ["Ny status på delmål i borgerens plan"]


def test_follow_up(odense_caseworker, odense_citizen, plan):
    sub_goal = SubGoalFactory(plan=plan)
    note = follow_up_add(
        actor=odense_caseworker, sub_goal=sub_goal, noted_on=dt.date(2026, 4, 2), text=" Godt. "
    )
    assert (note.text, note.written_by, note.municipality_id) == (
        "Godt.",
        odense_caseworker,
        odense_citizen.municipality_id,
    )
    tomorrow = clock.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        follow_up_add(actor=odense_caseworker, sub_goal=sub_goal, noted_on=tomorrow, text="")
    assert set(error.value.message_dict) == {"noted_on", "text"}
    assert "i fremtiden" in error.value.message_dict["noted_on"][0]
    assert FollowUpNote.objects.count() == 1
    assert [e.purpose for e in entries(odense_citizen)] == ["Opfølgning på delmål i borgerens plan"]


def test_only_untouched_sub_goals_can_be_removed(odense_caseworker, odense_citizen, plan):
    untouched = SubGoalFactory(plan=plan)
    untouched.offers.add(offer_period(odense_citizen))
    sub_goal_remove(actor=odense_caseworker, sub_goal=untouched)
    assert not SubGoal.objects.filter(pk=untouched.pk).exists()
    in_progress = SubGoalFactory(plan=plan, status="in_progress")
    with_note = SubGoalFactory(plan=plan)
    FollowUpNoteFactory(sub_goal=with_note, written_by=odense_caseworker)
    for sub_goal in (in_progress, with_note):
        with pytest.raises(ValidationError) as error:
            sub_goal_remove(actor=odense_caseworker, sub_goal=sub_goal)
        assert "Droppet" in error.value.messages[0]
    assert SubGoal.objects.count() == 2
    assert [e.purpose for e in entries(odense_citizen)] == ["Sletning af delmål i borgerens plan"]


def test_a_sub_goal_saved_by_someone_else_meanwhile_is_a_conflict(
    odense_caseworker, odense_manager, plan
):
    sub_goal = SubGoalFactory(plan=plan, text="Tage kørekort")
    values = {"target_date": dt.date(2026, 12, 1), "status": "in_progress", "offers": []}
    sub_goal_update(
        actor=odense_caseworker, sub_goal=sub_goal, text="Først", expected_version=1, **values
    )
    with pytest.raises(EditConflict) as conflict:
        sub_goal_update(
            actor=odense_manager,
            sub_goal=SubGoal.objects.get(pk=sub_goal.pk),
            text="Bagefter",
            expected_version=1,
            **values,
        )
    assert (conflict.value.version, conflict.value.current.text) == (2, "Først")
    assert SubGoal.objects.get(pk=sub_goal.pk).text == "Først"
    # A status set by the button raises the version too.
    sub_goal_set_status(actor=odense_manager, sub_goal=sub_goal, status="reached")
    assert SubGoal.objects.get(pk=sub_goal.pk).version == 3
