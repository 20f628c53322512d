"""A citizen moves from Odense to Holbæk, in a real browser (issue 17, item 4).

Odense records the move with the ordinary outcome form; a Holbæk caseworker creates the
citizen by CPR number, is offered the takeover (counts only), confirms, and sees the case;
Odense's caseworker still sees the history, marked moved, and nothing of Holbæk's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Max
from playwright.sync_api import Browser, Page, expect

from fremdrift.citizens.cpr_storage import cpr_decrypt
from fremdrift.citizens.models import Citizen
from fremdrift.core import clock
from tests.browser.conftest import VIEWPORT
from tests.browser.test_citizen_flow import CASEWORKER, log_in

RECEIVER = "holbaek-sagsbehandler"


def _a_case_to_move() -> tuple[Citizen, dt.date]:
    """One of the Odense caseworker's citizens in the programme, with a plan and completed
    progression readings, nothing after the day the move is recorded for, and no outcome
    yet; and that day."""
    today = clock.today()
    citizen = (
        Citizen.objects.filter(
            municipality__code="461",
            caseworker__username=CASEWORKER,
            plan__isnull=False,
            instrument_responses__completed_at__isnull=False,
            instrument_responses__conversation__isnull=False,
            periods__kind="programme",
            periods__end__isnull=True,
        )
        .exclude(periods__kind="outcome")
        .exclude(periods__start__gte=today)
        .order_by("id")
        .distinct()
        .first()
    )
    assert citizen is not None
    latest = citizen.periods.aggregate(day=Max("start"))["day"]
    return citizen, min(today, max(latest + dt.timedelta(days=1), today - dt.timedelta(days=7)))


@pytest.mark.browser
def test_odense_records_the_move_and_holbaek_takes_the_case_over(
    page: Page, browser: Browser, live_server, demo_data, problems, screenshot
):
    base = live_server.url
    citizen, moved_on = _a_case_to_move()
    cpr = cpr_decrypt(citizen.cpr_encrypted)

    log_in(page, base, CASEWORKER)
    page.goto(f"{base}/forloeb/borger/{citizen.pk}/ny/outcome/")
    page.get_by_label("Afgang").select_option("moved")
    page.get_by_label("Fra").fill(moved_on.isoformat())
    screenshot("move-01-odense-records-the-move")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_test_id("moved")).to_contain_text("Flyttet til anden kommune")
    screenshot("move-02-odense-citizen-moved")

    holbaek = browser.new_context(viewport=VIEWPORT).new_page()
    log_in(holbaek, base, RECEIVER)
    holbaek.goto(f"{base}/borgere/ny/")
    holbaek.get_by_label("CPR-nummer").fill(f"{cpr[:6]}-{cpr[6:]}")
    holbaek.get_by_label("Fornavn(e)").fill("Skrevet")
    holbaek.get_by_label("Efternavn").fill("Forkert")
    holbaek.get_by_label("Oprindelsesland").select_option("SY")
    holbaek.locator("#id_takeover_date").fill(clock.today().isoformat())
    holbaek.get_by_role("button", name="Opret borger").click()
    expect(
        holbaek.get_by_role("heading", name="Overtag sagen fra en anden kommune")
    ).to_be_visible()
    expect(holbaek.get_by_text("Borgeren er flyttet fra Odense")).to_be_visible()
    expect(holbaek.locator(".takeover-counts")).to_contain_text("Plan med")
    expect(holbaek.locator(".takeover-counts")).to_contain_text("progressionsmåling")
    expect(holbaek.locator("body")).not_to_contain_text(citizen.last_name)
    screenshot("move-03-holbaek-offer", on=holbaek)
    holbaek.locator("#id_takeover_date").fill(clock.today().isoformat())
    holbaek.get_by_role("button", name="Bekræft og overtag sagen").click()
    expect(holbaek.get_by_test_id("taken-over")).to_contain_text("overtaget fra Odense")
    expect(holbaek.get_by_role("heading", name=citizen.full_name, level=1)).to_be_visible()
    expect(holbaek.locator("#plan-section-heading")).to_be_visible()
    running = holbaek.get_by_role("table", name="Perioder, der ikke er slut")
    expect(running).to_contain_text("Integrationsprogram")
    expect(running).to_contain_text(clock.today().strftime("%d.%m.%Y"))
    screenshot("move-04-holbaek-taken-over", on=holbaek)
    new = Citizen.objects.get(municipality__code="316", taken_over_from=citizen)
    # The readings came along: the star shows them, each naming Odense, with no link there.
    holbaek.get_by_role("link", name="Se stjernen").click()
    expect(holbaek.get_by_test_id("carried-note")).to_contain_text("taget i Odense")
    carried = holbaek.get_by_test_id("carried-reading")
    expect(carried.first).to_contain_text("målt i Odense")
    star = holbaek.content()
    for conversation in citizen.conversations.all():
        assert f"/samtaler/{conversation.pk}/" not in star
    screenshot("move-05-holbaek-readings", on=holbaek)
    assert new.plan.field == citizen.plan.field
    programme = new.periods.get(kind="programme")
    assert programme.start == new.takeover_date == clock.today()
    assert programme.planned_end == (
        citizen.periods.filter(kind="programme").latest("start").planned_end
    )

    # Odense's history stays, marked moved; Holbæk's row is not Odense's to see.
    page.goto(f"{base}/borgere/{citizen.pk}/")
    expect(page.get_by_test_id("moved")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Holbæk")
    screenshot("move-06-odense-history")
    problems.assert_none()
    response = page.goto(f"{base}/borgere/{new.pk}/")
    assert response is not None and response.status == 404
