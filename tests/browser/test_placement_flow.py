"""The company consultant's register and the placement page in a real browser: a consultant
adds a contact person and capacity to a company, then opens a placement at it from the
citizen's page and names the contact person as the mentor."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fremdrift.companies.models import CompanyCapacity, ContactPerson, Placement
from fremdrift.journey.models import Period
from tests.browser.test_citizen_flow import log_in

CONSULTANT = "odense-virksomhedskonsulent"


@pytest.mark.browser
def test_a_consultant_registers_a_mentor_and_opens_the_placement(
    page, live_server, demo_data, screenshot, problems
):
    base = live_server.url
    period = (
        Period.objects.filter(
            municipality__code="461", kind="offer", company__isnull=False, end__isnull=True
        )
        .exclude(placement__follow_ups__isnull=False)  # the demo follows up on many
        .select_related("company", "citizen")
        .order_by("id")
        .first()
    )
    assert period is not None, "the demo has an open placement in Odense with no follow-up yet"
    company = period.company
    log_in(page, base, CONSULTANT)

    page.goto(f"{base}/virksomheder/{company.pk}/")
    page.get_by_role("link", name="Tilføj kontaktperson").click()
    page.get_by_label("Navn").fill("Mette Holm")
    page.get_by_label("Stilling eller rolle").fill("Mentor på lageret")
    page.get_by_label("Telefon").fill("2233 4455")
    page.get_by_label("E-mail").fill("mette@")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("E-mailadressen er ikke gyldig")).not_to_have_count(0)
    page.get_by_label("E-mail").fill("mette@lager.example")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Kontaktpersonen er tilføjet.")).to_be_visible()
    expect(page.get_by_role("row", name="Mette Holm")).to_contain_text("22 33 44 55")

    page.get_by_role("link", name="Tilføj fag").click()
    page.get_by_label("Fag eller branche").fill("Lager og logistik")
    page.get_by_label("Antal pladser").fill("3")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("row", name="Lager og logistik")).to_contain_text("3")
    screenshot("placement-01-company")
    assert ContactPerson.objects.filter(company=company, name="Mette Holm").exists()
    assert CompanyCapacity.objects.get(company=company, trade="Lager og logistik").places == 3

    page.goto(f"{base}/borgere/{period.citizen_id}/")
    page.locator(f'a[href="/virksomheder/praktik/{period.pk}/"]').first.click()
    expect(page.get_by_role("heading", name="Opfølgninger")).to_be_visible()
    expect(page.get_by_text("Ingen opfølgninger endnu.")).to_be_visible()
    page.get_by_role("link", name="Redigér forløbet").click()
    page.get_by_label("Kontaktperson i virksomheden").select_option(
        label="Mette Holm, Mentor på lageret"
    )
    page.get_by_label("Aftalte arbejdsopgaver").fill("Varemodtagelse og pluk af ordrer.")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Praktikforløbet er gemt.")).to_be_visible()
    expect(page.get_by_text("mette@lager.example")).to_be_visible()
    screenshot("placement-02-placement")
    assert Placement.objects.get(period=period).contact_person.name == "Mette Holm"
    problems.assert_none()
