"""One date and number style per language: named formats (fremdrift/formats), Django's month
names, and one number helper, so a page never mixes '25,6 %' with '33.5 %' or a Danish
month with English words.

Danish: '4. maj 2026', '04.05.2026', '50,0 %'. English (British): '4 May 2026',
'04/05/2026', '50.0 %'.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from fremdrift.journey.rules import fmt
from tests.conftest import login
from tests.results.test_views import main
from tests.toolbox.boundary_plans import TODAY, make_action, make_checklist, make_plan

pytestmark = pytest.mark.django_db


def _in_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


# -- Python helpers ---------------------------------------------------------------------------


def test_a_period_in_an_error_is_a_short_date_in_the_language():
    day = dt.date(2026, 11, 7)
    assert fmt(day) == "07.11.2026"
    with translation.override("en"):
        assert fmt(day) == "07/11/2026"  # British: day first


# -- pages ------------------------------------------------------------------------------------


def test_toolbox_dates_read_like_the_rest(odense_manager):
    """The action plan and the checklist wrote '4. Maj 2026'; everything else '4. maj 2026'."""
    plan = make_plan(odense_manager)
    make_action(odense_manager, plan, due=TODAY, what="Skriv en procesbeskrivelse")
    make_checklist(odense_manager)
    client = login(odense_manager)
    detail = reverse("toolbox:plan_detail", kwargs={"pk": plan.pk})
    checklists = reverse("toolbox:checklist_list")
    for url in (detail, checklists):
        body = main(client.get(url).content.decode())
        assert "4. maj 2026" in body, url
        assert "Maj" not in body, url
    _in_english(client)
    for url in (detail, checklists):
        body = main(client.get(url).content.decode())
        assert "4 May 2026" in body, url
        assert "4. May" not in body and "maj" not in body, url
