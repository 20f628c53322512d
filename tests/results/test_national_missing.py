"""A month without a national value from Jobindsats says so everywhere; nothing takes its place.

Before, a missing national value was quietly replaced by an average over the municipalities in
the database (the project's own), under the same label: M2 went from 55.5 % to 82.3 % in the
monthly book with the source hidden. Here the database holds enough citizens for such an
average to exist, and Jobindsats has a value for the month before the one shown only.
"""

from __future__ import annotations

import html
import io

import pytest
from django.urls import reverse

from fremdrift.core.months import month_code, month_label, month_start
from fremdrift.results.definitions import M2
from fremdrift.results.models import FigureValue
from fremdrift.results.refresh import rebuild
from fremdrift.results.reports import prepare_facilitator_report
from fremdrift.results.selectors import latest_month, months_with_figures
from fremdrift.results.statistics.export import write_csv
from fremdrift.results.statistics.writer import import_statistics
from tests.conftest import login
from tests.pdf import pdf_table
from tests.results.test_views import build_m2, cell_of, main, national_note, section

pytestmark = pytest.mark.django_db

COLUMNS = ["Område", "Periode", "Visitationskategori", "Antal personer"]


@pytest.fixture
def without_this_months_national(odense, holbaek, odense_caseworker):
    """Odense 8 of 10 job-ready, Holbæk 5 of 6; Jobindsats: 30 % for the month before only."""
    build_m2(odense, 10, 8)
    build_m2(holbaek, 6, 5, first_name="Yusuf")
    last = latest_month()
    rows = [
        {"Område": "Hele landet", "Periode": month_code(last - 1), COLUMNS[2]: k, COLUMNS[3]: n}
        for k, n in (("Jobparat", "300"), ("I alt", "1.000"))
    ]
    import_statistics(
        io.BytesIO(write_csv(rows, COLUMNS)), file_name="m2.csv", extracted_on=month_start(last)
    )
    rebuild()
    return last


def test_the_dashboard_says_missing_and_why(without_this_months_national, odense_manager):
    last = without_this_months_national
    client = login(odense_manager)
    m2 = section(client.get(reverse("results:dashboard")).content.decode(), "M2")
    assert cell_of(m2, "national") == "mangler"
    assert national_note(m2) == f"Jobindsats.dk har intet tal for {month_label(last)} i Fremdrift"
    assert "82" not in cell_of(m2, "national")  # the pooled 13 of 16 is nowhere
    # The month before has its imported value, with its source.
    before = client.get(reverse("results:dashboard"), {"maaned": month_code(last - 1)})
    m2_before = section(before.content.decode(), "M2")
    assert cell_of(m2_before, "national") == "30,0 %"
    assert national_note(m2_before).startswith("Jobindsats.dk, udtrukket ")


def test_the_monthly_book_says_missing_with_the_source(
    without_this_months_national, odense_manager
):
    last = without_this_months_national
    body = login(odense_manager).get(reverse("results:monthly_book")).content.decode()
    row = html.unescape(main(body).split('data-figure="M2"')[1].split("</tr>")[0])
    assert 'data-testid="national" class="missing">mangler' in row
    assert f"Jobindsats.dk har intet tal for {month_label(last)} i Fremdrift" in row


def test_the_facilitator_sees_missing_and_no_count_above_it(
    without_this_months_national, facilitator
):
    last = without_this_months_national
    body = html.unescape(login(facilitator).get(reverse("results:across")).content.decode())
    m2 = body.split('data-testid="across-M2"')[1].split("</section>")[0]
    national_row = m2.split('<tr data-testid="national">')[1].split("</tr>")[0]
    assert national_row.count("mangler") == 2  # at the baseline and now
    summary = m2.split('data-testid="national-summary">')[1].split("</p>")[0]
    assert summary.startswith(f"Landsgennemsnittet for {month_label(last)} mangler")
    assert "ligger over landsgennemsnittet nu" not in summary


def test_the_annual_reports_say_missing(without_this_months_national, odense_manager, facilitator):
    last = without_this_months_national
    year = last // 12
    pdf = login(odense_manager).get(reverse("results:annual_report"), {"aar": year}).content
    *_, national, _target = pdf_table(pdf, "Resumé").row(f"M2 {M2.name}")
    assert national == "mangler"
    # The month-by-month table: the month before has Jobindsats' value, the month shown not.
    months = pdf_table(pdf, "M2:")
    assert months.rows[-2][3] == "30,0 %" and months.rows[-1][3] == "mangler"
    prepare_facilitator_report.call(year)  # the worker's job, run here
    across = login(facilitator).get(reverse("results:across_report"), {"aar": year}).content
    assert pdf_table(across, "M2:").row("Landsgennemsnit") == ["mangler", "mangler"]


def test_the_api_marks_the_month_missing(without_this_months_national, odense_manager):
    last = without_this_months_national
    data = (
        login(odense_manager)
        .get(reverse("results:api"), {"figure": "M2", "from": month_code(last - 1)})
        .json()
    )
    assert [(n["period"], n["value"], n["missing"], n["source"]) for n in data["national"]] == [
        (month_code(last - 1), 30.0, False, "jobindsats"),
        (month_code(last), None, True, None),
    ]


def test_only_finished_months_can_be_chosen(without_this_months_national, odense_manager):
    last = without_this_months_national
    # The table holds the current month too (it follows every change) ...
    assert FigureValue.objects.filter(source="own", month=last + 1).exists()
    assert months_with_figures()[1] == last
    client = login(odense_manager)
    body = client.get(reverse("results:dashboard")).content.decode()
    # ... but it is not offered, and asking for it shows the last finished month.
    assert f'value="{month_code(last + 1)}"' not in body
    asked = client.get(reverse("results:dashboard"), {"maaned": month_code(last + 1)})
    assert f"Resultater, {month_label(last)}" in asked.content.decode()
    api = client.get(reverse("results:api"), {"figure": "M2", "to": month_code(last + 1)})
    assert api.status_code == 400
    assert "er ikke slut endnu" in api.json()["fejl"]["to"]
