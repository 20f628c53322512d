"""The toolbox pages ask the database the same number of times however long the document."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.toolbox.models import Horizon, Theme
from fremdrift.toolbox.theory.services import item_add
from tests.conftest import login
from tests.toolbox.boundary_plans import make_action, make_plan, make_theory
from tests.toolbox.boundary_theory import build_theory

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    client.get(url)  # warm: sessions, the instrument cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_action_plan_pages_do_not_grow_with_the_actions(odense_manager, odense_consultant):
    theory = make_theory(odense_manager, ("Praktik", "Sprogpraktik", "Mentor"))
    items = list(theory.items.all())
    plan = make_plan(odense_manager, theory=theory)
    client = login(odense_manager)
    urls = [
        reverse("toolbox:plan_detail", kwargs={"pk": plan.pk}),
        reverse("toolbox:actions_overview"),
        reverse("toolbox:status_round", kwargs={"pk": plan.pk}),
    ]

    def add(n: int) -> None:
        for i in range(n):
            make_action(
                odense_manager, plan, theme=list(Theme)[i % 5], what=f"Handling {i}",
                owner=[odense_manager, odense_consultant][i % 2], theory_items=items[: i % 3 + 1],
            )  # fmt: skip

    add(2)
    few = [_queries(client, url) for url in urls]
    add(8)
    many = [_queries(client, url) for url in urls]
    assert many == few


def test_theory_page_does_not_grow_with_the_items(odense_manager):
    theory = build_theory(odense_manager)
    client = login(odense_manager)
    url = reverse("toolbox:theory_detail", kwargs={"pk": theory.pk})
    few = _queries(client, url)
    short = theory.items.get(horizon=Horizon.SHORT)
    for i in range(6):
        item_add(
            actor=odense_manager, theory=theory, horizon=Horizon.ACTIVITY,
            text=f"Aktivitet {i}", leads_to=[short.pk],
        )  # fmt: skip
    assert _queries(client, url) == few
