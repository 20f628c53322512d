"""The competence card in a real browser: a consultant fills in a citizen's card with an
entry and a new assessment, prints the reference, and finds the citizen on the board by the
competence."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fremdrift.citizens.models import Citizen
from fremdrift.competences.models import Competence
from tests.browser.test_citizen_flow import log_in

CONSULTANT = "odense-virksomhedskonsulent"


@pytest.mark.browser
def test_a_consultant_fills_in_the_card_and_finds_the_citizen_by_it(
    page, live_server, demo_data, screenshot, problems
):
    base = live_server.url
    # Someone else's citizen: the board's competence filter searches the whole municipality.
    citizen = (
        Citizen.objects.filter(municipality__code="461", anonymised_at__isnull=True)
        .exclude(consultant__username=CONSULTANT)
        .order_by("pk")
        .first()
    )
    assert citizen is not None
    log_in(page, base, CONSULTANT)

    page.goto(f"{base}/borgere/{citizen.pk}/")
    page.get_by_role("link", name="Se borgerens kompetencekort").click()
    expect(page.get_by_role("heading", name="Kompetencekort", exact=True)).to_be_visible()
    page.get_by_role("link", name="Tilføj kompetence").click()
    page.get_by_label("Slags").select_option("professional")
    page.get_by_label("Kompetence, uddannelse eller job").fill("Svejsning, MIG/MAG")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("link", name="Niveau")).to_be_visible()  # the error summary
    screenshot("competence-01-error")
    page.get_by_label("Niveau").select_option("3")
    page.get_by_label("Vurderet af (rolle)").select_option("citizen")
    page.get_by_label("Vurderet af (navn)").fill(citizen.first_name)
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Kompetencen er tilføjet kortet.")).to_be_visible()
    expect(page.get_by_text("Svejsning, MIG/MAG", exact=True)).to_be_visible()
    expect(page.get_by_text(f"vurderet af {citizen.first_name} (borgeren)")).to_be_visible()

    page.get_by_role("link", name="Ny vurdering – Svejsning, MIG/MAG").click()
    page.get_by_label("Niveau").select_option("4")
    page.get_by_label("Vurderet af (rolle)").select_option("employer")
    page.get_by_label("Vurderet af (navn)").fill("Jens Mentor")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Vurderingen er gemt.")).to_be_visible()
    expect(page.get_by_text("vurderet af Jens Mentor (arbejdsgiver)")).to_be_visible()
    page.get_by_text("Historik: 2 vurderinger").click()
    screenshot("competence-02-card")
    assert Competence.objects.get(citizen=citizen, title="Svejsning, MIG/MAG").level == 4

    page.get_by_label("Udskriv reference til arbejdsgiver").select_option("en")
    with page.expect_download() as download:
        page.get_by_role("button", name="Udskriv (PDF)").click()
    assert download.value.suggested_filename == "reference-en.pdf"

    page.goto(f"{base}/forloeb/tavle/")
    page.get_by_label("Kompetence", exact=True).fill("svejs")
    page.get_by_label("Mindst niveau").select_option("4")
    page.get_by_role("button", name="Find").click()
    expect(page.locator("#scope-current")).to_contain_text(
        "Alle i kommunen · 1 borger på tavlen · med kompetencen »svejs« (mindst niveau 4)"
    )
    expect(page.get_by_role("link", name=citizen.full_name, exact=True)).to_be_visible()
    screenshot("competence-03-board")
    problems.assert_none()
