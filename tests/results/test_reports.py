"""The annual reports as PDF (WeasyPrint), read back with poppler-utils: the municipality's
report page by page, and the facilitator's report across municipalities (suppressed)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fremdrift.core.months import month_label
from fremdrift.results import services
from fremdrift.results.definitions import M1, M2, M3
from fremdrift.results.refresh import rebuild
from fremdrift.results.reports import prepare_facilitator_report
from fremdrift.results.selectors import latest_month
from tests.conftest import login
from tests.factories import MunicipalityFactory
from tests.pdf import pdf_table
from tests.plans.test_pdf import pdf_pages, pdf_text
from tests.results.test_views import SURNAME, build_m2, build_odense

pytestmark = pytest.mark.django_db


def flat(text: str) -> str:
    """The text with line breaks and runs of spaces as single spaces (pdftotext wraps)."""
    return " ".join(text.split())


def pages(text: str) -> list[str]:
    """pdftotext ends every page with a form feed."""
    return [flat(page) for page in text.split("\f") if page.strip()]


def test_the_municipal_annual_report(tmp_path, odense, holbaek, odense_caseworker, odense_manager):
    build_odense(odense, odense_caseworker)
    build_m2(holbaek, 3, 3)
    rebuild()
    last = latest_month()
    year = last // 12
    services.deviation_explain(
        user=odense_manager,
        figure="M2",
        month=last,
        explanation="Mange nye borgere i efteråret.",
        action="Afklaring inden for en måned.",
    )
    response = login(odense_manager).get(reverse("results:annual_report"), {"aar": year})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="aarsrapport-461-{year}.pdf"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    pdf = response.content
    text = pdf_text(pdf, tmp_path)
    every = flat(text)
    for expected in ("Årsrapport", "M1", "M2", "M3", "Bilag: definitioner", "Odense Kommune"):
        assert expected in every, expected
    assert flat(str(M2.population)) in every
    # Cover, summary, one page per objective, the zero point and the appendix.
    assert pdf_pages(pdf, tmp_path) >= 7
    by_page = pages(text)
    assert len(by_page) == pdf_pages(pdf, tmp_path)
    assert by_page[0].startswith("Odense Kommune Årsrapport") and str(year) in by_page[0]
    assert by_page[1].startswith("Resumé")
    # Each objective's current value in the summary (baseline – and national average beside
    # it): M1 1 of 3, M2 1 of 2, M3 2 of 2.
    summary = pdf_table(pdf, "Resumé")
    assert summary.rows[0] == [
        "Målsætning",
        "Baseline",
        month_label(last).capitalize(),
        "Ændring",
        "Landsgns.",
        "Mål",
    ]
    # (Nothing imported from Jobindsats: the national average is missing, and says so.)
    for figure, value in ((M1, "33,3 %"), (M2, "50,0 %"), (M3, "100,0 %")):
        baseline, current, change, national, target = summary.row(f"{figure.code} {figure.name}")
        assert (baseline.split()[0], current, change, national, target) == (
            "–",
            value,
            "–",
            "mangler",
            "–",
        ), figure.code
    for figure in (M1, M2, M3):
        heading = f"{figure.code}: {flat(str(figure.name))}"
        own = [page for page in by_page if page.startswith(heading)]
        assert len(own) == 1, figure.code  # its own page ...
        assert flat(str(figure.numerator)) in own[0]  # ... with its definition
    m2_page = next(page for page in by_page if page.startswith("M2:"))
    assert "1 af 2" in m2_page  # the counts behind the value
    assert (
        "Mange nye borgere i efteråret." in m2_page and "Afklaring inden for en måned." in m2_page
    )
    appendix = [page for page in by_page if "Bilag: definitioner" in page]
    assert appendix and by_page.index(appendix[0]) >= 5
    assert SURNAME not in every


def test_the_annual_report_for_an_unreadable_year_is_the_latest(odense, odense_manager):
    response = login(odense_manager).get(reverse("results:annual_report"), {"aar": "sidste"})
    assert response.status_code == 200
    year = latest_month() // 12
    assert f'filename="aarsrapport-461-{year}.pdf"' in response["Content-Disposition"]


def test_the_facilitator_report_names_each_municipality_and_no_person(
    tmp_path, odense, holbaek, facilitator
):
    build_m2(odense, 12, 7, first_name="Layla")
    build_m2(holbaek, 3, 3, first_name="Yusuf")
    outside = MunicipalityFactory(code="101", name="København", in_project=False)
    build_m2(outside, 6, 6, first_name="Hana")
    rebuild()
    year = latest_month() // 12
    client = login(facilitator)
    waiting = client.get(reverse("results:across_report"), {"aar": year})
    assert waiting.status_code == 202 and "Rapporten laves nu" in waiting.content.decode()
    prepare_facilitator_report.call(year)  # the worker's job, run here
    response = client.get(reverse("results:across_report"), {"aar": year})
    assert response.status_code == 200
    assert f'filename="aarsrapport-projektet-{year}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    every = flat(text)
    assert "I mål med integration" in every and "Bilag: definitioner" in every
    assert "Odense" in every and "Holbæk" in every and "København" not in every
    m2 = pdf_table(response.content, "M2:")
    # Each row: baseline (nothing a year ago) with its month, now, change. Odense's 7 of 12
    # is shown; Holbæk's 3 of 3 is not.
    baseline_month = month_label(latest_month() - 12)
    hidden = "vises ikke (under 5)"
    assert m2.row("Odense") == [f"{hidden} {baseline_month}", "58,3 %", "–"]
    assert m2.row("Holbæk") == [f"{hidden} {baseline_month}", hidden, "–"]
    for name in (SURNAME, "Layla", "Yusuf", "Hana"):
        assert name not in every, name
