"""The team's notes to the knowledge synthesis' reflection questions.

Anyone in the municipality's staff with the toolbox may write a note; a note is changed or
deleted only by its author or a manager. Each change is kept as a revision of the note (who,
when, what), so a deleted note's words are still in its history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.core.versioning import claim_version
from fremdrift.toolbox.access import access_document, documents
from fremdrift.toolbox.models import ReflectionNote
from fremdrift.toolbox.reflection.knowledge import FOCUS_POINTS, FocusPoint, Question, question_of
from fremdrift.toolbox.revisions import record_revision

MAX_NOTE = 5000


def can_change_note(user: User, note: ReflectionNote) -> bool:
    """The note's author, or a manager in the note's municipality."""
    if not user.is_authenticated or not user.can(Permission.VIEW_TOOLBOX):
        return False
    if note.municipality_id != user.municipality_id:
        return False
    return note.written_by_id == user.pk or user.can(Permission.MANAGE_TOOLBOX)


def _snapshot(note: ReflectionNote) -> dict:
    return {
        "focus_point": note.focus_point,
        "question": note.question,
        "text": note.text,
        "written_on": note.written_on,
        "written_by": note.written_by_id,
    }


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Skriv noten.")})
    if len(text) > MAX_NOTE:
        raise ValidationError({"text": _("Noten må højst være %(n)s tegn lang.") % {"n": MAX_NOTE}})
    return text


def note_add(
    *,
    actor: User,
    focus_point: str,
    question: str,
    text: str,
    written_on: dt.date,
) -> ReflectionNote:
    if not actor.can(Permission.VIEW_TOOLBOX) or actor.municipality_id is None:
        raise PermissionDenied
    if question_of(focus_point, question) is None:
        raise ValidationError(_("Spørgsmålet findes ikke."))
    text = _clean_text(text)
    with transaction.atomic():
        note = ReflectionNote.objects.create(
            municipality_id=actor.municipality_id,
            focus_point=focus_point,
            question=question,
            text=text,
            written_on=written_on,
            written_by=actor,
        )
        record_revision(note, actor=actor, summary=str(_("Skrev noten")), snapshot=_snapshot(note))
    return note


def note_update(
    *, actor: User, note: ReflectionNote, text: str, written_on: dt.date, expected_version: int
) -> bool:
    """Change the note's text and date if nobody saved it since `expected_version` (else
    EditConflict); False, with nothing saved and no revision, when both are as stored
    already. Compared with the stored row, not `note` (a form may have changed it in
    memory)."""
    if not can_change_note(actor, note):
        raise PermissionDenied
    text = _clean_text(text)
    with transaction.atomic():
        stored = ReflectionNote.objects.select_for_update().get(pk=note.pk)
        if (stored.text, stored.written_on) == (text, written_on):
            note.text, note.written_on = stored.text, stored.written_on
            return False
        claim_version(note, expected_version)
        note.text = text
        note.written_on = written_on
        note.save(update_fields=["text", "written_on"])
        record_revision(
            note, actor=actor, summary=str(_("Rettede noten")), snapshot=_snapshot(note)
        )
    return True


def note_delete(*, actor: User, note: ReflectionNote) -> None:
    if not can_change_note(actor, note):
        raise PermissionDenied
    with transaction.atomic():
        record_revision(
            note, actor=actor, summary=str(_("Slettede noten")), snapshot=_snapshot(note)
        )
        note.delete()


@dataclass
class QuestionNotes:
    focus_point: str
    question: Question
    notes: list[ReflectionNote] = field(default_factory=list)
    # Set by the page: the question's form for a new note, and the notes the user may change.
    form: object = None
    changeable: set[int] = field(default_factory=set)

    @property
    def anchor(self) -> str:
        """The question's id on the page (its add form posts back to it)."""
        return f"{self.focus_point}-{self.question.key}"


@dataclass
class FocusPointNotes:
    point: FocusPoint
    questions: list[QuestionNotes]

    @property
    def note_count(self) -> int:
        return sum(len(q.notes) for q in self.questions)


def knowledge_notes(user: User) -> list[FocusPointNotes]:
    """Every focus point with its questions and the municipality's notes, newest first."""
    notes: dict[tuple[str, str], list[ReflectionNote]] = {}
    for note in (
        documents(user, ReflectionNote).select_related("written_by").order_by("-written_on", "-id")
    ):
        notes.setdefault((note.focus_point, note.question), []).append(note)
    return [
        FocusPointNotes(
            point=point,
            questions=[
                QuestionNotes(point.key, q, notes.get((point.key, q.key), []))
                for q in point.questions
            ],
        )
        for point in FOCUS_POINTS
    ]


def access_note(user: User, pk: object, *, change: bool = False) -> ReflectionNote:
    """The note, when it is in the user's municipality (and, with `change`, the user may
    change it); 404 otherwise, so an outsider cannot tell that it exists."""
    note = access_document(user, ReflectionNote, pk)
    if change and not can_change_note(user, note):
        raise Http404
    return note
