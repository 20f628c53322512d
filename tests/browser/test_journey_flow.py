"""The journey in a real browser: a caseworker records a conversation with a signed journal
entry, adds a sub-goal to the plan, starts a placement at a company, and sees the caseload
board move the citizen to "I praktik"; she lands on her own citizens on the board, widens it
to the whole municipality, and moves a card through its one "Flyt" link, which opens the
board's one move dialog (the move page without JavaScript)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from fremdrift.accounts.models import User
from fremdrift.citizens.models import Citizen
from fremdrift.conversations.models import Conversation
from fremdrift.core import clock
from fremdrift.journey.models import Period
from fremdrift.journey.selectors import snapshots
from fremdrift.journey.situation import Situation
from fremdrift.plans.models import SubGoal
from tests.browser.test_citizen_flow import CASEWORKER, log_in


def _unplaced_citizen() -> Citizen:
    caseworker = User.objects.get(username=CASEWORKER)
    citizens = Citizen.objects.filter(caseworker=caseworker)
    for snap in snapshots(citizens, caseworker.municipality, clock.today()):
        if snap.situation in (Situation.NOT_PLACED, Situation.DANISH_ONLY):
            return snap.citizen
    raise AssertionError("the demo has no unplaced citizen for the caseworker")


@pytest.mark.browser
def test_conversation_sub_goal_and_placement_move_the_board(
    page: Page, live_server, demo_data, problems, screenshot
):
    base = live_server.url
    citizen = _unplaced_citizen()
    today = clock.today()
    log_in(page, base, CASEWORKER)

    # A conversation with a journal entry, signed off.
    page.goto(f"{base}/borgere/{citizen.pk}/")
    page.get_by_role("link", name="Registrér samtale").click()
    page.get_by_label("Dato").fill(today.isoformat())
    page.get_by_label("Personligt fremmøde").check()
    page.get_by_label("Status siden sidst").fill(
        "Har gået til dansk hver uge og vil gerne i praktik."
    )
    screenshot("journey-01-conversation")
    page.get_by_role("button", name="Gem og underskriv").click()
    expect(page.get_by_text("Underskrevet af")).to_be_visible()
    conversation = Conversation.objects.filter(citizen=citizen).latest("id")
    assert conversation.held_on == today
    assert conversation.entries.get().status == "signed"

    # A sub-goal in the citizen's one plan.
    page.goto(f"{base}/planer/borger/{citizen.pk}/")
    if page.get_by_role("link", name="Opret plan").count():
        page.get_by_role("link", name="Opret plan").click()
        page.get_by_label("Job", exact=True).check()
        page.get_by_label("Område").fill("Lager og logistik")
        page.get_by_role("button", name="Gem plan").click()
    form = page.locator("form", has=page.get_by_role("button", name="Tilføj delmål"))
    form.get_by_label("Beskriv delmålet").fill("Gennemføre praktik på et lager i 8 uger")
    form.get_by_label("Måldato").fill((today + dt.timedelta(days=70)).isoformat())
    form.get_by_role("button", name="Tilføj delmål").click()
    expect(
        page.get_by_role("heading", name="Gennemføre praktik på et lager i 8 uger")
    ).to_be_visible()
    assert SubGoal.objects.filter(plan__citizen=citizen, text__startswith="Gennemføre").exists()

    # The board before: not in the placement column (all of it: the column may run to pages).
    page.goto(f"{base}/forloeb/tavle/?side_placement=50")
    placement_column = page.locator("section[aria-labelledby='col-placement']")
    expect(placement_column.get_by_role("link", name=citizen.full_name, exact=True)).to_have_count(
        0
    )

    # A placement at a company, through the offer form.
    page.goto(f"{base}/borgere/{citizen.pk}/")
    page.get_by_role("link", name="Start tilbud").click()
    page.get_by_label("Tilbud").select_option(label="Virksomhedspraktik (højst 13 uger)")
    company = page.get_by_label("Virksomhed")
    company.select_option(index=1)
    page.locator("#id_start").fill(today.isoformat())
    page.get_by_label("Planlagt slut").fill((today + dt.timedelta(weeks=8)).isoformat())
    page.get_by_label("Timer pr. uge").fill("25")
    screenshot("journey-02-placement-form")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Perioden er registreret.")).to_be_visible()
    expect(page.get_by_text("I praktik").first).to_be_visible()
    placement = Period.objects.filter(
        citizen=citizen, offer_type__code="virksomhedspraktik"
    ).latest("id")
    assert placement.company_id is not None and placement.start == today

    # The board after: the card has moved to "I praktik".
    page.goto(f"{base}/forloeb/tavle/?side_placement=50")
    placement_column = page.locator("section[aria-labelledby='col-placement']")
    expect(placement_column.get_by_role("link", name=citizen.full_name, exact=True)).to_have_count(
        1
    )
    screenshot("journey-03-board")
    problems.assert_none()


def _colleagues_citizen_on_the_board(caseworker: User) -> Citizen:
    """A citizen in Odense's programme whose caseworker is someone else, first by name."""
    others = (
        Citizen.objects.filter(municipality=caseworker.municipality)
        .exclude(caseworker=caseworker)
        .exclude(consultant=caseworker)
    )
    for snap in snapshots(others, caseworker.municipality, clock.today()):
        if snap.situation is not None:
            return snap.citizen
    raise AssertionError("the demo has no colleague's citizen on the board")


@pytest.mark.browser
def test_the_board_lands_on_her_own_citizens_and_widens(
    page: Page, live_server, demo_data, problems, screenshot
):
    base = live_server.url
    caseworker = User.objects.get(username=CASEWORKER)
    theirs = _colleagues_citizen_on_the_board(caseworker)
    log_in(page, base, CASEWORKER)
    page.goto(f"{base}/forloeb/tavle/")
    current = page.locator("#scope-current")
    expect(current).to_contain_text("Viser: Mine borgere")
    expect(page.get_by_label("Vis", exact=True)).to_have_value("mine")
    expect(page.get_by_role("link", name=theirs.full_name, exact=True)).to_have_count(0)
    screenshot("journey-04-board-mine")

    page.get_by_label("Vis", exact=True).select_option(label="Alle i kommunen")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]vis=alle"))
    expect(current).to_contain_text("Viser: Alle i kommunen")
    column = page.locator(
        "section.board-column", has=page.get_by_role("link", name=theirs.full_name, exact=True)
    )
    # The colleague's citizen is on the first page of her column: names sort first there.
    expect(column).to_have_count(1)
    more = page.locator("section.board-column", has=page.locator(".column-more")).first
    shown = more.locator("li.card").count()
    more.get_by_role("link", name=re.compile("^Vis flere")).click()
    expect(page).to_have_url(re.compile(r"vis=alle&side_\w+=2"))
    more = page.locator("section.board-column", has=page.locator(".column-more")).first
    assert page.locator("li.card").count() > shown
    screenshot("journey-05-board-all")
    problems.assert_none()


@pytest.mark.browser
def test_board_move_to_sick_through_the_move_dialog(
    page: Page, live_server, demo_data, problems, screenshot
):
    base = live_server.url
    citizen = _unplaced_citizen()
    log_in(page, base, CASEWORKER)
    page.goto(f"{base}/forloeb/tavle/?vis=mine")
    card = page.locator("li.card", has=page.get_by_role("link", name=citizen.full_name, exact=True))
    link = card.get_by_role("link", name=f"Flyt {citizen.full_name}")
    # Without JavaScript the link is the citizen's move page.
    expect(link).to_have_attribute("href", re.compile(rf"/forloeb/tavle/flyt/{citizen.pk}/\?next="))
    assert page.locator("dialog").count() == 1  # one move control for the whole board

    # With it, the board's one dialog opens with this citizen's moves; Escape closes it and
    # gives the focus back to the link.
    link.click()
    dialog = page.get_by_role("dialog", name=f"Flyt {citizen.full_name}")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(link).to_be_focused()

    link.press("Enter")
    expect(dialog).to_be_visible()
    # Only the moves that make sense from "not placed": no way back to where she is.
    expect(dialog.get_by_role("link", name="Start praktik")).to_be_visible()
    expect(dialog.get_by_role("button", name=re.compile("^Ikke placeret"))).to_have_count(0)
    screenshot("journey-06-move-dialog")
    dialog.get_by_role("button", name="Syg", exact=True).click()
    expect(page).to_have_url(re.compile(r"/forloeb/tavle/\?vis=mine$"))
    sick_column = page.locator("section[aria-labelledby='col-sick']")
    expect(sick_column.get_by_role("link", name=citizen.full_name, exact=True)).to_have_count(1)
    expect(page.get_by_text(f"{citizen.full_name} er flyttet.")).to_be_visible()
    assert Period.objects.filter(
        citizen=citizen, kind="absence", code="sick", end__isnull=True
    ).exists()
    screenshot("journey-07-board-sick")

    # The same moves as a page of their own, as a browser without JavaScript gets them.
    page.goto(f"{base}/forloeb/tavle/flyt/{citizen.pk}/?next=/forloeb/tavle/")
    expect(page.get_by_role("heading", level=1, name=f"Flyt {citizen.full_name}")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Ikke placeret"))).to_be_visible()
    screenshot("journey-08-move-page")
    problems.assert_none()
