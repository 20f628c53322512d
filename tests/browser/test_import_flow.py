"""The administrator imports a large case file in a real browser (Chromium): the upload is
queued, the progress page polls (htmx), the administrator leaves and comes back, and after
the job worker has run, the page shows what was imported."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from fremdrift.caseimport.examples import example_csv
from fremdrift.citizens.models import Citizen
from tests.browser.test_citizen_flow import log_in

ADMIN = "odense-administrator"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, databases=["default", "progress"])
def test_a_large_import_runs_in_the_background_and_the_page_follows_it(
    page: Page, live_server, demo_data, problems, screenshot, settings, tmp_path
):
    settings.IMPORT_INLINE_MAX_BYTES = 0  # the example files count as large
    citizens = tmp_path / "borgere.csv"
    citizens.write_text(example_csv("borgere"), encoding="utf-8")
    periods = tmp_path / "perioder.csv"
    periods.write_text(example_csv("perioder"), encoding="utf-8")
    before = Citizen.objects.filter(municipality__code="461").count()
    base = live_server.url

    log_in(page, base, ADMIN)
    page.goto(f"{base}/import/")
    page.get_by_label("Borgere (borgere.csv)").set_input_files(str(citizens))
    page.get_by_label("Perioder (perioder.csv)").set_input_files(str(periods))
    page.get_by_role("button", name="Læg filerne ind").click()

    expect(page).to_have_url(re.compile(r"/import/koersel/[0-9a-f]{32}/$"))
    expect(page.get_by_text("Importen venter på at komme til.")).to_be_visible()
    expect(page.get_by_label("Importen venter på at komme til.")).to_have_attribute("value", "0")
    # The part asks the server again by itself, with htmx, until the import has run.
    with page.expect_request(
        lambda r: "/import/koersel/" in r.url and r.headers.get("hx-request") == "true"
    ):
        pass
    screenshot("import-01-queued")
    progress_url = page.url

    page.goto(f"{base}/")  # leave; the import waits for the worker all the same
    call_command("worker", once=True, verbosity=0)
    page.goto(progress_url)
    expect(page.get_by_role("status")).to_contain_text("Importen er gennemført")
    expect(page.get_by_text(re.compile(r"Borgere: \d+ oprettet"))).to_be_visible()
    screenshot("import-02-done")
    assert Citizen.objects.filter(municipality__code="461").count() > before
    problems.assert_none()


STATISTICS_HEAD = "Udtrukket 15-03-2024\r\nOmråde;Periode;Visitationskategori;Antal personer\r\n"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, databases=["default", "progress"])
def test_a_large_statistics_file_is_imported_in_the_background_and_the_page_follows_it(
    page: Page, live_server, demo_data, problems, screenshot, settings, tmp_path
):
    settings.IMPORT_INLINE_MAX_BYTES = 0  # every file counts as large
    good = tmp_path / "jobindsats.csv"
    good.write_text(
        STATISTICS_HEAD + "Odense;1990M01;Jobparat;4\r\nOdense;1990M01;I alt;10\r\n",
        encoding="utf-8",
    )
    bad = tmp_path / "forkert.csv"
    bad.write_text(
        STATISTICS_HEAD + "Odense;1990M02;Jobparat;4\r\nAtlantis;1990M02;I alt;10\r\n",
        encoding="utf-8",
    )
    base = live_server.url

    log_in(page, base, "facilitator")
    page.goto(f"{base}/statistik/")
    page.get_by_label("Fil fra Jobindsats (CSV eller XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Indlæs filen").click()

    expect(page).to_have_url(re.compile(r"/statistik/koersel/[0-9a-f]{32}/$"))
    expect(page.get_by_text("Importen venter på at komme til.")).to_be_visible()
    expect(page.get_by_text("0 af 4 rækker læst, 0 fejl indtil nu.")).to_be_visible()
    # The part asks the server again by itself, with htmx, until the import has run.
    with page.expect_request(
        lambda r: "/statistik/koersel/" in r.url and r.headers.get("hx-request") == "true"
    ):
        pass
    screenshot("statistics-import-01-queued")
    progress_url = page.url

    page.goto(f"{base}/")  # leave; the import waits for the worker all the same
    call_command("worker", once=True, verbosity=0)
    page.goto(progress_url)
    expect(page.get_by_role("status")).to_contain_text("jobindsats.csv er indlæst")
    expect(page.get_by_text("Tal gemt: 1")).to_be_visible()
    screenshot("statistics-import-02-done")
    page.get_by_role("link", name="Tilbage til indlæsning af statistik").click()
    expect(page.get_by_role("cell", name="jobindsats.csv")).to_be_visible()

    # A refused file: the page, still polling, turns into the errors with row and column.
    page.get_by_label("Fil fra Jobindsats (CSV eller XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Indlæs filen").click()
    expect(page).to_have_url(re.compile(r"/statistik/koersel/[0-9a-f]{32}/$"))
    call_command("worker", once=True, verbosity=0)
    expect(page.get_by_role("alert")).to_contain_text("forkert.csv blev afvist")
    expect(page.get_by_role("alert")).to_contain_text(
        "Række 4, kolonne 'Område': 'Atlantis' er hverken 'Hele landet' eller en kendt kommune"
    )
    screenshot("statistics-import-03-refused")
    problems.assert_none()
