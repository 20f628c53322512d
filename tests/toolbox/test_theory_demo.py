"""Odense's demo theories: filled in, linked, bound, versioned and with a history."""

from __future__ import annotations

import datetime as dt

import pytest

from fremdrift.demo.theories import build_demo_theories
from fremdrift.instruments.services import load_builtin_instruments
from fremdrift.toolbox.models import Horizon, TheoryKind
from fremdrift.toolbox.revisions import history
from fremdrift.toolbox.theory.selectors import theory_page

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 20)


def test_demo_theories_for_odense(odense, odense_manager):
    load_builtin_instruments()
    change, second, programme = build_demo_theories(
        municipality=odense, author=odense_manager, today=TODAY
    )
    assert (change.kind, change.segment, change.version) == (
        TheoryKind.CHANGE, "activity_ready", 1
    )  # fmt: skip
    assert (second.version, second.previous_id) == (2, change.pk)
    assert (programme.kind, programme.segment, programme.shared) == (
        TheoryKind.PROGRAMME, "job_ready", True
    )  # fmt: skip
    horizons = {i.horizon for i in change.items.all()}
    assert horizons == {Horizon.LONG, Horizon.MEDIUM, Horizon.SHORT, Horizon.ACTIVITY}
    assert change.items.filter(figure="M3").count() == 1
    assert change.items.filter(dimension="job_search").count() == 1
    assert second.items.count() == change.items.count() + 1
    assert {i.horizon for i in programme.items.all()} == {
        Horizon.END_GOAL, Horizon.SUB_GOAL, Horizon.ACTIVITY, Horizon.MECHANISM
    }  # fmt: skip
    # Every activity leads somewhere, and every result but the long-term ones too.
    for item in change.items.exclude(horizon=Horizon.LONG):
        assert item.leads_to.exists(), item.text
    change.refresh_from_db()
    assert change.can_wants and change.family and change.purpose
    revisions = history(change)
    assert len(revisions) == 2 + len(change.items.all())  # created, target group, items
    assert revisions[-1].changed_at.date() == TODAY - dt.timedelta(days=70)
    assert revisions[0].changed_at > revisions[-1].changed_at
    assert all(r.changed_by == odense_manager for r in revisions)
    assert history(programme)[0].summary == "Delte dokumentet med facilitatoren"
    page = theory_page(second, odense_manager, today=TODAY)
    assert str(page.diagram).count('class="link"') == page.link_count == 17
