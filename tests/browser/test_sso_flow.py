"""A caseworker logs in through her municipality's identity provider and logs out again
with single logout: Chromium, our live server and a real SAML identity provider
(pysaml2's, tests/sso/idp.py) on another port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from fremdrift.accounts.models import User
from tests.sso.conftest import ODENSE_CVR, person, set_up_provider, sp_metadata
from tests.sso.idp import TestIdentityProvider, key_pair


@pytest.fixture
def browser_idp(
    transactional_db, settings, tmp_path, live_server
) -> Iterator[TestIdentityProvider]:
    # The live server speaks plain http: no Secure cookies, and Lax for the SAML session
    # (the identity provider is on the same site, localhost, another port).
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    settings.SAML_SESSION_COOKIE_SAMESITE = "Lax"
    settings.SSO_SP_KEY_FILE, settings.SSO_SP_CERT_FILE = map(str, key_pair(tmp_path / "sp", "sp"))
    idp = TestIdentityProvider(folder=tmp_path / "idp", host="localhost").start()
    idp.sp_metadata = sp_metadata(live_server.url)
    yield idp
    idp.stop()


@pytest.mark.browser
def test_a_caseworker_logs_in_with_the_municipality_login_and_out_with_single_logout(
    transactional_db, page: Page, live_server, browser_idp, odense, operator, problems, screenshot
):
    host = live_server.url.removeprefix("http://")
    set_up_provider(browser_idp, odense, operator, host)
    browser_idp.user = person(municipality=ODENSE_CVR)

    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_role("link", name="Log ind med kommunens login")).to_be_visible()
    # The password form waits behind its own link, for accounts without the municipality login.
    expect(page.get_by_text("Log ind med brugernavn og adgangskode")).to_be_visible()
    expect(page.get_by_label("Adgangskode")).to_be_hidden()
    screenshot("sso-01-login-page")

    page.get_by_role("link", name="Log ind med kommunens login").click()

    # Through the identity provider and back: the caseworker lands on her own citizens.
    page.wait_for_url(f"{live_server.url}/borgere/**")
    expect(page.get_by_text("Mette Frederiksen Holm · Sagsbehandler")).to_be_visible()
    screenshot("sso-02-landed")
    user = User.objects.get(sso_identity__name_id="S-1-5-21-1004")
    assert (user.role, user.municipality_id) == ("caseworker", odense.pk)

    page.get_by_role("button", name="Log ud").click()

    # Our LogoutRequest went to the identity provider, whose answer ends at our logout page.
    page.wait_for_url(f"{live_server.url}/sso/sls/**")
    expect(page.get_by_role("heading", name="Du er logget ud")).to_be_visible()
    screenshot("sso-03-logged-out")
    assert browser_idp.received_logout_requests == ["S-1-5-21-1004"]
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")
    problems.assert_none()
