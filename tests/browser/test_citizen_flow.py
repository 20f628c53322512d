"""The caseworker's everyday path through Fremdrift in a real browser (Chromium).

Log in, find a citizen by name, edit the record, reveal the full CPR number with a purpose,
and log out: with no console errors, no CSP violations and no requests to other hosts.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from fremdrift.accounts.models import User
from fremdrift.citizens.cpr_storage import cpr_decrypt
from fremdrift.citizens.models import Citizen
from fremdrift.core import clock
from fremdrift.demo.generator import DEMO_PASSWORD

CASEWORKER = "odense-sagsbehandler"


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()


@pytest.mark.browser
def test_caseworker_finds_edits_reveals_and_logs_out(
    page: Page, live_server, demo_data, problems, screenshot
):
    base = live_server.url
    # One of the caseworker's own citizens: the caseworker lands on the list filtered to them.
    citizen = (
        Citizen.objects.filter(municipality__code="461", caseworker__username=CASEWORKER)
        .order_by("last_name", "first_name", "id")
        .first()
    )
    assert citizen is not None
    real_cpr = cpr_decrypt(citizen.cpr_encrypted)
    detail_path = f"/borgere/{citizen.pk}/"

    page.goto(f"{base}/login/")
    expect(page.get_by_role("heading", name="Log ind på Fremdrift")).to_be_visible()
    screenshot("01-login")

    log_in(page, base, CASEWORKER)
    expect(page).to_have_url(re.compile(r"/borgere/"))
    expect(page.get_by_role("heading", name="Borgere", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Log ud")).to_be_visible()
    screenshot("02-citizen-list")

    page.locator("#id_q").fill(f"{citizen.last_name} {citizen.first_name}")
    page.get_by_role("button", name="Søg", exact=True).click()
    result = page.locator(f'#results a[href="{detail_path}"]')
    expect(result).to_have_text(f"{citizen.last_name}, {citizen.first_name}")
    expect(page).to_have_url(re.compile(r"[?&]q="))
    screenshot("03-search-results")

    result.click()
    expect(page).to_have_url(f"{base}{detail_path}")
    expect(page.get_by_role("heading", name=citizen.full_name, level=1)).to_be_visible()
    expect(page.locator("#cpr")).not_to_contain_text(real_cpr[6:])
    screenshot("04-citizen-detail")

    page.get_by_role("link", name="Redigér").click()
    expect(page).to_have_url(f"{base}{detail_path}rediger/")
    interpreter = page.get_by_label("Har brug for tolk")
    before = citizen.interpreter_needed
    if before:
        expect(interpreter).to_be_checked()
    else:
        expect(interpreter).not_to_be_checked()
    page.locator('label[for="id_interpreter_needed"]').click()
    if before:
        expect(interpreter).not_to_be_checked()
    else:
        expect(interpreter).to_be_checked()
    new_language = "uk" if citizen.preferred_language != "uk" else "ti"
    page.get_by_label("Foretrukket sprog").select_option(new_language)
    screenshot("05-citizen-edit")

    page.get_by_role("button", name="Gem ændringer").click()
    expect(page).to_have_url(f"{base}{detail_path}")
    expect(page.get_by_role("status").filter(has_text="Ændringerne er gemt.")).to_be_visible()
    facts = page.locator("dl.facts")
    tolk = facts.locator("dt:text-is('Tolk') + dd")
    expect(tolk).to_have_text("Ikke nødvendig" if before else "Har brug for tolk")
    language = facts.locator("dt:text-is('Foretrukket sprog') + dd")
    expect(language).to_have_text("Ukrainsk" if new_language == "uk" else "Tigrinya")
    citizen.refresh_from_db()
    assert citizen.interpreter_needed is (not before)
    assert citizen.preferred_language == new_language
    screenshot("06-citizen-saved")

    page.get_by_label("Formål").fill("Indberetning til ydelseskontoret")
    page.get_by_role("button", name="Vis CPR-nummer").click()
    revealed = page.get_by_test_id("revealed-cpr")
    expect(revealed).to_have_text(re.compile(r"^\d{6}-\d{4}$"))
    assert revealed.inner_text() == f"{real_cpr[:6]}-{real_cpr[6:]}"
    screenshot("07-cpr-revealed")

    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(f"{base}/logout/")
    expect(page.get_by_role("heading", name="Du er logget ud", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Log ind igen")).to_have_attribute("href", "/login/")
    expect(page.get_by_role("button", name="Log ud")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Hovedmenu")).to_have_count(0)
    screenshot("08-logged-out")

    page.goto(f"{base}/borgere/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/borgere/$"))
    expect(page.get_by_label("Brugernavn")).to_be_visible()
    screenshot("09-citizens-needs-login")

    problems.assert_none()


def tab_to_skip_link(page: Page) -> None:
    """Tab once from a freshly loaded page: the skip link gets focus and shows."""
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Gå til sidens indhold")
    expect(focused).to_be_in_viewport()


def follow_skip_link(page: Page) -> None:
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


@pytest.mark.browser
def test_demo_banner_and_skip_link(page: Page, live_server, demo_data, problems, screenshot):
    page.goto(f"{live_server.url}/login/")
    banner = page.locator(".demo-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Demo:")
    expect(banner).to_contain_text("Indtast aldrig rigtige personoplysninger.")

    log_in(page, live_server.url, CASEWORKER)
    expect(page.get_by_role("heading", name="Borgere", exact=True)).to_be_visible()
    expect(page.locator(".demo-banner")).to_contain_text("Demo:")
    tab_to_skip_link(page)
    screenshot("10-skip-link-focused")
    follow_skip_link(page)

    problems.assert_none()


@pytest.mark.browser
def test_skip_link_is_first_tab_stop_on_login(page: Page, live_server, demo_data, problems):
    page.goto(f"{live_server.url}/login/")
    tab_to_skip_link(page)
    follow_skip_link(page)
    problems.assert_none()


@pytest.mark.browser
def test_a_failed_login_says_so(page: Page, live_server, demo_data, problems, screenshot):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill(CASEWORKER)
    page.get_by_label("Adgangskode").fill("forkert-kodeord")
    page.get_by_role("button", name="Log ind").click()
    alert = page.get_by_role("alert")
    expect(alert.locator(".alert-heading")).to_have_text("Du blev ikke logget ind")
    expect(alert).to_contain_text("Brugernavn eller adgangskode er forkert")
    screenshot("01-login-failed")
    problems.assert_none()


@pytest.mark.browser
def test_two_editors_see_a_conflict_instead_of_a_silent_overwrite(
    browser, live_server, demo_data, screenshot
):
    base = live_server.url
    citizen = Citizen.objects.filter(municipality__code="461").order_by("id").first()
    edit_url = f"{base}/borgere/{citizen.pk}/rediger/"
    first = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    second = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    try:
        caseworker, manager = first.new_page(), second.new_page()
        log_in(caseworker, base, CASEWORKER)
        log_in(manager, base, "odense-leder")
        caseworker.goto(edit_url)
        manager.goto(edit_url)

        caseworker.get_by_label("Fornavn(e)").fill("Første")
        caseworker.get_by_role("button", name="Gem ændringer").click()
        expect(caseworker.get_by_text("Ændringerne er gemt.")).to_be_visible()

        manager.get_by_label("Efternavn").fill("Anden-Version")
        manager.get_by_role("button", name="Gem ændringer").click()
        conflict = manager.locator("#conflict")
        expect(conflict).to_contain_text("ændret af en anden")
        expect(conflict).to_contain_text("Første")  # what the caseworker saved
        expect(manager.get_by_label("Efternavn")).to_have_value("Anden-Version")  # input kept
        screenshot("11-edit-conflict", on=manager)
        citizen.refresh_from_db()
        assert (citizen.first_name, citizen.version) == ("Første", 2)
        assert citizen.last_name != "Anden-Version"
    finally:
        first.close()
        second.close()


@pytest.mark.browser
def test_caseworker_registers_a_citizen_who_lands_in_the_programme_with_her(
    page: Page, live_server, demo_data, problems, screenshot
):
    base = live_server.url
    log_in(page, base, CASEWORKER)
    page.goto(f"{base}/borgere/ny/")
    # The caseworker is chosen and the programme box ticked before anything is typed.
    expect(page.get_by_label("Sagsbehandler")).to_have_value(
        str(User.objects.get(username=CASEWORKER).pk)
    )
    expect(page.get_by_label("Start integrationsprogrammet på overtagelsesdatoen")).to_be_checked()
    page.get_by_label("CPR-nummer").fill("150695-1234")
    page.get_by_label("Fornavn(e)").fill("Selam")
    page.get_by_label("Efternavn").fill("Haile")
    page.get_by_label("Oprindelsesland").select_option("ER")
    page.get_by_label("Kategori").select_option("refugee")
    page.get_by_label("Foretrukket sprog").select_option("ti")
    # A takeover before the 18th birthday (15 June 2013) is refused on the field.
    page.locator("#id_takeover_date").fill("2013-06-01")
    page.get_by_role("button", name="Opret borger").click()
    expect(page.locator("#id_takeover_date_error")).to_contain_text(
        "Borgeren var under 18 år på overtagelsesdatoen"
    )
    screenshot("citizen-new-01-refused")
    takeover = clock.today() - dt.timedelta(days=3)
    page.locator("#id_takeover_date").fill(takeover.isoformat())
    page.get_by_role("button", name="Opret borger").click()
    expect(page.get_by_role("heading", name="Selam Haile", level=1)).to_be_visible()
    screenshot("citizen-new-02-created")
    citizen = Citizen.objects.get(first_name="Selam", last_name="Haile")
    assert citizen.caseworker.username == CASEWORKER
    programme = citizen.periods.get(kind="programme")
    assert (programme.start, programme.end) == (takeover, None)
    problems.assert_none()


@pytest.mark.browser
def test_a_pasted_journal_section_over_the_limit_is_kept_whole_and_refused(
    page: Page, live_server, demo_data, problems, screenshot
):
    base = live_server.url
    citizen = Citizen.objects.filter(
        municipality__code="461", caseworker__username=CASEWORKER
    ).first()
    log_in(page, base, CASEWORKER)
    page.goto(f"{base}/samtaler/borger/{citizen.pk}/ny/")
    section = page.get_by_label("Status siden sidst")
    expect(section).not_to_have_attribute("maxlength", re.compile(".*"))
    text = "Borgeren fortæller om ugen. " * 430  # 12,040 characters
    section.fill(text)
    # The design system counts down, and says how far over the text is.
    counter = page.locator(".form-limit", has=section).locator(".character-limit")
    expect(counter).to_have_text("Du har 2040 tegn for meget")
    page.get_by_role("button", name="Gem og underskriv").click()
    expect(page.locator("#id_section_status_error")).to_contain_text("højst have 10000 tegn")
    kept = page.get_by_label("Status siden sidst").input_value()
    assert kept == text, len(kept)  # the whole text, not a character cut
    screenshot("journal-too-long")
    problems.assert_none()
