"""One date and number style per language: named formats (fremdrift/formats), Django's month
names, and one number helper, so a page never mixes '25,6 %' with '33.5 %' or a Danish
month with English words.

Danish: '4. maj 2026', '04.05.2026', '50,0 %'. English (British): '4 May 2026',
'04/05/2026', '50.0 %'.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from fremdrift.core.months import month_label, month_short
from fremdrift.core.numbers import fmt_number, fmt_percent
from fremdrift.journey.rules import fmt
from fremdrift.results.refresh import rebuild
from fremdrift.results.selectors import latest_month
from tests.conftest import login
from tests.results.test_views import build_m2, build_odense, main
from tests.toolbox.boundary_plans import TODAY, make_action, make_checklist, make_plan

pytestmark = pytest.mark.django_db

# A share as a page writes it, with either decimal mark.
_COMMA_SHARE = re.compile(r"\d,\d %")
_POINT_SHARE = re.compile(r"\d\.\d %")


def _in_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


@pytest.fixture
def figures(odense, holbaek, odense_caseworker):
    built = build_odense(odense, odense_caseworker) + build_m2(holbaek, 3, 3)
    rebuild()
    return built


def _with_target(client, value: str) -> None:
    year = latest_month() // 12
    client.post(
        reverse("results:dashboard"),
        {
            "action": "target",
            "figure": "M2",
            "M2-target-year": year,
            "M2-target-value": value,
            "M2-target-version": 0,
        },
    )


# -- Python helpers ---------------------------------------------------------------------------


def test_numbers_follow_the_language():
    assert (fmt_number(1234.56), fmt_percent(25.64)) == ("1.234,6", "25,6 %")
    assert fmt_number(41.25) == "41,2"  # rounded half to even, never cut off
    with translation.override("en"):
        assert (fmt_number(1234.56), fmt_percent(25.64)) == ("1,234.6", "25.6 %")
        assert fmt_number(41.26) == "41.3"


def test_month_names_follow_the_language():
    march = 2026 * 12 + 2
    assert (month_label(march), month_short(march), month_short(march + 2)) == (
        "marts 2026",
        "mar. 2026",
        "maj 2026",
    )
    with translation.override("en"):
        assert (month_label(march), month_short(march), month_short(march + 2)) == (
            "March 2026",
            "Mar. 2026",
            "May 2026",
        )


def test_a_period_in_an_error_is_a_short_date_in_the_language():
    day = dt.date(2026, 11, 7)
    assert fmt(day) == "07.11.2026"
    with translation.override("en"):
        assert fmt(day) == "07/11/2026"  # British: day first


# -- pages ------------------------------------------------------------------------------------


def test_the_dashboard_in_danish_has_danish_months_and_decimal_commas(figures, odense_manager):
    client = login(odense_manager)
    _with_target(client, "60,5")
    body = main(client.get(reverse("results:dashboard")).content.decode())
    assert f"Resultater, {month_label(latest_month())}" in body
    assert "oktober 2026" in body  # the last complete month before 18 November 2026
    assert "50,0 %" in body and "60,5 %" in body  # a figure's value and its target
    assert _POINT_SHARE.findall(body) == []


def test_the_dashboard_in_english_has_english_months_and_decimal_points(figures, odense_manager):
    client = login(odense_manager)
    _with_target(client, "60,5")
    body = main(_in_english(client).get(reverse("results:dashboard")).content.decode())
    assert "Results, October 2026" in body
    assert "oktober" not in body and "September 2026" in body  # the baseline menu too
    assert "50.0 %" in body and "60.5 %" in body
    assert _COMMA_SHARE.findall(body) == []


def test_the_monthly_book_in_english(figures, odense_caseworker, odense_manager):
    client = login(odense_manager)
    client.post(
        reverse("results:monthly_book"), {"reflection": "First draft.", "version": 0, "save": ""}
    )
    body = main(_in_english(client).get(reverse("results:monthly_book")).content.decode())
    assert f"Monthly book: {odense_caseworker.team.name}, October 2026" in body
    assert "100.0 %" in body and _COMMA_SHARE.findall(body) == []
    # Saved today (18 November 2026): a British date and a 24-hour clock.
    assert re.search(r"18 November 2026, \d\d:\d\d", body)
    assert "oktober" not in body and "november" not in body


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
