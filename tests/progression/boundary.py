"""The progression URLs in the municipality boundary test (tests/test_boundary.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from fremdrift.instruments.services import load_builtin_instruments
from tests.progression.helpers import all_items, reading

READERS = {"odense_caseworker", "odense_manager", "odense_consultant"}
EDITORS = {"odense_caseworker", "odense_manager"}

OBJECT_URLS: dict[str, tuple[str, set[str], str, dict]] = {
    "progression:citizen": ("get", READERS, "progression_citizen_kwargs", {}),
    "progression:form": ("get", EDITORS, "progression_form_kwargs", {}),
    "progression:pdf": ("get", READERS, "progression_form_kwargs", {}),
    "progression:citizen_step": ("get", EDITORS, "progression_step_kwargs", {}),
    "progression:citizen_finish": ("get", EDITORS, "progression_conversation_kwargs", {}),
    "progression:citizen_thanks": ("get", EDITORS, "progression_conversation_kwargs", {}),
    # A blank questionnaire holds no personal data: any municipality's staff may print it.
    "progression:blank_pdf": (
        "get", READERS | {"holbaek_caseworker"}, "progression_blank_kwargs", {}
    ),
}  # fmt: skip

FIXTURES = (
    "progression_reading",
    "progression_citizen_kwargs",
    "progression_form_kwargs",
    "progression_step_kwargs",
    "progression_conversation_kwargs",
    "progression_blank_kwargs",
)


@pytest.fixture
def progression_reading(odense_citizen, odense_caseworker):
    return reading(
        odense_citizen, odense_caseworker, dt.date(2026, 5, 4), "citizen", all_items(4, "citizen")
    )


@pytest.fixture
def progression_citizen_kwargs(progression_reading) -> dict:
    return {"citizen_pk": progression_reading.citizen_id}


@pytest.fixture
def progression_conversation_kwargs(progression_reading) -> dict:
    return {"pk": progression_reading.conversation_id}


@pytest.fixture
def progression_form_kwargs(progression_reading) -> dict:
    return {"pk": progression_reading.conversation_id, "respondent": "citizen"}


@pytest.fixture
def progression_step_kwargs(progression_reading) -> dict:
    return {"pk": progression_reading.conversation_id, "step": 1}


@pytest.fixture
def progression_blank_kwargs(odense) -> dict:
    load_builtin_instruments()
    return {"respondent": "caseworker"}
