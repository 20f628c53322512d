"""Knowledge and reflection: focus points as data, the team's dated notes, who may change
them, and the presentation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from fremdrift.accounts.roles import Role
from fremdrift.core import clock
from fremdrift.toolbox.models import ReflectionNote
from fremdrift.toolbox.reflection.knowledge import FOCUS_POINTS, focus_point, question_of
from fremdrift.toolbox.reflection.services import (
    access_note,
    can_change_note,
    knowledge_notes,
    note_add,
    note_delete,
    note_update,
)
from fremdrift.toolbox.revisions import history
from tests.conftest import login
from tests.factories import UserFactory
from tests.plans.test_pdf import pdf_text

pytestmark = pytest.mark.django_db
KNOWLEDGE = reverse("toolbox:knowledge")


def note(author, text="En note", *, point="early_company", question="now", days=0):
    return note_add(
        actor=author,
        focus_point=point,
        question=question,
        text=text,
        written_on=dt.date(2026, 5, 1) - dt.timedelta(days=days),
    )


def edit_url(n) -> str:
    return reverse("toolbox:reflection_edit", kwargs={"pk": n.pk})


def delete_url(n) -> str:
    return reverse("toolbox:reflection_delete", kwargs={"pk": n.pk})


# The focus points as data -------------------------------------------------------------------


def test_focus_points_have_an_explanation_and_questions_with_stable_keys():
    assert len(FOCUS_POINTS) >= 6
    keys = [p.key for p in FOCUS_POINTS]
    assert len(set(keys)) == len(keys)
    assert {"early_company", "language_work", "job_focus"} <= set(keys)
    for point in FOCUS_POINTS:
        assert len(str(point.explanation)) > 80
        assert [q.key for q in point.questions] == ["now", "more", "start"]
        assert all(str(q.text).endswith("?") for q in point.questions)
        assert len(point.key) <= 50  # the note's column
    assert question_of("language_work", "more") is not None
    assert question_of("language_work", "nope") is None and focus_point("nope") is None


# Services -----------------------------------------------------------------------------------


def test_a_note_is_kept_with_its_date_author_and_history(odense_caseworker):
    n = note(odense_caseworker, "Seks uger til første praktik")
    assert (n.municipality, n.written_by) == (odense_caseworker.municipality, odense_caseworker)
    assert n.written_on == dt.date(2026, 5, 1)
    (revision,) = history(n)
    assert revision.summary == "Skrev noten" and revision.changed_by == odense_caseworker
    assert revision.snapshot["text"] == "Seks uger til første praktik"


def test_a_note_needs_a_real_question_and_words(odense_caseworker):
    with pytest.raises(ValidationError, match="Spørgsmålet findes ikke"):
        note(odense_caseworker, point="early_company", question="later")
    with pytest.raises(ValidationError) as error:
        note(odense_caseworker, "   ")
    assert error.value.message_dict == {"text": ["Skriv noten."]}
    assert not ReflectionNote.objects.exists()


def test_roles_without_the_toolbox_write_no_notes(odense_admin, facilitator):
    for user in (odense_admin, facilitator):
        with pytest.raises(PermissionDenied):
            note(user)


def test_the_author_or_a_manager_changes_a_note(
    odense_caseworker, odense_consultant, odense_manager, holbaek_caseworker
):
    n = note(odense_caseworker)
    assert can_change_note(odense_caseworker, n)
    assert can_change_note(odense_manager, n)
    assert not can_change_note(odense_consultant, n)
    assert not can_change_note(holbaek_caseworker, n)
    holbaek_manager = UserFactory(role=Role.MANAGER, municipality=holbaek_caseworker.municipality)
    assert not can_change_note(holbaek_manager, n)
    with pytest.raises(PermissionDenied):
        note_update(
            actor=odense_consultant,
            note=n,
            text="x",
            written_on=n.written_on,
            expected_version=n.version,
        )
    assert note_update(
        actor=odense_manager,
        note=n,
        text="Rettet",
        written_on=dt.date(2026, 5, 2),
        expected_version=n.version,
    )
    n.refresh_from_db()
    assert (n.text, n.written_on) == ("Rettet", dt.date(2026, 5, 2))
    assert [r.summary for r in history(n)] == ["Rettede noten", "Skrev noten"]
    assert history(n)[0].changed_by == odense_manager


def test_deleting_keeps_the_words_in_the_history(odense_caseworker):
    n = note(odense_caseworker, "Slet mig")
    pk = n.pk
    revisions = history(n)
    note_delete(actor=odense_caseworker, note=n)
    assert not ReflectionNote.objects.filter(pk=pk).exists()
    n.pk = pk  # history is looked up by the note's id
    assert [r.summary for r in history(n)] == ["Slettede noten", "Skrev noten"]
    assert history(n)[0].snapshot["text"] == "Slet mig"
    assert len(revisions) == 1


def test_notes_are_listed_per_question_newest_first_and_per_municipality(
    odense_caseworker, odense_manager, holbaek_caseworker
):
    older = note(odense_caseworker, "Ældst", days=30)
    newer = note(odense_manager, "Nyest", days=1)
    middle = note(odense_caseworker, "Midt", days=10)
    note(odense_caseworker, "Andet spørgsmål", question="more")
    note(holbaek_caseworker, "Holbæks egen")
    points = knowledge_notes(odense_caseworker)
    assert [p.point.key for p in points] == [p.key for p in FOCUS_POINTS]
    first = points[0].questions[0]
    assert (first.focus_point, first.question.key) == ("early_company", "now")
    assert first.notes == [newer, middle, older]
    assert [n.text for n in points[0].questions[1].notes] == ["Andet spørgsmål"]
    assert points[0].note_count == 4
    assert [n.text for n in knowledge_notes(holbaek_caseworker)[0].questions[0].notes] == [
        "Holbæks egen"
    ]
    with pytest.raises(Http404):
        access_note(holbaek_caseworker, older.pk)
    with pytest.raises(Http404):
        access_note(odense_caseworker, newer.pk, change=True)
    assert access_note(odense_caseworker, newer.pk) == newer


# Pages --------------------------------------------------------------------------------------


def test_the_knowledge_page_shows_every_focus_point_and_question_with_notes(
    odense_consultant, odense_caseworker
):
    mine = note(odense_consultant, "Min note", days=2)
    theirs = note(odense_caseworker, "Kollegaens note", days=5)
    body = login(odense_consultant).get(KNOWLEDGE).content.decode()
    for point in FOCUS_POINTS:
        assert str(point.title) in body
        for question in point.questions:
            assert f'id="{point.key}-{question.key}"' in body
    block = re.search(r'data-question="early_company-now">(.*?)<details', body, re.S).group(1)
    assert block.index("Min note") < block.index("Kollegaens note")  # newest first
    assert "29. april 2026" in block and "Sofie Lund" in block and "Mette Holm" in block
    # Edit links only on the consultant's own note.
    assert edit_url(mine) in block and edit_url(theirs) not in block
    # The date of a new note is today unless changed.
    today = clock.today().isoformat()
    assert f'name="early_company-now-written_on" value="{today}"' in body


def test_adding_a_note_on_the_page(odense_caseworker):
    client = login(odense_caseworker)
    response = client.post(
        KNOWLEDGE,
        {
            "fokuspunkt": "companies",
            "spoergsmaal": "start",
            "companies-start-text": "Lager og pleje mangler folk.",
            "companies-start-written_on": "2026-03-10",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#companies-start")
    (saved,) = ReflectionNote.objects.all()
    assert (saved.focus_point, saved.question, saved.written_on) == (
        "companies",
        "start",
        dt.date(2026, 3, 10),
    )
    assert saved.written_by == odense_caseworker


def test_a_note_without_text_or_date_is_refused_in_danish_and_not_saved(odense_caseworker):
    response = login(odense_caseworker).post(
        KNOWLEDGE,
        {
            "fokuspunkt": "companies",
            "spoergsmaal": "start",
            "companies-start-text": "  ",
            "companies-start-written_on": "",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Skriv noten." in body and "Angiv datoen." in body
    # The form with the errors is the one that is open.
    assert re.search(r'<details class="knowledge-add" open>', body)
    assert body.count("Skriv noten.") == 2  # the summary and the field
    assert not ReflectionNote.objects.exists()


def test_an_unknown_question_is_refused(odense_caseworker):
    response = login(odense_caseworker).post(
        KNOWLEDGE, {"fokuspunkt": "x", "spoergsmaal": "y"}, follow=True
    )
    assert "Spørgsmålet findes ikke" in response.content.decode()
    assert not ReflectionNote.objects.exists()


def test_the_author_edits_and_deletes_on_the_page(odense_consultant, odense_caseworker):
    n = note(odense_consultant, "Første udgave")
    client = login(odense_consultant)
    page = client.get(edit_url(n)).content.decode()
    assert "Første udgave" in page and "Historik" in page and "Skrev noten" in page
    bad = client.post(edit_url(n), {"text": "", "written_on": "2026-05-01", "version": 1})
    assert bad.status_code == 400 and "Skriv noten." in bad.content.decode()
    n.refresh_from_db()
    assert n.text == "Første udgave"
    done = client.post(
        edit_url(n), {"text": "Anden udgave", "written_on": "2026-05-03", "version": 1}
    )
    assert done.status_code == 302
    n.refresh_from_db()
    assert (n.text, n.written_on) == ("Anden udgave", dt.date(2026, 5, 3))
    # A colleague who is not a manager may not change it.
    other = login(odense_caseworker)
    assert other.get(edit_url(n)).status_code == 404
    assert other.post(delete_url(n)).status_code == 404
    assert "Slet note?" in client.get(delete_url(n)).content.decode()
    assert client.post(delete_url(n)).status_code == 302
    assert not ReflectionNote.objects.exists()


def test_a_manager_may_delete_anyones_note(odense_manager, odense_caseworker):
    n = note(odense_caseworker)
    assert login(odense_manager).post(delete_url(n)).status_code == 302
    assert not ReflectionNote.objects.exists()


def test_the_presentation_has_one_section_per_focus_point(odense_caseworker):
    for days in range(5):
        note(odense_caseworker, f"Note {days}", days=days)
    client = login(odense_caseworker)
    url = reverse("toolbox:knowledge_present")
    first = client.get(url).content.decode()
    assert f"Afsnit 1 af {len(FOCUS_POINTS)}" in first
    assert f"<h1>{FOCUS_POINTS[0].title}</h1>" in first
    # The newest three notes, and how many there are in all.
    assert "Note 0" in first and "Note 2" in first and "Note 3" not in first
    assert "5 noter i alt" in first
    last = client.get(f"{url}?afsnit={len(FOCUS_POINTS)}").content.decode()
    assert f"<h1>{FOCUS_POINTS[-1].title}</h1>" in last
    assert "Ingen noter endnu." in last


def test_an_unchanged_note_is_not_saved_and_records_no_revision(odense_caseworker):
    n = note(odense_caseworker, "Seks uger")
    with CaptureQueriesContext(connection) as queries:
        changed = note_update(
            actor=odense_caseworker,
            note=n,
            text="  Seks uger ",
            written_on=dt.date(2026, 5, 1),
            expected_version=n.version,
        )
    assert changed is False
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]
    assert [r.summary for r in history(n)] == ["Skrev noten"]
    # Only the date changed: that is a change.
    assert note_update(
        actor=odense_caseworker,
        note=n,
        text="Seks uger",
        written_on=dt.date(2026, 5, 2),
        expected_version=n.version,
    )
    assert [r.summary for r in history(n)] == ["Rettede noten", "Skrev noten"]


def test_saving_the_edit_form_unchanged_records_nothing(odense_caseworker):
    n = note(odense_caseworker, "Uændret")
    client = login(odense_caseworker)
    response = client.post(
        edit_url(n), {"text": "Uændret", "written_on": "2026-05-01", "version": 1}, follow=True
    )
    assert "Noten er uændret, så der er ikke gemt noget." in response.content.decode()
    assert [r.summary for r in history(n)] == ["Skrev noten"]
    # A real change through the same form is saved with its revision (the form's own copy of
    # the note is changed before the service compares: it must compare with the stored row).
    client.post(edit_url(n), {"text": "Ændret", "written_on": "2026-05-01", "version": 1})
    n.refresh_from_db()
    assert n.text == "Ændret"
    assert [r.summary for r in history(n)] == ["Rettede noten", "Skrev noten"]


# The printout ---------------------------------------------------------------------------------

KNOWLEDGE_PDF = reverse("toolbox:knowledge_pdf")


@pytest.fixture
def language_restored():
    """A request with English chosen leaves English active in the test's thread: undo it."""
    with translation.override(translation.get_language()):
        yield


def test_the_knowledge_pdf_has_the_focus_points_questions_and_dated_notes(
    tmp_path, odense_caseworker, odense_consultant, holbaek_caseworker, language_restored
):
    note(odense_caseworker, "Seks uger fra modtagelse til første praktik.")
    note(odense_consultant, "Vi prøver sprogpraktik i køkkenet.", point="language_work", days=3)
    note(holbaek_caseworker, "Holbæks egen note")
    client = login(odense_caseworker)
    page = client.get(KNOWLEDGE).content.decode()
    assert f'href="{KNOWLEDGE_PDF}"' in page and "Hent som PDF" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})  # the PDF stays Danish
    response = client.get(KNOWLEDGE_PDF)
    assert response["Content-Type"] == "application/pdf"
    assert "viden-og-refleksion.pdf" in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert text.startswith("Viden og refleksion")
    assert "Fokuspunkter, refleksionsspørgsmål og teamets noter, Odense" in text
    with translation.override("da"):  # the request left English active in this thread
        for point in FOCUS_POINTS:
            assert str(point.title) in text
            assert " ".join(str(point.explanation).split()[:8]) in text
            for question in point.questions:
                assert str(question.text) in text
    assert "1. maj 2026 · Mette Holm Seks uger fra modtagelse til første praktik." in text
    assert "28. april 2026 · Sofie Lund Vi prøver sprogpraktik i køkkenet." in text
    assert "Ingen noter endnu." in text
    assert "Holbæks egen note" not in text
    assert "Knowledge" not in text and "No notes yet" not in text


def test_the_knowledge_pdf_is_not_for_the_administrator_or_the_facilitator(
    odense_admin, facilitator, odense_manager
):
    for user in (odense_admin, facilitator):
        assert login(user).get(KNOWLEDGE_PDF).status_code == 404
    assert login(odense_manager).get(KNOWLEDGE_PDF).status_code == 200
