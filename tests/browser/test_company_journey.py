"""Issue 16's whole flow in real browsers, as a company consultant and a company's mentor
live it: the consultant accepts a referral, starts a placement at a company with a contact
person, writes, signs and prints the work agreement and makes a follow-up link; the contact
person opens it in a fresh browser without any login, scores the citizen and submits; the
consultant then sees the scores on the placement page and on the competence card, and the
placement at its wage point, on the placement page and on the worklist."""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
from django.db.models import Q
from playwright.sync_api import expect

from fremdrift.accounts.models import User
from fremdrift.companies.models import Company, ContactPerson, Referral
from fremdrift.core import clock
from fremdrift.journey.models import Period
from tests.browser.conftest import VIEWPORT
from tests.browser.test_citizen_flow import log_in
from tests.browser.test_follow_up_link import COMPETENCES

CONSULTANT = "odense-virksomhedskonsulent"


def _open_referral() -> Referral:
    """A referral waiting for the demo consultant, of a citizen in an open programme and in
    no paid work now or planned (the wage point is for talking about paid work)."""
    today = clock.today()
    paid = Period.objects.filter(
        Q(kind="offer", offer_type__category__in=("wage_subsidy", "igu"))
        | Q(kind="outcome", code__in=("ordinary_job", "igu_completed"))
    ).exclude(end__lt=today)
    for referral in Referral.objects.filter(
        status="sent", consultant__username=CONSULTANT
    ).select_related("citizen"):
        in_programme = Period.objects.filter(
            citizen=referral.citizen, kind="programme", start__lte=today
        ).exclude(end__lt=today + dt.timedelta(days=120))
        if in_programme.exists() and not paid.filter(citizen=referral.citizen).exists():
            return referral
    raise AssertionError("the demo has an open referral to the consultant in a programme")


def _company_with_contact() -> tuple[Company, ContactPerson]:
    contact = (
        ContactPerson.objects.filter(company__municipality__code="461", active=True)
        .select_related("company")
        .order_by("company__name", "pk")
        .first()
    )
    assert contact is not None
    return contact.company, contact


@pytest.mark.browser
def test_from_referral_to_wage_point(browser, page, live_server, demo_data, screenshot, problems):
    base = live_server.url
    referral = _open_referral()
    citizen = referral.citizen
    company, contact = _company_with_contact()
    today = clock.today()
    log_in(page, base, CONSULTANT)

    # The referral is accepted.
    page.goto(f"{base}/virksomheder/henvisning/{referral.pk}/")
    page.get_by_role("button", name="Modtag henvisningen").click()
    expect(page.get_by_text("Modtaget", exact=False).first).to_be_visible()

    # A placement at the company, 20 hours a week.
    page.goto(f"{base}/forloeb/borger/{citizen.pk}/ny/offer/")
    page.get_by_label("Tilbud").select_option(label="Virksomhedspraktik (højst 13 uger)")
    page.get_by_label("Virksomhed").select_option(str(company.pk))
    page.get_by_label("Start").fill(today.isoformat())
    page.get_by_label("Planlagt slut").fill((today + dt.timedelta(weeks=12)).isoformat())
    page.get_by_label("Timer pr. uge").fill("20")
    page.get_by_role("button", name="Gem").click()
    period = Period.objects.get(citizen=citizen, kind="offer", company=company, start=today)
    page.locator(f'a[href="/virksomheder/praktik/{period.pk}/"]').first.click()
    page.get_by_role("link", name="Redigér forløbet").click()
    page.get_by_label("Kontaktperson i virksomheden").select_option(str(contact.pk))
    # She follows the placement she found herself, whoever is the company's consultant.
    me = User.objects.get(username=CONSULTANT)
    page.get_by_label("Virksomhedskonsulent", exact=True).select_option(str(me.pk))
    page.get_by_label("Aftalte arbejdsopgaver").fill("Varemodtagelse og pluk af ordrer.")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Praktikforløbet er gemt.")).to_be_visible()

    # The work agreement: written, signed by all three, printed.
    page.get_by_role("link", name="Skriv arbejdsaftale").click()
    page.get_by_label("Mål for ordinære, lønnede timer pr. uge").fill("15")
    page.get_by_label("Målet skal være nået senest").fill(
        (today + dt.timedelta(days=90)).isoformat()
    )
    page.get_by_label("Delmål").fill("Møder til tiden hver dag\nKan selv pakke en ordre")
    page.get_by_label("Arbejdsopgaver").fill("Pluk og pak af ordrer")
    for day in ("Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag"):
        page.get_by_label(day).fill("8-12")
    page.get_by_label("Opfølgningsdatoer").fill(
        (today + dt.timedelta(days=14)).strftime("%d.%m.%Y")
    )
    page.get_by_label("Lønpoint: score i opfølgningen (1-5)").fill("4")
    page.get_by_label("Lønpoint: timer pr. uge i virksomheden").fill("20")
    page.get_by_role("button", name="Gem kladden").click()
    expect(page.get_by_text("Kladden til arbejdsaftalen er gemt.")).to_be_visible()
    for party, name in (
        ("Arbejdsgiver", contact.name),
        ("Borger", citizen.full_name),
        ("Jobkonsulent", "Sofie Lund"),
    ):
        page.get_by_role("link", name="Registrér underskrift").click()
        page.get_by_label(party).check()
        page.get_by_label("Navn på den, der skrev under").fill(name)
        page.get_by_label("Dato for underskriften").fill(today.isoformat())
        page.get_by_role("button", name="Registrér underskriften").click()
    expect(
        page.get_by_text("Alle tre parter har skrevet under. Aftalen er nu låst.")
    ).to_be_visible()
    screenshot("company-journey-01-agreement")
    with page.expect_download() as download:
        page.get_by_role("link", name="Udskriv (dansk)").click()
    with pdfplumber.open(io.BytesIO(open(download.value.path(), "rb").read())) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert company.name in text and citizen.full_name in text
    assert text.count("Underskrift") >= 3 and contact.name in text

    # The follow-up link, opened by the contact person in a browser with no login.
    page.goto(f"{base}/virksomheder/praktik/{period.pk}/")
    page.get_by_role("button", name="Lav link til kontaktpersonen").click()
    link = page.get_by_label(f"Personligt link til {contact.name}").input_value()
    outside = browser.new_context(viewport=VIEWPORT, locale="da-DK")
    try:
        mentor = outside.new_page()
        mentor.goto(link)
        expect(mentor.get_by_role("heading", level=1)).to_contain_text(citizen.first_name)
        expect(mentor.get_by_text(citizen.last_name)).to_have_count(0)
        for key in COMPETENCES:
            mentor.locator(f'label[for="{key}-4"]').click()
        mentor.locator("#id_next_focus").fill("Mere dansk ved morgenmødet.")
        mentor.locator('button[type="submit"]').click()
        expect(mentor.get_by_text("Tak for opfølgningen")).not_to_have_count(0)
        screenshot("company-journey-02-mentor-thanks", on=mentor)
    finally:
        outside.close()

    # The consultant sees the scores, the wage point and the competence card.
    page.goto(f"{base}/virksomheder/praktik/{period.pk}/")
    expect(page.locator("#follow-up-table")).to_contain_text(contact.name)
    expect(page.locator("#wage-point")).to_contain_text("Lønpointet er nået")
    expect(page.locator("#next-focus")).to_contain_text("Mere dansk ved morgenmødet.")
    screenshot("company-journey-03-wage-point")
    page.goto(f"{base}/kompetencer/borger/{citizen.pk}/")
    expect(page.get_by_text(f"vurderet af {contact.name} (arbejdsgiver)").first).to_be_visible()
    expect(page.get_by_text("Arbejdstempo").first).to_be_visible()
    screenshot("company-journey-04-competence-card")
    page.goto(f"{base}/forloeb/arbejdsliste/")
    expect(
        page.get_by_role("table", name="Forløb ved eller over lønpointet uden lønnet arbejde")
    ).to_contain_text(citizen.full_name)
    screenshot("company-journey-05-worklist")
    problems.assert_none()
