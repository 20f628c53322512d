"""Readings for tests, made through the real services."""

from __future__ import annotations

import datetime as dt

from fremdrift.instruments.models import InstrumentVersion, Response
from fremdrift.instruments.response_services import current_version, response_save, response_start
from fremdrift.instruments.services import load_builtin_instruments
from tests.conversations.helpers import make_conversation


def progression_version(municipality) -> InstrumentVersion:
    load_builtin_instruments()
    version = current_version(municipality, "progression")
    assert version is not None
    return version


def reading(
    citizen,
    author,
    held_on: dt.date,
    respondent: str,
    answers: dict[str, int | str],
    *,
    conversation=None,
    version: InstrumentVersion | None = None,
    complete: bool = True,
) -> Response:
    conversation = conversation or make_conversation(citizen, author, held_on)
    response = response_start(
        actor=author,
        conversation=conversation,
        version=version or progression_version(citizen.municipality),
        respondent=respondent,
    )
    return response_save(actor=author, response=response, answers=answers, complete=complete)


CASEWORKER_ITEMS = (
    "danish", "health", "everyday", "belief", "job_search", "skills", "cooperation", "network",
    "caseworker_belief",
)  # fmt: skip
CITIZEN_ITEMS = CASEWORKER_ITEMS[:-1]


def all_items(value: int, respondent: str = "caseworker") -> dict[str, int]:
    items = CASEWORKER_ITEMS if respondent == "caseworker" else CITIZEN_ITEMS
    return dict.fromkeys(items, value)
