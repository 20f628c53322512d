"""The boundary test's expectations for the activation pages (tests/test_boundary.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fremdrift.activation.models import OrdinaryHours

COLLEAGUES = {"odense_caseworker", "odense_manager", "odense_consultant"}

OBJECT_URLS: dict[str, tuple[str, set[str], str, dict]] = {
    "activation:citizen": ("get", COLLEAGUES, "odense_activation_kwargs", {}),
    "activation:ordinary_hours_end": (
        "post",
        COLLEAGUES,
        "odense_ordinary_hours_kwargs",
        {"end": "2026-11-30"},
    ),
}
FIXTURES = ("odense_activation_kwargs", "odense_ordinary_hours_kwargs")


@pytest.fixture
def odense_activation_kwargs(odense_citizen) -> dict:
    return {"citizen_pk": odense_citizen.pk}


@pytest.fixture
def odense_ordinary_hours_kwargs(odense, odense_citizen) -> dict:
    row = OrdinaryHours.objects.create(
        municipality=odense,
        citizen=odense_citizen,
        start=dt.date(2026, 10, 1),
        hours_per_week=Decimal("10"),
    )
    return {"pk": row.pk}
