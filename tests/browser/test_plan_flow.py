"""The plan in a real browser: create it, add a sub-goal, follow up and change status with
htmx, under the Content-Security-Policy, with no console errors."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db.models import Count
from playwright.sync_api import Page, expect

from fremdrift.citizens.models import Citizen
from fremdrift.core import clock
from fremdrift.plans.models import FollowUpNote, SubGoal
from tests.browser.test_citizen_flow import CASEWORKER, log_in


@pytest.mark.browser
def test_caseworker_builds_a_plan(page: Page, live_server, demo_data, problems, screenshot):
    citizen = Citizen.objects.filter(
        municipality__code="461", caseworker__username=CASEWORKER, plan__isnull=True
    ).first()
    log_in(page, live_server.url, CASEWORKER)
    page.goto(f"{live_server.url}/planer/borger/{citizen.pk}/")
    expect(page.get_by_text("Borgeren har ingen plan endnu.")).to_be_visible()
    page.get_by_role("link", name="Opret plan").click()
    page.get_by_label("Job", exact=True).check()
    page.get_by_label("Område").fill("Lager og logistik")
    screenshot("plans-01-create")
    page.get_by_role("button", name="Gem plan").click()
    expect(page.get_by_text("Planen er gemt.")).to_be_visible()

    target = clock.today() + dt.timedelta(days=60)
    form = page.locator("form", has=page.get_by_role("button", name="Tilføj delmål"))
    form.get_by_label("Beskriv delmålet").fill("Tage truckcertifikat")
    form.get_by_label("Måldato").fill(target.isoformat())
    form.get_by_role("button", name="Tilføj delmål").click()
    expect(page.get_by_role("heading", name="Tage truckcertifikat")).to_be_visible()
    goal = SubGoal.objects.get(plan__citizen=citizen)
    item = page.locator(f"#delmaal-{goal.pk}")

    item.get_by_text("Skift status eller skriv opfølgning").click()
    item.get_by_label("Opfølgning").fill("Har fundet et kursus i januar.")
    item.get_by_role("button", name="Gem opfølgning").click()
    # htmx swaps in the sub-goal; the page is not reloaded.
    item = page.locator(f"#delmaal-{goal.pk}")
    expect(item.get_by_text("Opfølgningen er gemt.")).to_be_visible()
    expect(item.get_by_text("Har fundet et kursus i januar.")).to_be_visible()
    assert FollowUpNote.objects.filter(sub_goal=goal).count() == 1

    item.get_by_text("Skift status eller skriv opfølgning").click()
    item.get_by_label("Status").select_option("in_progress")
    item.get_by_role("button", name="Gem status").click()
    expect(page.locator(f"#delmaal-{goal.pk} .badge").first).to_have_text("I gang")
    screenshot("plans-02-plan")
    goal.refresh_from_db()
    assert goal.status == "in_progress"

    with page.expect_download() as download:
        page.get_by_role("link", name="Udskriv plan (PDF)").click()
    assert download.value.suggested_filename == "min-plan.pdf"
    expect(page).to_have_url(re.compile(r"/planer/borger/\d+/"))

    # A plan from the demo data, with several sub-goals and notes.
    rich = (
        Citizen.objects.filter(municipality__code="461", plan__isnull=False)
        .annotate(goals=Count("plan__sub_goals"))
        .order_by("-goals", "id")
        .first()
    )
    page.goto(f"{live_server.url}/planer/borger/{rich.pk}/")
    page.locator("details").first.locator("summary").click()
    screenshot("plans-03-demo-plan")
    problems.assert_none()
