"""The second factor in a real browser: a manager logs in with the password, enrols an
authenticator from the QR code's secret (the code computed here), sees the recovery codes
once, logs out, and logs in again with the password and a code."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from tests.factories import MunicipalityFactory, UserFactory

PASSWORD = "korrekt-hest-batteri"  # tests.factories.UserFactory's


def _password_step(page: Page, base: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill("odense-leder")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


@pytest.mark.browser
def test_a_manager_enrols_and_logs_in_with_a_code(
    page, live_server, transactional_db, settings, screenshot, problems
):
    settings.TWO_FACTOR_REQUIRED = True
    # The live server speaks plain http.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    odense = MunicipalityFactory(code="461", name="Odense")
    UserFactory(
        username="odense-leder",
        first_name="Lars",
        last_name="Bach",
        role="manager",
        municipality=odense,
    )
    base = live_server.url

    _password_step(page, base)
    expect(page.get_by_role("heading", name="Opsæt totrinsbekræftelse")).to_be_visible()
    qr = page.get_by_role("img", name="QR-kode til godkendelsesappen").locator("svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    screenshot("second-factor-01-enrol")
    secret = page.get_by_test_id("secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Kode fra appen").fill("12345")
    page.get_by_role("button", name="Bekræft").click()
    expect(page.get_by_text("Koden er forkert.")).to_be_visible()
    screenshot("second-factor-02-wrong-code")
    page.wait_for_timeout(1_100)  # the throttle's one second after a wrong code
    page.get_by_label("Kode fra appen").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Bekræft").click()

    expect(page.get_by_role("heading", name="Dine gendannelseskoder")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    screenshot("second-factor-03-recovery-codes")
    page.get_by_role("link", name="Jeg har gemt koderne").click()
    expect(page.get_by_role("heading", name="Borgere", exact=False).first).to_be_visible()
    page.get_by_role("button", name="Log ud").click()

    _password_step(page, base)
    expect(page.get_by_role("heading", name="Totrinsbekræftelse")).to_be_visible()
    page.goto(f"{base}/borgere/")  # any page leads back to the code
    expect(page.get_by_role("heading", name="Totrinsbekræftelse")).to_be_visible()
    screenshot("second-factor-04-code")
    # The enrolment used this period's code: the app's next one is accepted (one step's
    # tolerance), a used one never again.
    page.get_by_label("Kode").fill(f"{TOTP(key, drift=1).token():06d}")
    page.get_by_role("button", name="Bekræft").click()
    expect(page).to_have_url(f"{base}/borgere/")
    screenshot("second-factor-05-in")
    page.get_by_role("link", name="Din totrinsbekræftelse").click()
    expect(page.get_by_test_id("status")).to_contain_text("Du har 10 ubrugte gendannelseskoder")
    screenshot("second-factor-06-own-page")
    problems.assert_none()
