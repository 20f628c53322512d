"""The self-evaluation and reflection URLs in the boundary test, and helpers the
self-evaluation tests share (rounds and answers made through the real services).

Rounds are the municipality's own: its staff read them, only its manager closes them, and
all three staff roles answer. A reflection note is changed by its author or a manager.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from fremdrift.accounts.roles import Role
from fremdrift.instruments.models import InstrumentVersion
from fremdrift.instruments.response_services import current_version
from fremdrift.instruments.services import load_builtin_instruments
from fremdrift.toolbox.models import SelfEvaluationRound
from fremdrift.toolbox.reflection.services import note_add
from fremdrift.toolbox.selfeval.services import answer_submit, round_close, round_open
from tests.factories import UserFactory

READERS = {"odense_caseworker", "odense_manager", "odense_consultant"}
MANAGER = {"odense_manager"}
# The fixture's note is written by the consultant: the author and a manager may change it.
NOTE_EDITORS = {"odense_consultant", "odense_manager"}

OBJECT_URLS: dict[str, tuple[str, set[str], str, dict]] = {
    "toolbox:selfeval_detail": ("get", READERS, "selfeval_closed_kwargs", {}),
    "toolbox:selfeval_pdf": ("get", READERS, "selfeval_closed_kwargs", {}),
    "toolbox:selfeval_present": ("get", READERS, "selfeval_closed_kwargs", {}),
    "toolbox:selfeval_answer": ("get", READERS, "selfeval_open_kwargs", {}),
    "toolbox:selfeval_close": ("post", MANAGER, "selfeval_open_kwargs", {}),
    "toolbox:reflection_edit": ("get", NOTE_EDITORS, "reflection_note_kwargs", {}),
    "toolbox:reflection_delete": ("post", NOTE_EDITORS, "reflection_note_kwargs", {}),
}

FIXTURES = ("selfeval_closed_kwargs", "selfeval_open_kwargs", "reflection_note_kwargs")


# ---------------------------------------------------------------------------------------------
# Helpers


def selfeval_version(municipality) -> InstrumentVersion:
    load_builtin_instruments()
    version = current_version(municipality, "self_evaluation")
    assert version is not None
    return version


def staff(municipality, role: str, count: int) -> list:
    return [UserFactory(role=role, municipality=municipality) for _ in range(count)]


def open_round(
    manager, title: str = "Selvevaluering forår 2026", opened_on: dt.date | None = None, **extra
) -> SelfEvaluationRound:
    selfeval_version(manager.municipality)
    return round_open(actor=manager, title=title, opened_on=opened_on, **extra)


def all_items(evaluation: SelfEvaluationRound, value: int | str) -> dict[str, int | str]:
    return {item["key"]: value for item in evaluation.version.items()}


Answers = dict[str, int | str] | Callable[[str], int | str]


def answer(user, evaluation: SelfEvaluationRound, answers: Answers | int | str) -> None:
    """Answer every statement: one value, a dict, or a function of the statement's key."""
    if isinstance(answers, dict):
        given = answers
    elif callable(answers):
        given = {key: answers(key) for key in all_items(evaluation, 0)}
    else:
        given = all_items(evaluation, answers)
    answer_submit(actor=user, evaluation=evaluation, answers=given)


def answered_round(
    manager,
    *,
    leaders: list[Answers | int | str],
    employees: list[Answers | int | str],
    close: bool = True,
    title: str = "Selvevaluering forår 2026",
    opened_on: dt.date | None = None,
) -> SelfEvaluationRound:
    """A round answered by one new leader or employee per entry (the manager itself does not
    answer), closed unless `close` is False."""
    evaluation = open_round(manager, title=title, opened_on=opened_on)
    municipality = manager.municipality
    for given in leaders:
        answer(staff(municipality, Role.MANAGER, 1)[0], evaluation, given)
    for index, given in enumerate(employees):
        role = Role.CASEWORKER if index % 2 == 0 else Role.CONSULTANT
        answer(staff(municipality, role, 1)[0], evaluation, given)
    if close:
        round_close(actor=manager, evaluation=evaluation)
    return evaluation


# ---------------------------------------------------------------------------------------------
# Fixtures for the boundary test


@pytest.fixture
def selfeval_closed_kwargs(odense_manager) -> dict:
    evaluation = answered_round(odense_manager, leaders=[4, 5, 4], employees=[2, 3, 2, 3])
    return {"pk": evaluation.pk}


@pytest.fixture
def selfeval_open_kwargs(odense_manager) -> dict:
    return {"pk": open_round(odense_manager, title="Åben runde").pk}


@pytest.fixture
def reflection_note_kwargs(odense_consultant) -> dict:
    note = note_add(
        actor=odense_consultant,
        focus_point="early_company",
        question="now",
        text="Seks uger fra modtagelse til første praktik.",
        written_on=dt.date(2026, 4, 14),
    )
    return {"pk": note.pk}
