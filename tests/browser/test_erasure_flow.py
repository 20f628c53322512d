"""Erasure on request and the access report in a real browser: the manager asks for the
citizen's access report, the page follows the job worker (htmx) until the PDF is ready and
the manager downloads it, then erases the citizen with a reason; the citizen's page says
"anonymiseret" and shows no personal data. Under the CSP, with no console errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.citizens.models import Citizen
from fremdrift.conversations.models import JournalEntry
from fremdrift.journey.models import Period
from tests.browser.test_citizen_flow import log_in
from tests.pdf import pdf_tables

MANAGER = "odense-leder"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, databases=["default", "progress"])
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
    page.get_by_role("button", name="Hent indsigtsrapport som PDF").click()
    expect(page).to_have_url(re.compile(r"/revisionslog/indsigtsrapport/[0-9a-f]{32}/$"))
    expect(page.get_by_text("Rapporten laves ...")).to_be_visible()
    # The part asks the server again by itself, with htmx, until the report is ready.
    with page.expect_request(
        lambda r: "/indsigtsrapport/" in r.url and r.headers.get("hx-request") == "true"
    ):
        pass
    call_command("worker", once=True, verbosity=0)
    expect(page.get_by_text("Rapporten er klar")).to_be_visible()  # no reload: the poll
    screenshot("erasure-02-report-ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent rapporten (PDF)").click()
    assert download.value.suggested_filename.startswith(f"indsigt-{citizen.pk}-")
    [facts, _entries] = pdf_tables(Path(download.value.path()).read_bytes())
    assert any(name in " ".join(row) for row in facts.rows)
    downloads = AuditEntry.objects.filter(action=Action.VIEW_AUDIT, citizen_id=citizen.pk)
    assert downloads.filter(details__format="pdf").count() == 1

    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    page.get_by_role("link", name="Slet personoplysninger").click()
    page.get_by_label("Begrundelse").fill("Anmodning om sletning modtaget pr. brev")
    page.get_by_label("Jeg har kontrolleret").check()
    screenshot("erasure-03-confirm")
    page.get_by_role("button", name="Slet personoplysningerne").click()
    expect(page.get_by_text("Borgerens personoplysninger er slettet.")).to_be_visible()
    expect(page.get_by_test_id("anonymised")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anonymiseret borger")
    assert name not in page.content()
    screenshot("erasure-04-anonymised")
    assert AuditEntry.objects.filter(action=Action.ERASE, citizen_id=citizen.pk).count() == 1
    problems.assert_none()
