"""The work agreement in a real browser: a consultant writes it on a placement (first with a
wrong weekday), records the three signatures, sees it locked, prints it and makes a new
version."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from fremdrift.companies.models import WorkAgreement
from fremdrift.core import clock
from fremdrift.journey.models import Period
from tests.browser.test_citizen_flow import log_in

CONSULTANT = "odense-virksomhedskonsulent"


def _follow_up_day(period: Period) -> dt.date:
    day = max(period.start, clock.today()) + dt.timedelta(days=7)
    end = period.end or period.planned_end
    return period.start if end is not None and day > end else day


@pytest.mark.browser
def test_a_consultant_writes_signs_prints_and_renews_the_agreement(
    page, live_server, demo_data, screenshot, problems
):
    base = live_server.url
    period = (
        Period.objects.filter(
            municipality__code="461", kind="offer", company__isnull=False, end__isnull=True
        )
        .exclude(placement__agreements__isnull=False)
        .order_by("id")
        .first()
    )
    assert period is not None, "the demo has an open placement in Odense without an agreement"
    log_in(page, base, CONSULTANT)
    page.goto(f"{base}/virksomheder/praktik/{period.pk}/")
    expect(page.get_by_text("Der er ikke skrevet en arbejdsaftale endnu.")).to_be_visible()
    page.get_by_role("link", name="Skriv arbejdsaftale").click()

    page.get_by_label("Mål for ordinære, lønnede timer pr. uge").fill("15")
    goal_day = max(period.start, clock.today()) + dt.timedelta(days=90)
    page.get_by_label("Målet skal være nået senest").fill(goal_day.isoformat())
    page.get_by_label("Delmål").fill("Møder til tiden hver dag\nKan selv pakke en ordre")
    page.get_by_label("Arbejdsopgaver").fill("Pluk og pak af ordrer")
    page.get_by_label("Mandag").fill("8-12")
    page.get_by_label("Onsdag").fill("12-8")
    page.get_by_label("Opfølgningsdatoer").fill(_follow_up_day(period).strftime("%d.%m.%Y"))
    page.get_by_label("Lønpoint: score i opfølgningen (1-5)").fill("4")
    page.get_by_label("Lønpoint: timer pr. uge i virksomheden").fill("20")
    page.get_by_role("button", name="Gem kladden").click()
    expect(page.get_by_text("Onsdag: Sluttidspunktet skal ligge efter")).not_to_have_count(0)
    screenshot("agreement-01-error")
    page.get_by_label("Onsdag").fill("8.00-12.30")
    page.get_by_role("button", name="Gem kladden").click()
    expect(page.get_by_text("Kladden til arbejdsaftalen er gemt.")).to_be_visible()
    expect(page.get_by_text("8,5 timer")).to_be_visible()
    screenshot("agreement-02-draft")

    today = clock.today().isoformat()
    for party, name in (
        ("Arbejdsgiver", "Jette Skov"),
        ("Borger", "Borgeren"),
        ("Jobkonsulent", "Konsulenten"),
    ):
        page.get_by_role("link", name="Registrér underskrift").click()
        page.get_by_label(party).check()
        page.get_by_label("Navn på den, der skrev under").fill(name)
        page.get_by_label("Dato for underskriften").fill(today)
        page.get_by_role("button", name="Registrér underskriften").click()
    expect(
        page.get_by_text("Alle tre parter har skrevet under. Aftalen er nu låst.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Ret kladden")).to_have_count(0)
    screenshot("agreement-03-signed")
    agreement = WorkAgreement.objects.get(placement__period=period)
    assert agreement.is_signed and agreement.signatures.count() == 3

    with page.expect_download() as download:
        page.get_by_role("link", name="Udskriv (dansk)").click()
    assert download.value.suggested_filename == "arbejdsaftale-v1.pdf"

    page.get_by_role("button", name="Lav en ny version").click()
    expect(page.get_by_text("Version 2 er oprettet som kladde.")).to_be_visible()
    expect(page.get_by_label("Arbejdsopgaver")).to_have_value("Pluk og pak af ordrer")
    page.goto(f"{base}/virksomheder/praktik/{period.pk}/")
    expect(page.get_by_text("erstatter version 1")).to_be_visible()
    expect(page.get_by_role("link", name="Version 1")).to_be_visible()
    screenshot("agreement-04-new-version")
    problems.assert_none()
