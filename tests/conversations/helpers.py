"""Quick rows for tests that are not about the services themselves."""

from __future__ import annotations

import datetime as dt

from fremdrift.conversations.models import Conversation, EntryStatus, JournalEntry
from fremdrift.conversations.sections import DEFAULT_SECTIONS
from fremdrift.core import clock


def sections_with(text: str = "Borgeren er startet i praktik.") -> list[dict[str, str]]:
    return [
        {"key": s["key"], "title": s["title"], "text": text if i == 0 else ""}
        for i, s in enumerate(DEFAULT_SECTIONS)
    ]


def make_conversation(
    citizen, author, held_on: dt.date, *, signed: bool = True, text: str = "Status."
) -> Conversation:
    conversation = Conversation.objects.create(
        municipality_id=citizen.municipality_id,
        citizen=citizen,
        held_on=held_on,
        form="in_person",
        held_by=author,
    )
    JournalEntry.objects.create(
        municipality_id=citizen.municipality_id,
        conversation=conversation,
        citizen=citizen,
        sections=sections_with(text),
        status=EntryStatus.SIGNED if signed else EntryStatus.DRAFT,
        written_by=author,
        signed_by=author if signed else None,
        signed_at=clock.now() if signed else None,
    )
    return conversation


def texts(**values: str) -> dict[str, str]:
    """Section texts keyed by the default template's keys."""
    return {s["key"]: values.get(s["key"], "") for s in DEFAULT_SECTIONS}
