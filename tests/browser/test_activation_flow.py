"""Activation in real browsers: the administrator sets the municipality's activation
strategy (first with a wrong number) and adds its own offer type; a caseworker finds a
citizen under the target, records ordinary paid hours beside the offers, and sees the
citizen come closer to the target."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fremdrift.activation.models import ActivationStrategy, OrdinaryHours
from fremdrift.journey.models import OfferType
from tests.browser.test_citizen_flow import log_in

ADMIN = "odense-administrator"
CASEWORKER = "odense-sagsbehandler"


@pytest.mark.browser
def test_strategy_offer_type_and_ordinary_hours(
    browser, page, live_server, demo_data, screenshot, problems
):
    base = live_server.url
    log_in(page, base, ADMIN)
    page.get_by_role("link", name="Aktiveringsstrategi").click()
    page.get_by_label("Mål for aktivering (timer pr. uge)").fill("80")
    page.get_by_label("Længste pause i den virksomhedsrettede indsats (dage)").fill("21")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("#id_target_hours_error")).to_be_visible()
    screenshot("activation-01-strategy-error")
    page.get_by_label("Mål for aktivering (timer pr. uge)").fill("37")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Aktiveringsstrategien er gemt.")).to_be_visible()
    strategy = ActivationStrategy.objects.get(municipality__code="461")
    assert strategy.max_break_days == 21

    page.get_by_role("link", name="Tilbudstyper").click()
    page.get_by_role("link", name="Ny tilbudstype").click()
    page.get_by_label("Navn").fill("Jobrotation, vikar")
    page.get_by_label("Gruppe").select_option("wage_subsidy")
    page.get_by_label("Foregår i en virksomhed").check()
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("#id_company_oriented_error")).to_be_visible()
    page.get_by_label("Virksomhedsrettet").check()
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Tilbudstypen Jobrotation, vikar er gemt.")).to_be_visible()
    expect(page.get_by_role("row", name="Jobrotation, vikar Løntilskud")).to_contain_text("Ja")
    screenshot("activation-02-offer-types")
    assert OfferType.objects.get(name="Jobrotation, vikar").municipality.code == "461"
    page.get_by_role("button", name="Log ud").click()

    log_in(page, base, CASEWORKER)
    page.goto(f"{base}/aktivering/under-maalet/")
    rows = page.get_by_role("table", name="Borgere under aktiveringsmålet, længst fra målet først")
    first = rows.get_by_role("row").nth(1)
    expect(first).to_be_visible()
    screenshot("activation-03-under-target")
    first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aktiveringstimer")
    before = page.locator("main p").first.inner_text()
    page.get_by_label("Ordinære timer pr. uge").fill("0")
    page.get_by_role("button", name="Registrér").click()
    expect(page.locator("#id_hours_per_week_error")).to_be_visible()
    page.get_by_label("Ordinære timer pr. uge").fill("10")
    page.get_by_role("button", name="Registrér").click()
    expect(page.get_by_text("De ordinære timer er registreret.")).to_be_visible()
    expect(page.get_by_role("table", name="Det, der tæller med i timerne i dag")).to_contain_text(
        "Ordinære timer"
    )
    assert page.locator("main p").first.inner_text() != before
    screenshot("activation-04-citizen")
    assert OrdinaryHours.objects.filter(hours_per_week=10).count() == 1
    problems.assert_none()
