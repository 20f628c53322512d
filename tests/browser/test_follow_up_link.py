"""The contact person's follow-up in real browsers: the consultant makes a link on the
placement page; a fresh browser context without any login opens it, scores the citizen in
English and submits; the consultant sees the scores on the placement page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fremdrift.companies.models import FollowUp, Placement
from fremdrift.journey.models import Period
from tests.browser.conftest import VIEWPORT
from tests.browser.test_citizen_flow import log_in
from tests.companies.factories import ContactPersonFactory

CONSULTANT = "odense-virksomhedskonsulent"
COMPETENCES = (
    "punctuality",
    "cooperation",
    "danish_at_work",
    "instructions",
    "initiative",
    "work_pace",
    "quality",
    "agreed_tasks",
)


@pytest.mark.browser
def test_a_contact_person_answers_a_follow_up_without_an_account(
    browser, page, live_server, demo_data, screenshot, problems
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
    contact = ContactPersonFactory(
        company=period.company, name="Mette Holm", email="mette@lager.example"
    )
    placement, _created = Placement.objects.get_or_create(
        period=period, defaults={"municipality_id": period.municipality_id}
    )
    placement.contact_person = contact
    placement.save(update_fields=["contact_person"])

    log_in(page, base, CONSULTANT)
    page.goto(f"{base}/virksomheder/praktik/{period.pk}/")
    page.get_by_role("button", name="Lav link til kontaktpersonen").click()
    expect(page.get_by_text("Linket vises kun denne ene gang.")).to_be_visible()
    link = page.get_by_label("Personligt link til Mette Holm").input_value()
    assert "/opfoelgning/" in link
    expect(page.get_by_role("link", name="Skriv e-mail til mette@lager.example")).to_be_visible()
    screenshot("follow-up-01-link")

    outside = browser.new_context(viewport=VIEWPORT, locale="da-DK")
    try:
        contact_page = outside.new_page()
        contact_page.goto(link)
        expect(contact_page.get_by_role("heading", level=1)).to_contain_text(
            period.citizen.first_name
        )
        expect(contact_page.get_by_text(period.citizen.last_name)).to_have_count(0)
        contact_page.get_by_role("link", name="English").click()
        expect(contact_page.get_by_text("Turns up regularly and on time")).not_to_have_count(0)
        for key in COMPETENCES:
            contact_page.locator(f'label[for="{key}-4"]').click()
        contact_page.locator("#id_next_focus").fill("Faster at the packing table.")
        screenshot("follow-up-02-contact-form", on=contact_page)
        contact_page.locator('button[type="submit"]').click()
        expect(contact_page.get_by_role("heading", level=1)).to_be_visible()
        screenshot("follow-up-03-contact-thanks", on=contact_page)
        assert not [c for c in outside.cookies() if c["name"] == "sessionid"]
        contact_page.goto(link)
        expect(contact_page.get_by_text("Opfølgningen er allerede sendt")).not_to_have_count(0)
    finally:
        outside.close()

    follow_up = FollowUp.objects.select_related("response").get(placement=placement)
    assert follow_up.response.respondent == "contact_person"
    page.goto(f"{base}/virksomheder/praktik/{period.pk}/")
    table = page.locator("#follow-up-table")
    expect(table).to_contain_text("Mette Holm")
    expect(table.get_by_role("row").nth(1)).to_contain_text("4")
    expect(page.locator("#next-focus")).to_contain_text("Faster at the packing table.")
    expect(page.locator("#follow-up-links")).to_contain_text("Brugt")
    screenshot("follow-up-04-placement")
    problems.assert_none()
