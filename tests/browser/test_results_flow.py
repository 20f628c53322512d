"""The results pages in a real browser: the manager reads the three objectives, chooses a
baseline, sets a target the figure is below, explains the deviation, closes the team's month in
the monthly book and downloads the annual report; the facilitator looks across municipalities.
Nothing is fetched from another host on the way."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from fremdrift.accounts.models import Team, User
from fremdrift.core.months import month_code, month_label
from fremdrift.results.definitions import OBJECTIVES
from fremdrift.results.models import Baseline, Deviation, FigureValue, MonthlyBookEntry, Target
from fremdrift.results.refresh import rebuild
from fremdrift.results.selectors import latest_month
from tests.browser.conftest import LOCAL_HOSTS, SCREENSHOTS, VIEWPORT, PageProblems
from tests.browser.test_citizen_flow import log_in

MANAGER = "odense-leder"
REPORT_TIMEOUT = 60_000  # ms
LAPTOP = {"width": 1366, "height": 768}
FACILITATOR = "facilitator"
EXPLANATION = "Flere nye borgere er i denne måned visiteret som aktivitetsparate."
ACTION = "Teamet gennemgår visitationerne på næste teammøde; lederen følger op om en måned."
REFLECTION = "Tallene viser en svag fremgang. Vi prioriterer de virksomhedsrettede tilbud."


def _record_hosts(page: Page) -> list[str]:
    """Every request the page makes to a host other than the live server's."""
    foreign: list[str] = []

    def on_request(request) -> None:
        host = urlsplit(request.url).hostname or ""
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOCAL_HOSTS:
            foreign.append(request.url)

    page.on("request", on_request)
    return foreign


def _number(text: str) -> float:
    """'81,2 %' -> 81.2"""
    return float(re.sub(r"[^\d,]", "", text).replace(",", "."))


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} mangler: installér Debians poppler-utils")
    return path


def _pdf_text(path: Path) -> tuple[int, str]:
    """The PDF's page count and its text, every run of white space made one space."""
    info = subprocess.run(  # noqa: S603 - a fixed tool on our own file
        [_poppler("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    text = subprocess.run(  # noqa: S603
        [_poppler("pdftotext"), "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return pages, re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


@pytest.mark.browser
def test_manager_sets_baseline_target_deviation_closes_month_and_gets_report(
    page: Page, browser: Browser, live_server, demo_data, problems, screenshot, tmp_path
):
    base = live_server.url
    if not FigureValue.objects.exists():
        rebuild()
    assert FigureValue.objects.exists(), "the demo left the figure table empty"
    manager = User.objects.get(username=MANAGER)
    month = latest_month()
    year = month // 12
    foreign = _record_hosts(page)

    # 1. The dashboard from the navigation: three objectives, each a chart and a definition.
    log_in(page, base, MANAGER)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Resultater").click()
    expect(page).to_have_url(f"{base}/resultater/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Resultater, {month_label(month)}")
    for figure in OBJECTIVES:
        section = page.locator(f"section[data-testid='objective-{figure.code}']")
        expect(section.get_by_role("heading", level=2)).to_have_text(
            f"{figure.code}: {figure.name}"
        )
        expect(section.locator(".objective-chart svg")).to_have_count(1)
        expect(section.locator(".objective-chart svg")).to_be_visible()
        expect(section.get_by_test_id("current")).to_have_text(re.compile(r"\d+,\d %"))
        definition = section.locator("details.definition")
        summary = definition.locator("summary")
        expect(summary).to_have_text(f"Definition af {figure.code}")
        expect(definition.get_by_text(str(figure.population))).to_be_hidden()
        summary.click()
        expect(definition.get_by_text(str(figure.population), exact=False)).to_be_visible()
        expect(definition.get_by_text(str(figure.numerator), exact=False)).to_be_visible()
    screenshot("results-dashboard")
    # What an old laptop's screen shows of it, without scrolling.
    page.set_viewport_size(LAPTOP)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "results-dashboard-laptop.png"))
    page.set_viewport_size(VIEWPORT)

    m2 = page.locator("section[data-testid='objective-M2']")
    m2_value = m2.get_by_test_id("current").inner_text().strip()
    current = _number(m2_value)
    # The baseline starts out as the default, the same month a year earlier.
    default_baseline = month - 12
    expect(m2.get_by_test_id("summary-M2")).to_contain_text(
        f"Baseline ({month_label(default_baseline)}, standard: året før)"
    )
    expect(m2.get_by_test_id("target")).to_have_text("Intet mål sat")
    expect(m2.get_by_test_id("deviation-M2")).to_have_count(0)

    # 2. A baseline month of its own for M2: six months before the dashboard's month.
    chosen = month - 6
    manage = m2.locator("details.manage")
    manage.get_by_text("Baseline og mål for M2").click()
    baseline_select = manage.get_by_label("Baselinemåned")
    expect(baseline_select).to_be_visible()
    expect(baseline_select).to_have_value(str(default_baseline))
    baseline_select.select_option(label=month_label(chosen))
    screenshot("results-baseline-form")
    manage.get_by_role("button", name="Gem baseline").click()
    # Back at the top of the page, where the confirmation is.
    expect(page).to_have_url(f"{base}/resultater/?maaned={month_code(month)}")
    expect(page.locator("#messages")).to_contain_text("Baselinen er gemt.")
    expect(page.get_by_text("Baselinen er gemt.")).to_be_visible()
    baseline_row = m2.get_by_test_id("summary-M2").locator(
        "tr", has=page.get_by_test_id("baseline")
    )
    expect(baseline_row.locator("th")).to_have_text(f"Baseline ({month_label(chosen)})")
    expect(m2.get_by_test_id("baseline")).to_have_text(re.compile(r"\d+,\d %"))
    baseline = Baseline.objects.get(municipality=manager.municipality, figure="M2")
    assert baseline.month == chosen
    assert baseline.chosen_by == manager
    # The other objectives keep their default.
    assert not Baseline.objects.filter(figure__in=["M1", "M3"]).exists()

    # 3. A target above today's value: the card says "Under målet" and asks for an explanation.
    target = min(100, math.floor(current) + 5)
    assert target > current
    manage.get_by_text("Baseline og mål for M2").click()
    manage.get_by_label("Mål").fill(str(target))
    manage.get_by_role("button", name=f"Gem mål for {year}").click()
    expect(page.get_by_text("Målet er gemt.")).to_be_visible()
    expect(m2.get_by_test_id("target")).to_have_text(f"{target},0 % Under målet")
    saved_target = Target.objects.get(municipality=manager.municipality, figure="M2", year=year)
    assert saved_target.value == target

    deviation = m2.get_by_test_id("deviation-M2")
    expect(
        deviation.get_by_role("heading", name="Afvigelse: forklaring og handling")
    ).to_be_visible()
    expect(deviation).to_contain_text("Tallet ligger under målet.")
    deviation.get_by_label("Forklaring").fill(EXPLANATION)
    deviation.get_by_label("Handling").fill(ACTION)
    deviation.get_by_role("button", name="Gem forklaring og handling").click()
    expect(page.get_by_text("Forklaring og handling er gemt.")).to_be_visible()
    facts = deviation.locator("dl.facts")
    expect(facts).to_contain_text(EXPLANATION)
    expect(facts).to_contain_text(ACTION)
    expect(facts).to_contain_text(str(manager))
    saved = Deviation.objects.get(municipality=manager.municipality, figure="M2", month=month)
    assert (saved.explanation, saved.action, saved.written_by) == (EXPLANATION, ACTION, manager)
    # First only what the window shows after the save (the page jumps to the objective).
    page.screenshot(path=str(SCREENSHOTS / "results-dashboard-deviation-window.png"))
    screenshot("results-dashboard-deviation")

    # 4. The monthly book: closing needs a reflection.
    page.get_by_role("link", name="Månedsbog").click()
    team = Team.objects.get(pk=manager.team_id)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Månedsbog: {team.name}, {month_label(month)}"
    )
    figures = page.get_by_test_id("book-figures")
    expect(figures.locator("tbody tr")).to_have_count(3)
    expect(figures.locator("tr[data-figure='M2']")).to_contain_text("Under målet")
    expect(page.get_by_text(EXPLANATION)).to_be_visible()
    reflection = page.get_by_label("Teamets refleksion")
    expect(reflection).to_have_value("")
    page.get_by_role("button", name="Gem og luk måneden").click()
    error = page.locator("[data-error-summary]")
    expect(error).to_be_visible()
    expect(error).to_contain_text("En måned lukkes først, når teamets refleksion er skrevet.")
    expect(page.get_by_test_id("reflection")).not_to_contain_text("Lukket")
    screenshot("results-monthly-book-error")
    # The form comes back with status 400, which Chromium reports in the console: expected.
    refused = [e for e in problems.console_errors if "status of 400" in e and "maanedsbog" in e]
    assert len(refused) == 1, problems.console_errors
    problems.console_errors.remove(refused[0])
    assert not MonthlyBookEntry.objects.filter(team=team, month=month, closed_at__isnull=False)

    page.get_by_label("Teamets refleksion").fill(REFLECTION)
    page.get_by_role("button", name="Gem og luk måneden").click()
    expect(page.get_by_text("Måneden er lukket.")).to_be_visible()
    closed = page.get_by_test_id("reflection")
    expect(closed.locator(".tag-closed")).to_contain_text("Lukket")
    expect(closed.locator(".tag-closed")).to_contain_text(f"af {manager}")
    expect(closed).to_contain_text(REFLECTION)
    expect(closed.get_by_role("button", name="Gem og luk måneden")).to_have_count(0)
    current_month = page.locator(".book-months a[aria-current='page']").locator("..")
    expect(current_month).to_contain_text("lukket")
    screenshot("results-monthly-book-closed")
    entry = MonthlyBookEntry.objects.get(team=team, month=month)
    assert entry.closed_at is not None
    assert entry.closed_by == manager
    assert entry.reflection == REFLECTION

    # 5. The annual report, downloaded from the dashboard.
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Resultater").click()
    # WeasyPrint takes its time over a dozen pages: the click waits for the download itself.
    with page.expect_download(timeout=REPORT_TIMEOUT) as info:
        page.get_by_role("link", name=f"Årsrapport {year} (PDF)").click(timeout=REPORT_TIMEOUT)
    download = info.value
    assert download.suggested_filename == f"aarsrapport-{manager.municipality.code}-{year}.pdf"
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    pages, text = _pdf_text(pdf)
    assert pages >= 6, pages
    for expected in ("Årsrapport", "M2", "Bilag: definitioner", m2_value, EXPLANATION):
        assert expected in text, expected

    # The facilitator's view across the municipalities, in a context of its own.
    context = browser.new_context(viewport=VIEWPORT, locale="da-DK")
    context.set_default_timeout(10_000)
    try:
        other = context.new_page()
        other_problems = PageProblems()
        other.on("console", other_problems.on_console)
        other.on("pageerror", other_problems.on_page_error)
        other.on("requestfailed", other_problems.on_request_failed)
        other_foreign = _record_hosts(other)
        log_in(other, base, FACILITATOR)
        other.get_by_role("navigation", name="Hovedmenu").get_by_role(
            "link", name="På tværs"
        ).click()
        expect(other).to_have_url(f"{base}/resultater/tvaergaaende/")
        for figure in OBJECTIVES:
            section = other.get_by_test_id(f"across-{figure.code}")
            expect(section.locator(".objective-chart svg")).to_have_count(1)
            expect(section.locator("tbody tr").first).to_be_visible()
        screenshot("results-facilitator", on=other)

        # The project's report is made by the job worker while a page waits for it.
        report_link = other.get_by_role("link", name=re.compile(r"Årsrapport \d{4} \(PDF\)"))
        report_link.click()
        expect(other.get_by_text("Rapporten laves nu")).to_be_visible()
        with other.expect_request(lambda r: "/aarsrapport/status/" in r.url):
            pass  # the waiting part asks again by itself (htmx)
        screenshot("results-facilitator-report-waiting", on=other)
        other.goto(f"{base}/resultater/tvaergaaende/")  # leave; the job waits for the worker
        call_command("worker", once=True, verbosity=0)
        with other.expect_download(timeout=REPORT_TIMEOUT) as report:
            report_link.click()
        assert re.fullmatch(r"aarsrapport-projektet-\d{4}\.pdf", report.value.suggested_filename)
        other_problems.assert_none()
        assert other_foreign == [], other_foreign
    finally:
        context.close()

    # 6. Nothing came from another host, and the browser reported no errors.
    assert foreign == [], foreign
    problems.assert_none()
