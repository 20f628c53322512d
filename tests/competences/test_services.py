"""The card's writes: a new entry, a new assessment (history kept), and the follow-up's
assessments, each audited; and the board's filter as a selector."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.competences.models import Assessment, Competence
from fremdrift.competences.selectors import card_for, citizens_with_competence
from fremdrift.competences.services import (
    AssessmentData,
    EntryData,
    assessment_add,
    competence_add,
    record_follow_up_assessments,
)
from fremdrift.competences.vocabulary import AssessorRole, Kind
from fremdrift.retention.erasure_services import erase_personal_data
from tests.competences.factories import competence
from tests.factories import CitizenFactory
from tests.retention.texts import text_left

pytestmark = pytest.mark.django_db


def _by_citizen(level=4, on=dt.date(2026, 6, 1), note=""):
    return AssessmentData(level, AssessorRole.CITIZEN, "Rama Al-Hassan", on, note)


def test_an_entry_is_added_with_its_first_assessment_and_audited(odense_consultant, odense_citizen):
    data = EntryData(
        kind=Kind.PROFESSIONAL,
        title="  Lager og truck ",
        note="Truckcertifikat B",
        assessment=_by_citizen(),
    )
    made = competence_add(actor=odense_consultant, citizen=odense_citizen, data=data)
    assert (made.title, made.level, made.assessed_on) == ("Lager og truck", 4, dt.date(2026, 6, 1))
    first = made.assessments.get()
    assert (first.assessor_role, first.recorded_by, first.source) == (
        "citizen",
        odense_consultant,
        "Kompetencekortet",
    )
    entry = AuditEntry.objects.get(action=Action.UPDATE)
    assert entry.citizen == odense_citizen and entry.details["competence"] == made.pk
    assert "Lager" not in str(entry.details)  # the log names what, never the values


def test_a_new_assessment_is_a_new_row_and_the_latest_counts(odense_caseworker, odense_citizen):
    row = competence(odense_citizen, level=2, on=dt.date(2026, 3, 1))
    employer = AssessmentData(4, AssessorRole.EMPLOYER, "Jens Mentor", dt.date(2026, 6, 1))
    assessment_add(actor=odense_caseworker, competence=row, data=employer)
    # An older judgement entered late joins the history without replacing the latest.
    late = AssessmentData(1, AssessorRole.CITIZEN, "", dt.date(2026, 1, 1))
    assessment_add(actor=odense_caseworker, competence=row, data=late)
    row.refresh_from_db()
    assert (row.level, row.assessed_on) == (4, dt.date(2026, 6, 1))
    assert [a.level for a in row.assessments.all()] == [4, 2, 1]
    assert AuditEntry.objects.filter(action=Action.UPDATE, citizen=odense_citizen).count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (EntryData(kind=Kind.PROFESSIONAL, title="", assessment=_by_citizen()), "title"),
        (EntryData(kind=Kind.PERSONAL, title="Mødestabil", assessment=_by_citizen(None)), "level"),
        (EntryData(kind="x", title="Lager", assessment=_by_citizen()), "kind"),
        (
            EntryData(
                kind=Kind.EDUCATION,
                title="Gymnasium",
                year_from=2015,
                year_to=2012,
                assessment=_by_citizen(None),
            ),
            "year_to",
        ),
        (
            EntryData(
                kind=Kind.EXPERIENCE, title="Bager", year_from=1800, assessment=_by_citizen(None)
            ),
            "year_from",
        ),
        (
            EntryData(
                kind=Kind.PROFESSIONAL,
                title="Lager",
                assessment=_by_citizen(on=dt.date(2027, 1, 1)),
            ),
            "assessed_on",
        ),
        (
            EntryData(kind=Kind.PROFESSIONAL, key="nonsense", title="", assessment=_by_citizen()),
            "key",
        ),
    ],
)
def test_bad_input_is_refused_by_field(odense_caseworker, odense_citizen, data, field):
    with pytest.raises(ValidationError) as refused:
        competence_add(actor=odense_caseworker, citizen=odense_citizen, data=data)
    assert field in refused.value.message_dict
    assert not Competence.objects.exists() and not AuditEntry.objects.exists()


def test_a_follow_up_competence_brings_its_kind_and_name_once(odense_caseworker, odense_citizen):
    data = EntryData(kind=Kind.PROFESSIONAL, key="punctuality", title="", assessment=_by_citizen())
    made = competence_add(actor=odense_caseworker, citizen=odense_citizen, data=data)
    assert (made.kind, made.title) == (Kind.PERSONAL, "Stabilt fremmøde og til tiden")
    with pytest.raises(ValidationError) as refused:
        competence_add(actor=odense_caseworker, citizen=odense_citizen, data=data)
    assert "Giv den en ny vurdering i stedet." in refused.value.message_dict["key"][0]
    assert Competence.objects.count() == 1


def test_education_keeps_years_and_no_level(odense_caseworker, odense_citizen):
    data = EntryData(
        kind=Kind.EDUCATION,
        title="Gymnasium, Aleppo",
        origin="home",
        year_from=2010,
        year_to=2013,
        assessment=_by_citizen(level=5),
    )
    made = competence_add(actor=odense_caseworker, citizen=odense_citizen, data=data)
    assert (made.level, made.year_from, made.year_to, made.origin) == (None, 2010, 2013, "home")


def test_writers_only_and_inside_the_municipality(odense_admin, holbaek_caseworker, odense_citizen):
    data = EntryData(kind=Kind.PROFESSIONAL, title="Lager", assessment=_by_citizen())
    for actor in (odense_admin, holbaek_caseworker):
        with pytest.raises(PermissionDenied):
            competence_add(actor=actor, citizen=odense_citizen, data=data)


def test_a_follow_up_writes_one_assessment_per_key(odense_consultant, odense_citizen):
    scores = {"punctuality": 4, "work_pace": 3, "agreed_tasks": 2}
    made = record_follow_up_assessments(
        user=None,
        citizen=odense_citizen,
        scores=scores,
        assessor_role=AssessorRole.EMPLOYER,
        assessor_name="Jens Mentor",
        assessed_on=dt.date(2026, 6, 10),
        source="Opfølgning i praktik hos Fakta",
    )
    assert len(made) == 3
    card = {c.key: c for c in odense_citizen.competences.all()}
    assert card["punctuality"].kind == Kind.PERSONAL
    assert card["punctuality"].title == "Stabilt fremmøde og til tiden"
    assert card["work_pace"].kind == Kind.PROFESSIONAL and card["work_pace"].level == 3
    entry = AuditEntry.objects.get(action=Action.UPDATE)
    assert entry.actor is None and entry.citizen == odense_citizen
    # The next follow-up adds to the same competences: the next placement starts from here.
    record_follow_up_assessments(
        user=odense_consultant,
        citizen=odense_citizen,
        scores={"punctuality": 5},
        assessor_role=AssessorRole.CONSULTANT,
        assessor_name="Sofie Konsulent",
        assessed_on=dt.date(2026, 6, 14),
        source="Opfølgning på møde",
    )
    punctuality = odense_citizen.competences.get(key="punctuality")
    assert punctuality.level == 5
    assert [a.level for a in punctuality.assessments.all()] == [5, 4]
    assert Competence.objects.count() == 3


@pytest.mark.parametrize(
    ("scores", "role"),
    [({"punctuality": 6}, "employer"), ({"nonsense": 3}, "employer"), ({"quality": 3}, "boss")],
)
def test_a_bad_follow_up_writes_nothing(odense_citizen, scores, role):
    with pytest.raises(ValidationError):
        record_follow_up_assessments(
            user=None,
            citizen=odense_citizen,
            scores=scores,
            assessor_role=role,
            assessor_name="",
            assessed_on=dt.date(2026, 6, 10),
            source="",
        )
    assert not Assessment.objects.exists()


def test_the_card_groups_by_kind_with_follow_up_competences_first(
    odense_caseworker, odense_citizen
):
    competence(odense_citizen, "Aarbejde med pakker")
    competence(odense_citizen, "Samarbejde med kolleger", kind=Kind.PROFESSIONAL, key="quality")
    competence(odense_citizen, "Bager", kind=Kind.EXPERIENCE, level=None)
    card = card_for(odense_caseworker, odense_citizen)
    kinds = {section.kind: section.entries for section in card.sections}
    assert [c.key for c in kinds[Kind.PROFESSIONAL]] == ["quality", ""]
    assert [c.title for c in kinds[Kind.EXPERIENCE]] == ["Bager"]
    assert kinds[Kind.PERSONAL] == [] and not card.empty


def test_the_board_filter_matches_title_and_latest_level(
    odense, odense_consultant, holbaek_citizen
):
    strong = CitizenFactory(municipality=odense)
    weak = CitizenFactory(municipality=odense)
    competence(strong, "Lager og truck", level=4)
    competence(weak, "Lagerarbejde", level=2)
    competence(holbaek_citizen, "Lager", level=5)

    def found(term, level):
        return set(
            citizens_with_competence(odense_consultant, term, level).values_list(
                "citizen_id", flat=True
            )
        )

    assert found("lager", None) == {strong.pk, weak.pk}
    assert found("LAGER", 3) == {strong.pk}
    assert found("køkken", None) == set()


def test_erasure_removes_the_free_text(odense_consultant, odense_citizen):
    free = competence(odense_citizen, "Svejser", note="Fra Homs", name="Ali")
    record_follow_up_assessments(
        user=None,
        citizen=odense_citizen,
        scores={"quality": 4},
        assessor_role="employer",
        assessor_name="Jens Mentor",
        assessed_on=dt.date(2026, 6, 10),
        source="Opfølgning hos Fakta",
    )
    erase_personal_data([odense_citizen.pk])
    free.refresh_from_db()
    assert (free.title, free.note) == ("", "")
    assert odense_citizen.competences.get(key="quality").title == ""
    assert text_left([odense_citizen.pk]) == []
    assert set(Assessment.objects.values_list("assessor_name", "note", "source")) == {("", "", "")}
    assert set(Assessment.objects.values_list("level", flat=True)) == {3, 4}
