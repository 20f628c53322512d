"""The theory-of-change URLs in the municipality boundary test (tests/test_boundary.py), and
the small builders the theory tests share.

Reading is for the municipality's staff with the toolbox (caseworker, consultant, manager);
every change and the stepper are the manager's. The fixture's document is not shared, so the
facilitator gets 404 like the administrator and the other municipality.
"""

from __future__ import annotations

import pytest

from fremdrift.toolbox.models import Horizon, Segment, TheoryKind, TheoryOfChange
from fremdrift.toolbox.theory.services import item_add, theory_create

READERS = {"odense_caseworker", "odense_manager", "odense_consultant"}
MANAGERS = {"odense_manager"}

OBJECT_URLS: dict[str, tuple[str, set[str], str, dict]] = {
    "toolbox:theory_detail": ("get", READERS, "theory_kwargs", {}),
    "toolbox:theory_pdf": ("get", READERS, "theory_kwargs", {}),
    "toolbox:theory_present": ("get", READERS, "theory_kwargs", {}),
    "toolbox:theory_step": ("get", MANAGERS, "theory_step_kwargs", {}),
    "toolbox:theory_item_edit": ("get", MANAGERS, "theory_item_kwargs", {}),
    "toolbox:theory_item_delete": ("post", MANAGERS, "theory_item_kwargs", {}),
    "toolbox:theory_new_version": ("post", MANAGERS, "theory_kwargs", {}),
    "toolbox:theory_share": ("post", MANAGERS, "theory_kwargs", {"shared": "1"}),
}

FIXTURES = (
    "odense_theory",
    "theory_kwargs",
    "theory_step_kwargs",
    "theory_item_kwargs",
)


def build_theory(manager, *, kind: str = TheoryKind.CHANGE, segment: str = Segment.ACTIVITY_READY):
    """A small theory of change: one item per column, linked left to right."""
    theory = theory_create(
        actor=manager,
        kind=kind,
        title="Aktivitetsparate på vej mod job",
        target_group="Aktivitetsparate borgere",
        segment=segment,
    )
    if kind == TheoryKind.CHANGE:
        long = item_add(
            actor=manager, theory=theory, horizon=Horizon.LONG, text="Flere i ordinært job"
        )
        medium = item_add(
            actor=manager, theory=theory, horizon=Horizon.MEDIUM,
            text="Borgeren søger selv praktik", leads_to=[long.pk],
        )  # fmt: skip
        short = item_add(
            actor=manager, theory=theory, horizon=Horizon.SHORT,
            text="Borgeren kender sine kompetencer", leads_to=[medium.pk],
        )  # fmt: skip
        item_add(
            actor=manager, theory=theory, horizon=Horizon.ACTIVITY,
            text="Kompetenceafklaring", leads_to=[short.pk],
        )  # fmt: skip
    return theory


@pytest.fixture
def odense_theory(odense_manager) -> TheoryOfChange:
    return build_theory(odense_manager)


@pytest.fixture
def theory_kwargs(odense_theory) -> dict:
    return {"pk": odense_theory.pk}


@pytest.fixture
def theory_step_kwargs(odense_theory) -> dict:
    return {"pk": odense_theory.pk, "step": 0}


@pytest.fixture
def theory_item_kwargs(odense_theory) -> dict:
    item = odense_theory.items.get(horizon=Horizon.ACTIVITY)
    return {"pk": odense_theory.pk, "item_pk": item.pk}
