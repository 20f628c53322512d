"""The administrator's offer and benefit types in a real browser (issue 17, item 1): a new
company-oriented offer type and an own benefit type, each saved under the warning that it
moves the key figures; the offer type renamed; a product type retired for Odense from a
date; and every step in the change log on the same page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.journey.models import BenefitType, OfferType, RetiredType
from tests.browser import test_user_admin_flow
from tests.browser.test_user_admin_flow import PASSWORD, _log_in

odense_staff = test_user_admin_flow.odense_staff  # Odense with its administrator


@pytest.mark.browser
def test_the_administrator_adds_renames_and_retires_types(
    page: Page,
    live_server,
    odense_staff,
    problems,
    screenshot,
):
    base = live_server.url
    _log_in(page, base, "odense-admin", PASSWORD)
    page.goto(f"{base}/forloeb/tilbudstyper/")
    expect(page).to_have_title("Tilbudstyper · Fremdrift")
    expect(page.get_by_text("Kommunen har ingen egne tilbudstyper endnu.")).to_be_visible()

    page.get_by_role("link", name="Ny tilbudstype").click()
    expect(page.get_by_text("Ændringer påvirker nøgletallene")).to_be_visible()
    page.get_by_role("button", name="Gem").click()  # nothing filled in
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert not OfferType.objects.filter(municipality__isnull=False).exists()
    page.get_by_label("Navn").fill("Jobrotation")
    page.get_by_label("Gruppe").select_option(index=1)
    page.get_by_label("Virksomhedsrettet").check()
    screenshot("types-01-new-offer-type")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Tilbudstypen Jobrotation er gemt.")).to_be_visible()
    own = page.get_by_role("region", name="Kommunens egne tilbudstyper").first
    expect(own).to_contain_text("Jobrotation")

    own.get_by_role("link", name="Redigér Jobrotation").click()
    page.get_by_label("Navn").fill("Jobrotation med uddannelse")
    page.get_by_role("button", name="Gem").click()
    expect(own).to_contain_text("Jobrotation med uddannelse")

    page.get_by_role("link", name="Ny ydelsestype").click()
    expect(page.get_by_text("Ændringer påvirker nøgletallene M2 og M3")).to_be_visible()
    page.get_by_label("Navn").fill("Særlig hjælp")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Ydelsestypen Særlig hjælp er gemt.")).to_be_visible()
    benefits = page.get_by_role("region", name="Ydelsestyper").first
    expect(benefits).to_contain_text("Særlig hjælp")

    product = OfferType.objects.filter(municipality__isnull=True).order_by("order", "name").first()
    assert product is not None
    page.get_by_label(f"{product.name} udgår fra").fill("2026-12-31")
    page.get_by_role("button", name=f"Udgår {product.name}").click()
    expect(page.get_by_role("region", name="Fremdrifts tilbudstyper").first).to_contain_text(
        "Udgået fra 31.12.2026"
    )
    log = page.get_by_role("region", name="Ændringslog").first
    for what in ("Tilbudstype oprettet", "Tilbudstype ændret", "Ydelsestype oprettet"):
        expect(log).to_contain_text(what)
    screenshot("types-02-types-and-change-log")
    problems.assert_none()

    renamed = OfferType.objects.get(name="Jobrotation med uddannelse")
    assert renamed.company_oriented and renamed.municipality.code == "461"
    assert BenefitType.objects.get(name="Særlig hjælp").municipality.code == "461"
    retired = RetiredType.objects.get(offer_type=product)
    assert retired.retired_on.isoformat() == "2026-12-31"
    assert AuditEntry.objects.filter(action=Action.SETTINGS).count() >= 4
