"""The conversation URLs in the municipality boundary test (tests/test_boundary.py).

Each fixture gives the URL kwargs for an object in Odense. The entry fixtures make a fresh
draft (edit, sign) or signed entry (correct) per test, so a persona's POST never depends
on what another persona did.
"""

from __future__ import annotations

import pytest

from fremdrift.core import clock
from tests.conversations.helpers import make_conversation

CITIZEN_READERS = {"odense_caseworker", "odense_manager", "odense_consultant"}
CITIZEN_EDITORS = {"odense_caseworker", "odense_manager"}

OBJECT_URLS: dict[str, tuple[str, set[str], str, dict]] = {
    "conversations:list": ("get", CITIZEN_READERS, "odense_conversation_citizen_kwargs", {}),
    "conversations:new": ("get", CITIZEN_EDITORS, "odense_conversation_citizen_kwargs", {}),
    "conversations:detail": ("get", CITIZEN_READERS, "odense_conversation_kwargs", {}),
    "conversations:edit_entry": ("get", CITIZEN_EDITORS, "odense_draft_entry_kwargs", {}),
    "conversations:sign_entry": ("post", CITIZEN_EDITORS, "odense_draft_entry_kwargs", {}),
    "conversations:correct_entry": ("get", CITIZEN_EDITORS, "odense_signed_entry_kwargs", {}),
}

FIXTURES = (
    "odense_conversation_citizen_kwargs",
    "odense_conversation_kwargs",
    "odense_draft_entry_kwargs",
    "odense_signed_entry_kwargs",
)


@pytest.fixture
def odense_conversation_citizen_kwargs(odense_citizen) -> dict:
    return {"citizen_pk": odense_citizen.pk}


@pytest.fixture
def odense_conversation_kwargs(odense_citizen, odense_caseworker) -> dict:
    conversation = make_conversation(odense_citizen, odense_caseworker, clock.today())
    return {"pk": conversation.pk}


def _entry_kwargs(citizen, author, *, signed: bool) -> dict:
    conversation = make_conversation(citizen, author, clock.today(), signed=signed)
    return {"pk": conversation.pk, "entry_pk": conversation.entries.get().pk}


@pytest.fixture
def odense_draft_entry_kwargs(odense_citizen, odense_caseworker) -> dict:
    return _entry_kwargs(odense_citizen, odense_caseworker, signed=False)


@pytest.fixture
def odense_signed_entry_kwargs(odense_citizen, odense_caseworker) -> dict:
    return _entry_kwargs(odense_citizen, odense_caseworker, signed=True)
