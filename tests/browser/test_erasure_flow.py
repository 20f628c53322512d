"""Erasure on request and the access report in a real browser: the manager downloads the
citizen's access report (PDF), then erases the citizen with a reason; the citizen's page
says "anonymiseret" and shows no personal data. Under the CSP, with no console errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.citizens.models import Citizen
from fremdrift.conversations.models import JournalEntry
from fremdrift.journey.models import Period
from tests.browser.test_citizen_flow import log_in

MANAGER = "odense-leder"


@pytest.mark.browser
def test_manager_exports_the_access_report_and_erases_a_citizen(
    page: Page, live_server, demo_data, problems, screenshot
):
    running = Period.objects.filter(end__isnull=True).exclude(kind="outcome")
    citizen = (
        Citizen.objects.filter(municipality__code="461")
        .filter(pk__in=JournalEntry.objects.values("citizen_id"))
        .exclude(pk__in=running.values("citizen_id"))
        .order_by("pk")
        .first()
    )
    name = citizen.full_name
    log_in(page, live_server.url, MANAGER)
    page.goto(f"{live_server.url}/revisionslog/borger/{citizen.pk}/")
    screenshot("erasure-01-audit-log")
    with page.expect_download() as download:
        page.get_by_role("link", name="Indsigtsrapport (PDF)").click()
    assert download.value.suggested_filename.startswith(f"indsigt-{citizen.pk}-")

    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    page.get_by_role("link", name="Slet personoplysninger").click()
    page.get_by_label("Begrundelse").fill("Anmodning om sletning modtaget pr. brev")
    page.get_by_label("Jeg har kontrolleret").check()
    screenshot("erasure-02-confirm")
    page.get_by_role("button", name="Slet personoplysningerne").click()
    expect(page.get_by_text("Borgerens personoplysninger er slettet.")).to_be_visible()
    expect(page.get_by_test_id("anonymised")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anonymiseret borger")
    assert name not in page.content()
    screenshot("erasure-03-anonymised")
    assert AuditEntry.objects.filter(action=Action.ERASE, citizen_id=citizen.pk).count() == 1
    problems.assert_none()
