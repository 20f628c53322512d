"""Self-evaluation services directly: the instrument, rounds, anonymous answers, the report."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from fremdrift.accounts.roles import Role
from fremdrift.instruments.models import InstrumentVersion
from fremdrift.instruments.services import (
    DEFINITIONS,
    instrument_version_load,
    load_builtin_instruments,
)
from fremdrift.toolbox.models import (
    Revision,
    SelfEvaluationParticipant,
    SelfEvaluationRound,
    SelfEvaluationSubmission,
    Theme,
)
from fremdrift.toolbox.reflection.knowledge import KL_ELEMENT_OF_ITEM, KL_ELEMENTS
from fremdrift.toolbox.revisions import history
from fremdrift.toolbox.selfeval.selectors import (
    has_answered,
    respondent_counts,
    round_report,
    rounds_for,
)
from fremdrift.toolbox.selfeval.services import (
    answer_submit,
    clean_answers,
    group_for,
    round_close,
    round_open,
)
from tests.factories import UserFactory
from tests.toolbox.boundary_selfeval import (
    all_items,
    answer,
    answered_round,
    open_round,
    selfeval_version,
)

pytestmark = pytest.mark.django_db
YAML = DEFINITIONS / "fremdrift-selvevaluering.yaml"


# The instrument -----------------------------------------------------------------------------


def test_the_self_evaluation_is_a_builtin_instrument_along_the_themes_and_kl():
    loaded = {v.definition["key"]: v for v in load_builtin_instruments()}
    version = loaded["fremdrift-selvevaluering"]
    definition = version.definition
    assert definition["use"] == "self_evaluation" and version.is_published
    assert [r["key"] for r in definition["respondents"]] == ["leader", "employee"]
    assert definition["languages"] == ["da", "en"]
    scale = definition["scale"]
    assert (scale["min"], scale["max"]) == (1, 5)
    assert scale["special_answers"] == ["dont_know"]
    assert [(a["from"], a["to"]) for a in scale["anchors"]] == [(n, n) for n in range(1, 6)]
    assert all(a["description"]["da"] and a["description"]["en"] for a in scale["anchors"])
    assert [s["key"] for s in definition["sections"]] == list(Theme.values)
    items = version.items()
    assert len(items) >= 20
    # Every statement asked of both groups in the same words, in both languages.
    for item in items:
        assert item["respondents"] == ["leader", "employee"]
        assert item["text"]["leader"] == item["text"]["employee"]
        assert item["text"]["leader"]["en"] and item["short"]["en"]
    # KL's ten elements each asked about, by statements that exist.
    assert set(KL_ELEMENT_OF_ITEM.values()) == set(KL_ELEMENTS) == set(range(1, 11))
    assert set(KL_ELEMENT_OF_ITEM) <= {i["key"] for i in items}
    # The progression instrument is still there beside it.
    assert loaded["fremdrift-progression"].definition["use"] == "progression"


def test_the_municipalitys_own_version_comes_before_the_products(odense, odense_manager):
    product = selfeval_version(odense)
    own = yaml.safe_load(YAML.read_text())
    own = copy.deepcopy(own)
    own["key"] = "odense-selvevaluering"
    own["name"]["da"] = "Odenses selvevaluering"
    version, _ = instrument_version_load(
        text=yaml.safe_dump(own, allow_unicode=True),
        source="odense.yaml",
        municipality=odense,
        publish=True,
    )
    evaluation = open_round(odense_manager)
    assert evaluation.version == version != product
    holbaek_manager = UserFactory(role=Role.MANAGER, municipality__code="316")
    assert open_round(holbaek_manager).version == product


# Rounds -------------------------------------------------------------------------------------


def test_opening_a_round_records_a_revision_and_finds_the_previous_round(odense_manager):
    first = open_round(odense_manager, title="Forår", opened_on=dt.date(2025, 3, 1))
    assert first.previous is None and first.is_open
    second = open_round(odense_manager, title="Efterår", opened_on=dt.date(2025, 10, 1))
    assert second.previous == first
    third = open_round(odense_manager, title="Forår igen")
    assert third.previous == second
    (revision,) = history(third)
    assert revision.changed_by == odense_manager
    assert revision.summary == "Åbnede runden: Forår igen"
    assert revision.snapshot["title"] == "Forår igen"
    assert revision.snapshot["previous_id"] == second.pk
    assert revision.snapshot["respondents"] == {"leader": 0, "employee": 0}


def test_the_previous_round_is_the_municipalitys_own(odense_manager, holbaek):
    other = UserFactory(role=Role.MANAGER, municipality=holbaek)
    open_round(other, title="Holbæk", opened_on=dt.date(2025, 1, 1))
    assert open_round(odense_manager).previous is None


def test_only_a_manager_opens_a_round_and_it_needs_a_title(odense_caseworker, odense_manager):
    selfeval_version(odense_manager.municipality)
    with pytest.raises(PermissionDenied):
        round_open(actor=odense_caseworker, title="Runde")
    with pytest.raises(ValidationError) as error:
        round_open(actor=odense_manager, title="   ")
    assert error.value.message_dict == {"title": ["Giv runden en titel."]}
    assert not SelfEvaluationRound.objects.exists()


def test_without_a_published_self_evaluation_no_round_opens(odense_manager):
    with pytest.raises(ValidationError) as error:
        round_open(actor=odense_manager, title="Runde")
    assert "ikke udgivet en selvevaluering" in error.value.messages[0]


def test_closing_records_who_and_how_many_and_cannot_be_done_twice(odense_manager):
    evaluation = answered_round(odense_manager, leaders=[4, 4, 4], employees=[3, 3], close=False)
    round_close(actor=odense_manager, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert not evaluation.is_open
    latest = history(evaluation)[0]
    # A group under three is "færre end 3 svar" in the history too, never its exact size.
    assert latest.summary == "Lukkede runden (ledere: 3 svar, medarbejdere: færre end 3 svar)"
    assert "2" not in latest.summary
    assert latest.snapshot["closed_at"] is not None
    with pytest.raises(ValidationError, match="allerede lukket"):
        round_close(actor=odense_manager, evaluation=evaluation)


def test_a_caseworker_cannot_close_a_round(odense_manager, odense_caseworker):
    evaluation = open_round(odense_manager)
    with pytest.raises(PermissionDenied):
        round_close(actor=odense_caseworker, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.is_open


# Answers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "group"),
    [
        (Role.MANAGER, "leader"),
        (Role.CASEWORKER, "employee"),
        (Role.CONSULTANT, "employee"),
        (Role.ADMINISTRATOR, None),
        (Role.FACILITATOR, None),
    ],
)
def test_the_group_comes_from_the_role(role, group):
    assert group_for(UserFactory.build(role=role)) == group


def test_an_answer_is_stored_with_its_group_and_nothing_that_names_the_user(
    odense_manager, odense_caseworker
):
    evaluation = open_round(odense_manager)
    answers = all_items(evaluation, 4) | {"org_value": "dont_know"}
    submission = answer_submit(actor=odense_caseworker, evaluation=evaluation, answers=answers)
    submission.refresh_from_db()
    assert submission.group == "employee"
    assert submission.answers["org_value"] == "dont_know"
    assert submission.answers["lead_goal"] == 4
    (participant,) = SelfEvaluationParticipant.objects.filter(round=evaluation)
    assert participant.user == odense_caseworker
    assert has_answered(odense_caseworker, evaluation)
    assert not has_answered(odense_manager, evaluation)


def test_no_field_links_a_submission_to_a_user_or_a_time():
    submission_fields = {f.name for f in SelfEvaluationSubmission._meta.get_fields()}
    assert submission_fields == {"id", "round", "group", "answers"}
    for field in SelfEvaluationSubmission._meta.get_fields():
        assert not isinstance(field, models.DateField | models.DateTimeField | models.AutoField)
        if field.is_relation:
            assert field.related_model is SelfEvaluationRound
    assert isinstance(SelfEvaluationSubmission._meta.pk, models.UUIDField)
    participant_fields = {f.name for f in SelfEvaluationParticipant._meta.get_fields()}
    assert participant_fields == {"id", "round", "user"}


def test_answering_writes_no_revision(odense_manager, odense_consultant):
    evaluation = open_round(odense_manager)
    before = Revision.objects.count()
    answer(odense_consultant, evaluation, 3)
    assert Revision.objects.count() == before


def test_a_user_answers_a_round_once(odense_manager, odense_caseworker):
    evaluation = open_round(odense_manager)
    answer(odense_caseworker, evaluation, 4)
    with pytest.raises(ValidationError) as error:
        answer(odense_caseworker, evaluation, 2)
    assert "allerede svaret" in error.value.messages[0]
    assert evaluation.submissions.count() == 1
    assert evaluation.participants.count() == 1


def test_a_closed_round_refuses_answers(odense_manager, odense_caseworker):
    evaluation = open_round(odense_manager)
    round_close(actor=odense_manager, evaluation=evaluation)
    with pytest.raises(ValidationError, match="Runden er lukket"):
        answer(odense_caseworker, evaluation, 4)
    assert not evaluation.participants.exists() and not evaluation.submissions.exists()


def test_every_statement_must_be_answered_and_on_the_scale(odense_manager, odense_caseworker):
    evaluation = open_round(odense_manager)
    answers = all_items(evaluation, 3)
    del answers["org_value"]
    answers["lead_goal"] = 7
    answers["tools_procedures"] = "maybe"
    with pytest.raises(ValidationError) as error:
        answer_submit(actor=odense_caseworker, evaluation=evaluation, answers=answers)
    errors = error.value.message_dict
    assert set(errors) == {"org_value", "lead_goal", "tools_procedures"}
    assert errors["org_value"] == ["Fælles grundværdi: vælg et tal fra 1 til 5 eller 'Ved ikke'."]
    assert errors["lead_goal"] == ["Tydeligt mål: 7 ligger uden for skalaen 1-5."]
    assert "ikke et svar på skalaen" in errors["tools_procedures"][0]
    # Nothing saved, not even that the user took part.
    assert not evaluation.participants.exists() and not evaluation.submissions.exists()


def test_answers_from_a_form_are_turned_into_points(odense):
    version = selfeval_version(odense)
    cleaned = clean_answers(version, {i["key"]: "5" for i in version.items()})
    assert set(cleaned.values()) == {5}


def test_only_the_rounds_own_municipality_answers(odense_manager, holbaek_caseworker):
    evaluation = open_round(odense_manager)
    with pytest.raises(PermissionDenied):
        answer(holbaek_caseworker, evaluation, 3)
    admin = UserFactory(role=Role.ADMINISTRATOR, municipality=odense_manager.municipality)
    with pytest.raises(PermissionDenied):
        answer(admin, evaluation, 3)


# Reading ------------------------------------------------------------------------------------


def test_rounds_list_counts_respondents_per_group(odense_manager, holbaek_caseworker):
    evaluation = answered_round(odense_manager, leaders=[4, 4], employees=[3, 3, 3], close=False)
    (row,) = rounds_for(odense_manager)
    assert (row.pk, row.leaders, row.employees) == (evaluation.pk, 2, 3)
    assert respondent_counts(evaluation) == {"leader": 2, "employee": 3}
    assert list(rounds_for(holbaek_caseworker)) == []


def test_results_are_shown_only_when_the_round_is_closed(odense_manager):
    evaluation = answered_round(odense_manager, leaders=[4] * 3, employees=[2] * 3, close=False)
    report = round_report(evaluation)
    assert not report.visible and report.comparison is None
    assert [c.respondents for c in report.group_counts] == [3, 3]
    round_close(actor=odense_manager, evaluation=evaluation)
    evaluation.refresh_from_db()
    report = round_report(evaluation)
    assert report.visible
    assert {i.gap for i in report.comparison.items} == {2}


def test_the_report_compares_with_the_previous_closed_round(odense_manager):
    first = answered_round(
        odense_manager,
        leaders=[4] * 3,
        employees=[2] * 3,
        title="Forår 2025",
        opened_on=dt.date(2025, 3, 1),
    )
    second = answered_round(
        odense_manager,
        leaders=[4] * 3,
        employees=[lambda key: 4 if key.startswith("lead_") else 3] * 3,
        title="Forår 2026",
    )
    assert second.previous == first
    report = round_report(second)
    assert report.previous == first
    changes = {c.key: c for c in report.changes}
    assert len(changes) == len(second.version.items())
    assert changes["lead_goal"].employee.change == 2
    assert changes["org_value"].employee.change == 1
    assert changes["org_value"].leader.change == 0
    # The largest gaps now are outside leadership, where the employees stayed lower.
    assert report.comparison.items[0].gap == 1
    assert report.comparison.items[-1].gap == 0


def test_an_open_previous_round_is_not_compared(odense_manager):
    open_round(odense_manager, title="Gammel", opened_on=dt.date(2025, 1, 1))
    evaluation = answered_round(odense_manager, leaders=[3] * 3, employees=[3] * 3)
    report = round_report(evaluation)
    assert evaluation.previous is not None
    assert report.previous is None and report.changes == []


def test_round_versions_are_published_instrument_versions(odense_manager):
    evaluation = open_round(odense_manager)
    assert InstrumentVersion.objects.get(pk=evaluation.version_id).is_published
