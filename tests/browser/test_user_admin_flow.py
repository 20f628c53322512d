"""The municipality's administrator in a real browser: a new team and a new caseworker (whose
temporary password is read off the page and changed at her first login), the leaver's three
citizens moved to her, and the leaver deactivated while logged in elsewhere, whose next page
is the login page; the new caseworker finds the three on her list."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from fremdrift.accounts.models import Team, User
from fremdrift.accounts.roles import Role
from fremdrift.audit.models import Action, AuditEntry
from tests.browser.conftest import VIEWPORT
from tests.factories import CitizenFactory, MunicipalityFactory, TeamFactory, UserFactory

PASSWORD = "korrekt-hest-batteri"


@pytest.fixture
def odense_staff(settings, transactional_db):
    """Odense with its administrator and a caseworker about to leave, as on a demo."""
    # The live server speaks plain http: cookies cannot be marked Secure.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    odense = MunicipalityFactory(code="461", name="Odense")
    team = TeamFactory(municipality=odense, name="Team Integration Syd")
    UserFactory(
        username="odense-admin",
        first_name="Per",
        last_name="Dahl",
        role=Role.ADMINISTRATOR,
        municipality=odense,
    )
    leaver = UserFactory(
        username="odense-leaver",
        first_name="Bent",
        last_name="Nielsen",
        role=Role.CASEWORKER,
        municipality=odense,
        team=team,
    )
    for first, last in (("Aya", "Al-Ali"), ("Yonas", "Haile"), ("Nour", "Haddad")):
        CitizenFactory(municipality=odense, first_name=first, last_name=last, caseworker=leaver)
    return leaver


def _log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()


def _second_browser(browser: Browser) -> Page:
    return browser.new_context(viewport=VIEWPORT, locale="da-DK").new_page()


@pytest.mark.browser
def test_the_administrator_creates_a_team_and_a_caseworker_and_deactivates_a_leaver(
    page, browser, live_server, odense_staff, screenshot, problems
):
    base = live_server.url
    leaver_page = _second_browser(browser)
    _log_in(leaver_page, base, "odense-leaver", PASSWORD)
    expect(leaver_page.get_by_role("heading", name="Borgere", exact=True)).to_be_visible()

    _log_in(page, base, "odense-admin", PASSWORD)
    expect(page.get_by_role("heading", name="Brugere i Odense Kommune")).to_be_visible()
    screenshot("users-01-list")

    page.get_by_role("navigation").get_by_role("link", name="Teams").click()
    page.get_by_label("Navn").fill("Team Øst")
    page.get_by_role("button", name="Opret team").click()
    expect(page.get_by_text("Teamet Team Øst er oprettet.")).to_be_visible()
    page.get_by_label("Navn").fill("team øst")
    page.get_by_role("button", name="Opret team").click()
    expect(page.get_by_text("Kommunen har allerede et team med det navn.").first).to_be_visible()
    screenshot("users-02-teams-duplicate")

    page.get_by_role("navigation").get_by_role("link", name="Brugere").click()
    page.get_by_role("link", name="Ny bruger").click()
    page.get_by_label("Brugernavn").fill("odense-sara")
    page.get_by_label("Fornavn").fill("Sara")
    page.get_by_label("Efternavn").fill("Kofoed")
    page.get_by_label("E-mail").fill("sara@odense.dk")
    page.get_by_label("Rolle").select_option(label="Sagsbehandler")
    page.get_by_label("Team", exact=True).select_option(label="Team Øst")
    page.get_by_label("Initialer").fill("sk")
    page.get_by_role("button", name="Opret bruger").click()
    expect(page.get_by_role("heading", name="Sara Kofoed er oprettet")).to_be_visible()
    temporary = page.locator("#temporary-password").inner_text().strip()
    assert re.fullmatch(r"[\w]{4}(-[\w]{4}){3}", temporary)
    screenshot("users-03-temporary-password")

    sara_page = _second_browser(browser)
    _log_in(sara_page, base, "odense-sara", temporary)
    expect(sara_page.get_by_role("heading", name="Skift adgangskode")).to_be_visible()
    expect(sara_page.get_by_text("Du er logget ind med en midlertidig adgangskode")).to_be_visible()
    screenshot("users-04-change-password", on=sara_page)
    sara_page.get_by_label("Gammel adgangskode").fill(temporary)
    sara_page.get_by_label(re.compile(r"^Ny adgangskode")).fill("saras-egen-lange-kode")
    sara_page.get_by_label("Bekræftelse af ny adgangskode").fill("saras-egen-lange-kode")
    sara_page.get_by_role("button", name="Skift adgangskode").click()
    expect(sara_page.get_by_text("Din adgangskode er skiftet.")).to_be_visible()
    expect(sara_page.get_by_role("heading", name="Borgere", exact=True)).to_be_visible()
    screenshot("users-05-first-page", on=sara_page)
    sara = User.objects.get(username="odense-sara")
    assert not sara.must_change_password
    assert (sara.team, sara.initials) == (Team.objects.get(name="Team Øst"), "SK")

    # Bent's three citizens go to Sara before he leaves.
    page.get_by_role("navigation").get_by_role("link", name="Sagsstammer").click()
    page.get_by_role("link", name="Flyt borgere fra Bent Nielsen").click()
    boxes = page.locator('input[name="citizens"]')
    expect(boxes).to_have_count(3)
    for index in range(3):
        boxes.nth(index).check()
    page.get_by_label("Flyt til").select_option(label="Sara Kofoed")
    page.get_by_role("button", name="Videre").click()
    page.get_by_role("button", name="Flyt borgerne").click()
    expect(page.locator("#moved-citizens li")).to_have_count(3)
    screenshot("users-06-caseload-moved")
    sara_page.goto(f"{base}/")
    for name in ("Al-Ali, Aya", "Haile, Yonas", "Haddad, Nour"):
        expect(sara_page.locator("#results")).to_contain_text(name)
    screenshot("users-07-saras-list", on=sara_page)

    page.get_by_role("navigation").get_by_role("link", name="Brugere").click()
    page.get_by_role("link", name="Redigér Bent Nielsen").click()
    page.get_by_role("button", name="Deaktivér brugeren").click()
    expect(page.get_by_text("Bent Nielsen er deaktiveret.")).to_be_visible()
    screenshot("users-08-deactivated")

    leaver_page.reload()
    expect(leaver_page).to_have_url(re.compile(r"/login/"))
    expect(leaver_page.get_by_role("heading", name="Log ind på Fremdrift")).to_be_visible()
    screenshot("users-09-leaver-logged-out", on=leaver_page)
    _log_in(leaver_page, base, "odense-leaver", PASSWORD)
    expect(leaver_page.get_by_role("heading", name="Log ind på Fremdrift")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="Brugere").click()
    page.get_by_label("Vis").select_option(label="Deaktiverede brugere")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.get_by_role("cell", name="Bent Nielsen", exact=True)).to_be_visible()
    screenshot("users-10-deactivated-list")
    assert AuditEntry.objects.filter(action=Action.USERS).count() == 4
    for other in (leaver_page, sara_page):
        other.context.close()
    problems.assert_none()
