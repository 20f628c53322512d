"""KL's checklist: the instrument, answers, and one step from a no or a partly to an action."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import yaml
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fremdrift.instruments.models import InstrumentVersion
from fremdrift.instruments.services import DEFINITIONS, instrument_version_load
from fremdrift.toolbox.checklist.services import (
    ELEMENT_THEMES,
    checklist_answer_to_action,
    checklist_create,
    checklist_update,
)
from fremdrift.toolbox.models import ActionPlan, ChecklistAnswer, PlanAction, Theme
from fremdrift.toolbox.revisions import history
from tests.factories import UserFactory
from tests.toolbox.boundary_plans import TODAY, answer, make_checklist, make_plan

pytestmark = pytest.mark.django_db

KL = DEFINITIONS / "fremdrift-kl-tjekliste.yaml"


def _definition() -> dict:
    return yaml.safe_load(KL.read_text(encoding="utf-8"))


# -- The instrument ---------------------------------------------------------------------


def test_the_checklist_instrument_has_ten_elements_in_danish_and_english(odense_manager):
    checklist = make_checklist(odense_manager)
    definition = checklist.version.definition
    assert definition["use"] == "checklist"
    assert [r["key"] for r in definition["respondents"]] == ["leader"]
    assert definition["languages"] == ["da", "en"]
    scale = definition["scale"]
    assert (scale["min"], scale["max"]) == (1, 3)
    assert [a["label"]["da"] for a in scale["anchors"]] == ["Nej", "Delvist", "Ja"]
    assert len(definition["sections"]) == 10
    for section in definition["sections"]:
        assert 2 <= len(section["items"]) <= 3, section["key"]
        for item in section["items"]:
            assert item["respondents"] == ["leader"]
            assert item["text"]["leader"]["da"] and item["text"]["leader"]["en"]


def test_every_element_has_a_theme_and_all_five_themes_are_used():
    keys = [section["key"] for section in _definition()["sections"]]
    assert set(keys) == set(ELEMENT_THEMES)
    assert set(ELEMENT_THEMES.values()) == set(Theme.values)


def test_the_municipalitys_own_published_version_comes_first(odense_manager, holbaek):
    make_checklist(odense_manager)  # loads the product's own
    own = copy.deepcopy(_definition())
    own["name"]["da"] = "Odenses tjekliste"
    own_version, _new = instrument_version_load(
        text=yaml.safe_dump(own, allow_unicode=True),
        source="odense.yaml",
        municipality=odense_manager.municipality,
        publish=True,
    )
    checklist = checklist_create(actor=odense_manager, title="Egen", today=TODAY)
    assert checklist.version == own_version
    holbaek_manager = UserFactory(municipality=holbaek, role="manager")
    other = checklist_create(actor=holbaek_manager, title="Holbæk", today=TODAY)
    assert other.version.instrument.municipality is None


def test_no_published_checklist_is_a_danish_error(odense_manager):
    with pytest.raises(ValidationError) as error:
        checklist_create(actor=odense_manager, title="Tjekliste", today=TODAY)
    assert "ingen udgivet udgave af KL's tjekliste" in error.value.messages[0]
    assert not InstrumentVersion.objects.exists()


# -- Answers ----------------------------------------------------------------------------


def test_answers_are_saved_changed_and_versioned(odense_manager):
    checklist = make_checklist(odense_manager)
    checklist_update(
        actor=odense_manager,
        checklist=checklist,
        title="Ledergruppen, maj",
        filled_on=TODAY,
        answers={"visitation-hurtig": ("no", "For langsomt"), "politisk-maal": ("yes", "")},
        expected_version=checklist.edit_version,
    )
    checklist_update(
        actor=odense_manager,
        checklist=checklist,
        title="Ledergruppen, maj",
        filled_on=TODAY,
        answers={"visitation-hurtig": ("partly", "Bedre nu"), "politisk-maal": ("", "")},
        expected_version=checklist.edit_version,
    )
    assert list(ChecklistAnswer.objects.values_list("item", "answer", "note")) == [
        ("visitation-hurtig", "partly", "Bedre nu")
    ]
    revisions = history(checklist)
    assert [r.number for r in revisions] == [3, 2, 1]
    assert revisions[1].summary == "Opdaterede tjeklisten: titel, 2 nye svar"
    assert revisions[0].summary == "Opdaterede tjeklisten: 1 ændret svar, 1 fjernet svar"
    assert revisions[1].snapshot["answers"][1] == {
        "item": "visitation-hurtig", "answer": "no", "note": "For langsomt", "actions": []
    }  # fmt: skip
    assert revisions[0].changed_by == odense_manager


def test_bad_answers_are_refused_and_nothing_is_saved(odense_manager):
    checklist = make_checklist(odense_manager)
    with pytest.raises(ValidationError) as error:
        checklist_update(
            actor=odense_manager,
            checklist=checklist,
            title="",
            filled_on=TODAY,
            answers={
                "visitation-hurtig": ("", "En note uden svar"),
                "findes-ikke": ("yes", ""),
                "politisk-maal": ("maaske", ""),
            },
            expected_version=checklist.edit_version,
        )
    # Each error is keyed by the edit form's field; an unknown item has none.
    assert error.value.message_dict == {
        "title": ["Giv tjeklisten en titel."],
        "answer_visitation-hurtig": [
            "Borgeren visiteres hurtigt: vælg ja, delvist eller nej for at gemme noten."
        ],
        NON_FIELD_ERRORS: ["Spørgsmålet findes-ikke findes ikke i tjeklisten."],
        "answer_politisk-maal": ["Politikerne har sat mål: vælg ja, delvist eller nej."],
    }
    assert not ChecklistAnswer.objects.exists()
    assert len(history(checklist)) == 1


# -- One step to an action --------------------------------------------------------------


def test_a_no_becomes_an_action_with_the_elements_theme_text_and_due_date(odense_manager):
    plan = make_plan(odense_manager)
    checklist = make_checklist(odense_manager)
    no = answer(odense_manager, checklist, "virksomhed-indgang", "no", "Tre forskellige numre")
    action, created = checklist_answer_to_action(actor=odense_manager, answer=no, today=TODAY)
    assert created
    assert action.plan == plan
    assert action.theme == Theme.PARTNERS
    assert action.what == (
        "Ved virksomhederne, hvem de skal kontakte, og får de svar hurtigt?\n\n"
        "Tre forskellige numre"
    )
    assert action.due == dt.date(2026, 9, 30)  # end of the next quarter after 4 May
    assert action.status == "not_started"
    assert action.checklist_answer == no
    assert action.owner == odense_manager
    assert history(plan)[0].summary == (
        "Tilføjede handling fra KL's tjekliste: Virksomhederne har én indgang"
    )
    assert history(checklist)[0].summary == (
        "Gjorde svaret på Virksomhederne har én indgang til en handling i handleplanen "
        "Handleplan 2026"
    )
    assert history(checklist)[0].snapshot["answers"][0]["actions"] == [action.pk]


@pytest.mark.parametrize(
    ("item", "theme"),
    [
        ("vaerdigrundlag-kendt", Theme.ORGANISATION),
        ("politisk-maal", Theme.LEADERSHIP),
        ("resultater-afvigelse", Theme.LEADERSHIP),
        ("visitation-hurtig", Theme.TOOLS),
        ("borger-ressourcer", Theme.EMPLOYEES),
        ("innovation-laering", Theme.LEADERSHIP),
        ("tvaerfaglig-plan", Theme.ORGANISATION),
        ("kompetencer-udvikling", Theme.EMPLOYEES),
        ("rammer-moedet", Theme.ORGANISATION),
        ("virksomhed-strategi", Theme.PARTNERS),
    ],
)
def test_theme_mapping_per_element(odense_manager, item, theme):
    make_plan(odense_manager)
    partly = answer(odense_manager, make_checklist(odense_manager), item, "partly")
    action, _created = checklist_answer_to_action(actor=odense_manager, answer=partly, today=TODAY)
    assert action.theme == theme
    assert "\n" not in action.what  # no note: the question alone


def test_a_second_click_does_not_make_a_duplicate(odense_manager):
    make_plan(odense_manager)
    no = answer(odense_manager, make_checklist(odense_manager), "kompetencer-overblik", "no")
    first, created = checklist_answer_to_action(actor=odense_manager, answer=no, today=TODAY)
    second, created_again = checklist_answer_to_action(actor=odense_manager, answer=no, today=TODAY)
    assert created and not created_again
    assert first.pk == second.pk
    assert PlanAction.objects.count() == 1


def test_without_a_plan_the_same_step_creates_one_named_after_the_checklist(odense_manager):
    checklist = make_checklist(odense_manager, title="Tjekliste, byrådets udvalg")
    no = answer(odense_manager, checklist, "politisk-ressourcer", "no")
    action, _created = checklist_answer_to_action(actor=odense_manager, answer=no, today=TODAY)
    plan = ActionPlan.objects.get()
    assert action.plan == plan
    assert plan.title == "Tjekliste, byrådets udvalg"
    assert plan.municipality_id == checklist.municipality_id
    assert [r.summary for r in history(plan)] == [
        "Tilføjede handling fra KL's tjekliste: Indsatsen er prioriteret i budgettet",
        "Oprettede handleplanen ud fra tjeklisten Tjekliste, byrådets udvalg",
    ]


def test_the_newest_plan_is_used_unless_one_is_chosen(odense_manager):
    older = make_plan(odense_manager, title="Ældre")
    newer = make_plan(odense_manager, title="Nyere")
    checklist = make_checklist(odense_manager)
    first = answer(odense_manager, checklist, "rammer-moedet", "no")
    second = answer(odense_manager, checklist, "rammer-samlokalisering", "partly")
    action, _ = checklist_answer_to_action(actor=odense_manager, answer=first, today=TODAY)
    assert action.plan == newer
    chosen, _ = checklist_answer_to_action(
        actor=odense_manager, answer=second, plan=older, today=TODAY
    )
    assert chosen.plan == older


def test_only_no_or_partly_and_only_the_municipalitys_plan(odense_manager, holbaek):
    checklist = make_checklist(odense_manager)
    yes = answer(odense_manager, checklist, "politisk-maal", "yes")
    with pytest.raises(ValidationError) as error:
        checklist_answer_to_action(actor=odense_manager, answer=yes, today=TODAY)
    assert error.value.messages == ["Kun et svar med nej eller delvist kan blive til en handling."]
    no = answer(odense_manager, checklist, "politisk-opfoelgning", "no")
    foreign = make_plan(UserFactory(municipality=holbaek, role="manager"))
    with pytest.raises(ValidationError):
        checklist_answer_to_action(actor=odense_manager, answer=no, plan=foreign, today=TODAY)
    assert not PlanAction.objects.exists()
    assert not ActionPlan.objects.exclude(pk=foreign.pk).exists()


def test_an_answer_that_became_an_action_can_change_but_not_be_removed(odense_manager):
    checklist = make_checklist(odense_manager)
    no = answer(odense_manager, checklist, "innovation-afproevning", "no")
    checklist_answer_to_action(actor=odense_manager, answer=no, today=TODAY)
    with pytest.raises(ValidationError):
        answer(odense_manager, checklist, "innovation-afproevning", "")
    assert answer(odense_manager, checklist, "innovation-afproevning", "yes").actions.count() == 1


def test_a_missing_date_is_an_error_on_the_date_field(odense_manager):
    checklist = make_checklist(odense_manager)
    with pytest.raises(ValidationError) as error:
        checklist_update(
            actor=odense_manager,
            checklist=checklist,
            title="Ny",
            filled_on=None,
            answers={},
            expected_version=checklist.edit_version,
        )
    assert error.value.message_dict == {"filled_on": ["Skriv datoen, tjeklisten er udfyldt."]}


def test_saving_without_a_change_writes_nothing_and_a_new_title_moves_updated_at(
    odense_manager,
):
    checklist = make_checklist(odense_manager)
    answer(odense_manager, checklist, "politisk-maal", "yes")
    checklist.refresh_from_db()
    with CaptureQueriesContext(connection) as captured:
        checklist_update(
            actor=odense_manager,
            checklist=checklist,
            title=checklist.title,
            filled_on=checklist.filled_on,
            answers={"politisk-maal": ("yes", "")},
            expected_version=checklist.edit_version,
        )
    writes = [
        q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]
    assert writes == []
    before = checklist.updated_at
    checklist_update(
        actor=odense_manager,
        checklist=checklist,
        title="Nyt navn",
        filled_on=TODAY,
        answers={},
        expected_version=checklist.edit_version,
    )
    checklist.refresh_from_db()
    assert checklist.title == "Nyt navn" and checklist.updated_at > before
    assert history(checklist)[0].summary == "Opdaterede tjeklisten: titel"


def test_the_services_refuse_a_caseworker_and_another_municipalitys_manager(
    odense_manager, odense_caseworker, holbaek
):
    plan = make_plan(odense_manager)
    checklist = make_checklist(odense_manager)
    no = answer(odense_manager, checklist, "visitation-hurtig", "no")
    holbaek_manager = UserFactory(municipality=holbaek, role="manager")
    revisions = len(history(checklist))
    for actor in (odense_caseworker, holbaek_manager):
        with pytest.raises(PermissionDenied):
            checklist_update(
                actor=actor,
                checklist=checklist,
                title="Ændret",
                filled_on=TODAY,
                answers={"visitation-hurtig": ("yes", "")},
                expected_version=checklist.edit_version,
            )
        with pytest.raises(PermissionDenied):
            checklist_answer_to_action(actor=actor, answer=no, plan=plan, today=TODAY)
    with pytest.raises(PermissionDenied):
        checklist_create(actor=odense_caseworker, title="Egen", today=TODAY)
    assert len(history(checklist)) == revisions
    assert list(ChecklistAnswer.objects.values_list("answer", flat=True)) == ["no"]
    assert not PlanAction.objects.exists()
    assert ActionPlan.objects.get() == plan
