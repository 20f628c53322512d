"""The shared conflict page in a real browser (core/versioning.py): two colleagues edit the
same company; the second sees what the first saved, keeps what they typed, and can either
save over it deliberately or fetch the saved version."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fremdrift.companies.models import Company
from tests.browser.test_citizen_flow import CASEWORKER, log_in


@pytest.mark.browser
def test_the_second_editor_of_a_company_gets_the_conflict_page(
    browser, live_server, demo_data, screenshot
):
    base = live_server.url
    company = Company.objects.filter(municipality__code="461").order_by("id").first()
    edit_url = f"{base}/virksomheder/{company.pk}/rediger/"
    first = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    second = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    try:
        caseworker, manager = first.new_page(), second.new_page()
        log_in(caseworker, base, CASEWORKER)
        log_in(manager, base, "odense-leder")
        caseworker.goto(edit_url)
        manager.goto(edit_url)

        caseworker.get_by_label("Navn").fill("Fynsk Lager A/S")
        caseworker.get_by_role("button", name="Gem ændringer").click()
        expect(caseworker.get_by_text("Ændringerne er gemt.")).to_be_visible()

        manager.get_by_label("P-nummer (arbejdsstedet)").fill("1012345678")
        manager.get_by_role("button", name="Gem ændringer").click()
        conflict = manager.locator("#conflict")
        expect(conflict).to_contain_text("Der er gemt en ændring af en anden")
        expect(conflict.get_by_role("row", name="Navn")).to_contain_text("Fynsk Lager A/S")
        expect(manager.get_by_label("P-nummer (arbejdsstedet)")).to_have_value("1012345678")
        screenshot("edit-conflict-company", on=manager)
        company.refresh_from_db()
        assert company.name == "Fynsk Lager A/S" and company.p_number != "1012345678"

        # Fetching the saved version drops what the manager typed and shows the saved one.
        conflict.get_by_role("link", name="Hent den gemte version").click()
        expect(manager.locator("#conflict")).to_have_count(0)
        expect(manager.get_by_label("Navn")).to_have_value("Fynsk Lager A/S")
        manager.get_by_label("P-nummer (arbejdsstedet)").fill("1012345678")
        manager.get_by_role("button", name="Gem ændringer").click()
        expect(manager.get_by_text("Ændringerne er gemt.")).to_be_visible()
        company.refresh_from_db()
        assert (company.name, company.p_number) == ("Fynsk Lager A/S", "1012345678")
        assert company.version == 3
    finally:
        first.close()
        second.close()
