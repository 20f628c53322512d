"""The boundary test's expectations for the competence card (tests/test_boundary.py)."""

from __future__ import annotations

import pytest

from tests.competences.factories import competence

READERS = {"odense_caseworker", "odense_manager", "odense_consultant"}
# Writing is EDIT_CITIZEN or EDIT_PLACEMENT (competences.access): today the same three.
WRITERS = {"odense_caseworker", "odense_manager", "odense_consultant"}

OBJECT_URLS: dict[str, tuple[str, set[str], str, dict]] = {
    "competences:card": ("get", READERS, "odense_card_kwargs", {}),
    "competences:entry_new": ("get", WRITERS, "odense_card_kwargs", {}),
    "competences:pdf": ("get", READERS, "odense_card_kwargs", {}),
    "competences:assess": ("get", WRITERS, "odense_competence_kwargs", {}),
}
FIXTURES = ("odense_card_kwargs", "odense_competence_kwargs")


@pytest.fixture
def odense_card_kwargs(odense_citizen) -> dict:
    return {"citizen_pk": odense_citizen.pk}


@pytest.fixture
def odense_competence_kwargs(odense_citizen) -> dict:
    return {"pk": competence(odense_citizen).pk}
