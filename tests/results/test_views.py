"""The results pages through the test client: the municipality's dashboard with its forms, the
monthly book, the facilitator's comparison (suppression), who may see what, and query counts.

The data are a few hand-built citizens whose periods put them in the populations on the last
day of the dashboard's month (the last complete month), so every value shown can be worked
out by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format

from fremdrift.core.months import month_code, month_end, month_label, month_start
from fremdrift.results.definitions import M1, M2, M3
from fremdrift.results.models import Baseline, Deviation, MonthlyBookEntry, Target
from fremdrift.results.refresh import rebuild
from fremdrift.results.selectors import latest_month
from fremdrift.results.statistics.export import write_csv
from fremdrift.results.statistics.writer import import_statistics
from tests.conftest import login
from tests.factories import MunicipalityFactory, TeamFactory
from tests.results.helpers import citizen, in_m2, period

pytestmark = pytest.mark.django_db

# Every citizen built here has this surname, so a page can be searched for it.
SURNAME = "Zaytoun"


# -- data -------------------------------------------------------------------------------------


def start() -> dt.date:
    """When the built citizens entered the programme: three months before the shown month."""
    return month_start(latest_month() - 3)


def build_odense(odense, caseworker=None) -> list:
    """Odense on the last complete month L: M1 = 1 of 3, M2 = 1 of 2, M3 = 2 of 2.

    The job-ready citizen became job-ready in month L-1, so M2 was 0 of 2 in month L-2.
    """
    last = latest_month()
    ready = citizen(odense, caseworker=caseworker, first_name="Nadia", last_name=SURNAME)
    in_m2(ready, start())
    period(ready, "visitation", start(), month_end(last - 2), code="activity_ready")
    period(ready, "visitation", month_start(last - 1), code="job_ready")
    period(ready, "offer", start())
    other = citizen(odense, first_name="Omar", last_name=SURNAME)
    in_m2(other, start())
    period(other, "visitation", start(), code="activity_ready")
    period(other, "offer", start())
    # Left the programme for an ordinary job: in M1's population and numerator, not in M2's.
    left = citizen(odense, first_name="Samira", last_name=SURNAME)
    period(left, "programme", month_start(last - 6), month_end(last - 3))
    period(left, "outcome", month_start(last - 2), code="ordinary_job")
    return [ready, other, left]


def build_m2(municipality, count: int, ready: int, first_name: str = "Amina") -> list:
    """`count` citizens in M2's population on the shown month, `ready` of them job-ready."""
    built = []
    for number in range(count):
        who = citizen(municipality, first_name=f"{first_name}{number}", last_name=SURNAME)
        in_m2(who, start())
        period(who, "visitation", start(), code="job_ready" if number < ready else "activity_ready")
        built.append(who)
    return built


def main(body: str) -> str:
    """The page's own content, without the header's forms (language, logout)."""
    return re.search(r"<main.*?</main>", body, re.S).group(0)


def section(body: str, code: str) -> str:
    """The dashboard's section for one objective."""
    found = re.search(rf'data-testid="objective-{code}">(.*?)</section>', body, re.S)
    assert found, f"no section for {code}"
    return found.group(1)


def cell_of(html: str, name: str) -> str:
    found = re.search(rf'data-testid="{name}"[^>]*>(.*?)</td>', html, re.S)
    assert found, name
    return found.group(1).strip()


def national_note(html: str) -> str:
    found = re.search(
        r'data-testid="national"[^>]*>.*?</td><td class="muted small">(.*?)</td>', html
    )
    assert found
    return found.group(1)


def dashboard_url(**params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("results:dashboard") + (f"?{query}" if query else "")


@pytest.fixture
def figures(odense, holbaek, odense_caseworker):
    """Odense as in build_odense, Holbæk with 3 of 3 job-ready; the table rebuilt."""
    built = build_odense(odense, odense_caseworker) + build_m2(holbaek, 3, 3)
    rebuild()
    return built


# -- the dashboard ----------------------------------------------------------------------------


def test_the_dashboard_shows_each_objective_with_its_value_definition_and_comparisons(
    figures, odense_manager
):
    response = login(odense_manager).get(reverse("results:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Resultater, {month_label(latest_month())}" in body
    expected = {M1: ("33,3 %", "1 af 3"), M2: ("50,0 %", "1 af 2"), M3: ("100,0 %", "2 af 2")}
    for figure, (value, detail) in expected.items():
        html = section(body, figure.code)
        assert cell_of(html, "current") == value, figure.code
        assert f'data-testid="current">{value}</td><td class="muted">{detail}</td>' in html
        # The definition stands beside the number it defines.
        assert str(figure.population) in html and str(figure.numerator) in html
        # No baseline chosen: the same month a year before, said so.
        assert f"Baseline ({month_label(latest_month() - 12)}, standard: året før)" in html
    # Nothing is imported from Jobindsats: the national average is missing, and says why.
    m2 = section(body, "M2")
    assert cell_of(m2, "national") == "mangler"
    assert cell_of(section(body, "M1"), "national") == "mangler"
    assert (
        national_note(m2)
        == f"Jobindsats.dk har intet tal for {month_label(latest_month())} i Fremdrift"
    )
    # Holbæk's citizens are only in the averages; nobody's name is on the page.
    assert SURNAME not in body


def test_an_imported_national_value_is_shown_with_its_extraction_date(figures, odense_manager):
    last = latest_month()
    extracted = month_start(last + 1)
    columns = ["Område", "Periode", "Visitationskategori", "Antal personer"]
    rows = [
        {"Område": "Hele landet", "Periode": month_code(last), columns[2]: kind, columns[3]: n}
        for kind, n in (("Jobparat", "300"), ("I alt", "1.000"))
    ]
    import_statistics(
        io.BytesIO(write_csv(rows, columns)), file_name="m2.csv", extracted_on=extracted
    )
    body = login(odense_manager).get(reverse("results:dashboard")).content.decode()
    m2 = section(body, "M2")
    assert cell_of(m2, "national") == "30,0 %"  # 300 of 1.000
    assert national_note(m2) == f"Jobindsats.dk, udtrukket {date_format(extracted)}"
    # Nothing was imported for M1: missing, never another figure in its place.
    m1 = section(body, "M1")
    assert cell_of(m1, "national") == "mangler"
    assert national_note(m1).startswith("Jobindsats.dk har intet tal for")


def test_a_chosen_baseline_is_saved_and_shown(figures, odense, odense_manager):
    client = login(odense_manager)
    last = latest_month()
    response = client.post(
        dashboard_url(),
        {
            "action": "baseline",
            "figure": "M2",
            "M2-baseline-month": last - 2,
            "M2-baseline-version": 0,  # no baseline chosen yet
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?maaned={month_code(last)}")
    baseline = Baseline.objects.get(municipality=odense, figure="M2")
    assert (baseline.month, baseline.chosen_by) == (last - 2, odense_manager)
    body = client.get(response["Location"]).content.decode()
    m2 = section(body, "M2")
    assert f"Baseline ({month_label(last - 2)})" in m2 and "standard: året før" not in m2
    # In month L-2 nobody was job-ready yet: 0 of 2, and 50 points since.
    assert cell_of(m2, "baseline") == "0,0 %"
    assert cell_of(m2, "change") == "+50,0 procentpoint"
    # The other objectives keep the default.
    assert "standard: året før" in section(body, "M1")


def test_a_baseline_month_outside_the_figures_is_refused(figures, odense_manager):
    response = login(odense_manager).post(
        dashboard_url(),
        {"action": "baseline", "figure": "M2", "M2-baseline-month": 1, "M2-baseline-version": 0},
    )
    assert response.status_code == 400
    assert not Baseline.objects.exists()


def test_a_target_above_the_value_flags_it_and_asks_for_a_deviation(
    figures, odense, odense_manager
):
    client = login(odense_manager)
    year = latest_month() // 12
    before = client.get(dashboard_url()).content.decode()
    assert "Under målet" not in before and 'data-testid="deviation-M2"' not in before
    response = client.post(
        dashboard_url(),
        {
            "action": "target",
            "figure": "M2",
            "M2-target-year": year,
            "M2-target-value": "60,5",
            "M2-target-version": 0,
        },
    )
    assert response.status_code == 302
    target = Target.objects.get(municipality=odense, figure="M2", year=year)
    assert target.value == Decimal("60.5")  # the Danish decimal comma is read
    body = client.get(response["Location"]).content.decode()
    m2 = section(body, "M2")
    assert cell_of(m2, "target").startswith("60,5 %") and "Under målet" in m2
    assert 'data-testid="deviation-M2"' in m2 and "Gem forklaring og handling" in m2
    # M1 has no target: neither flag nor deviation form.
    m1 = section(body, "M1")
    assert "Under målet" not in m1 and "deviation-M1" not in m1


def test_a_share_target_over_100_is_refused_on_the_page(figures, odense_manager):
    year = latest_month() // 12
    response = login(odense_manager).post(
        dashboard_url(),
        {
            "action": "target",
            "figure": "M2",
            "M2-target-year": year,
            "M2-target-value": "150",
            "M2-target-version": 0,
        },
    )
    assert response.status_code == 400
    assert "Et mål for en andel ligger mellem 0 og 100 %." in response.content.decode()
    assert not Target.objects.exists()


def test_a_deviation_needs_an_action_and_a_complete_one_is_shown(figures, odense, odense_manager):
    client = login(odense_manager)
    last = latest_month()
    client.post(
        dashboard_url(),
        {
            "action": "target",
            "figure": "M2",
            "M2-target-year": last // 12,
            "M2-target-value": "60",
            "M2-target-version": 0,
        },
    )
    data = {
        "action": "deviation",
        "figure": "M2",
        "M2-deviation-month": last,
        "M2-deviation-explanation": "Mange nye borgere med kort tid i landet.",
        "M2-deviation-action": "",
        "M2-deviation-version": 0,
    }
    response = client.post(dashboard_url(), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Der er fejl i formularen" in body
    assert 'href="#id_M2-deviation-action">Handling</a>' in body
    assert 'href="#id_M2-deviation-explanation"' not in body
    assert "Mange nye borgere med kort tid i landet." in body  # what was typed is kept
    assert not Deviation.objects.exists()

    data["M2-deviation-action"] = "Afklaringsforløb for alle nye inden for en måned."
    response = client.post(dashboard_url(), data)
    assert response.status_code == 302
    deviation = Deviation.objects.get(municipality=odense, figure="M2", month=last)
    assert deviation.written_by == odense_manager
    m2 = section(client.get(response["Location"]).content.decode(), "M2")
    block = m2.split('data-testid="deviation-M2"', 1)[1]
    assert "<dd>Mange nye borgere med kort tid i landet.</dd>" in block
    assert "<dd>Afklaringsforløb for alle nye inden for en måned.</dd>" in block
    assert "Lars Bach" in block  # who wrote it


def test_a_caseworker_sees_the_figures_but_no_forms_and_cannot_post(figures, odense_caseworker):
    client = login(odense_caseworker)
    body = main(client.get(dashboard_url()).content.decode())
    assert cell_of(section(body, "M2"), "current") == "50,0 %"
    assert "Gem baseline" not in body and 'method="post"' not in body
    response = client.post(
        dashboard_url(), {"action": "baseline", "figure": "M2", "M2-baseline-month": latest_month()}
    )
    assert response.status_code == 404
    assert not Baseline.objects.exists()


@pytest.mark.parametrize(
    "url_name", ["results:dashboard", "results:monthly_book", "results:annual_report"]
)
def test_the_facilitator_has_no_municipal_results_pages(figures, facilitator, url_name):
    response = login(facilitator).get(reverse(url_name))
    assert response.status_code == 404
    assert SURNAME not in response.content.decode()


@pytest.mark.parametrize("persona", ["odense_caseworker", "odense_manager"])
@pytest.mark.parametrize("url_name", ["results:across", "results:across_report"])
def test_municipal_staff_have_no_page_across_municipalities(request, figures, persona, url_name):
    client = login(request.getfixturevalue(persona))
    response = client.get(reverse(url_name))
    assert response.status_code == 404
    assert "Holbæk" not in response.content.decode()


def test_an_administrator_has_no_results_pages(figures, odense_admin):
    assert login(odense_admin).get(dashboard_url()).status_code == 404


# -- the monthly book -------------------------------------------------------------------------


def book_url(**params: object) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("results:monthly_book") + (f"?{query}" if query else "")


def test_a_month_in_the_book_is_drafted_then_closed_only_with_a_reflection(
    figures, odense_caseworker, odense_manager
):
    team = odense_caseworker.team
    last = latest_month()
    client = login(odense_manager)
    page = client.get(book_url()).content.decode()
    assert f"Månedsbog: {team.name}, {month_label(last)}" in page
    # The team's own figures beside the municipality's: M2 is 1 of 1 in the team.
    row = re.search(r'<tr data-figure="M2">(.*?)</tr>', page, re.S).group(1)
    assert "100,0 %" in row and "1 af 1" in row and "50,0 %" in row

    response = client.post(book_url(), {"reflection": "Første udkast.", "version": 0, "save": ""})
    assert response.status_code == 302
    entry = MonthlyBookEntry.objects.get(team=team, month=last)
    assert (entry.reflection, entry.is_closed, entry.written_by) == (
        "Første udkast.",
        False,
        odense_manager,
    )

    response = client.post(book_url(), {"reflection": "  ", "version": 1, "close": ""})
    assert response.status_code == 400
    assert "En måned lukkes først, når teamets refleksion er skrevet." in (
        response.content.decode()
    )
    entry.refresh_from_db()
    assert entry.reflection == "Første udkast." and not entry.is_closed

    response = client.post(
        book_url(), {"reflection": "Vi ringer til alle nye.", "version": 1, "close": ""}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_closed and entry.closed_by == odense_manager
    assert entry.reflection == "Vi ringer til alle nye."

    page = client.get(response["Location"]).content.decode()
    reflection = page.split('data-testid="reflection"', 1)[1].split("</section>", 1)[0]
    assert "<strong>Lukket</strong>" in reflection and "Vi ringer til alle nye." in reflection
    assert "<form" not in reflection and "Gem og luk måneden" not in page
    history = re.search(
        rf'maaned={month_code(last)}" aria-current="page">(.*?)</li>', page, re.S
    ).group(1)
    assert '<span class="status-closed">lukket</span>' in history
    # A closed month cannot be reopened by posting again.
    response = client.post(
        book_url(), {"reflection": "Ændret bagefter.", "version": entry.version, "save": ""}
    )
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.reflection == "Vi ringer til alle nye."


def test_the_book_shows_a_draft_in_the_history(figures, odense_caseworker, odense_manager):
    client = login(odense_manager)
    client.post(book_url(), {"reflection": "Kladde.", "version": 0, "save": ""})
    page = client.get(book_url()).content.decode()
    history = re.search(
        rf'maaned={month_code(latest_month())}" aria-current="page">(.*?)</li>', page, re.S
    ).group(1)
    assert '<span class="status-draft">kladde</span>' in history


def test_the_book_chooses_among_the_municipalitys_own_teams_only(
    figures, odense, holbaek, odense_caseworker, odense_manager
):
    other = TeamFactory(municipality=odense, name="Team Virksomhed Nord")
    foreign = TeamFactory(municipality=holbaek, name="Team Holbæk Kyst")
    client = login(odense_manager)
    # Another Odense team can be chosen: the parameter works ...
    page = client.get(book_url(team=other.pk)).content.decode()
    assert f"Månedsbog: {other.name}," in page
    # ... but a Holbæk team's id falls back to an Odense team, and Holbæk's team is never named.
    page = client.get(book_url(team=foreign.pk)).content.decode()
    assert f"Månedsbog: {odense_caseworker.team.name}," in page
    assert foreign.name not in page and "Holbæk" not in page
    response = client.post(
        book_url(team=foreign.pk), {"reflection": "Til hvem?", "version": 0, "save": ""}
    )
    assert response.status_code == 302
    assert not MonthlyBookEntry.objects.filter(team=foreign).exists()
    assert MonthlyBookEntry.objects.get().team.municipality == odense


def test_a_caseworker_reads_the_book_but_cannot_write_in_it(
    figures, odense_caseworker, odense_manager
):
    login(odense_manager).post(
        book_url(), {"reflection": "Ledelsens kladde.", "version": 0, "save": ""}
    )
    client = login(odense_caseworker)
    page = client.get(book_url()).content.decode()
    assert "Ledelsens kladde." in page and "Måneden er ikke lukket endnu." in page
    assert "Gem kladde" not in page
    response = client.post(
        book_url(), {"reflection": "Sagsbehandlerens tekst.", "version": 1, "close": ""}
    )
    assert response.status_code == 404
    assert MonthlyBookEntry.objects.get().reflection == "Ledelsens kladde."


# -- the facilitator's comparison ---------------------------------------------------------------


def across_row(body: str, code: str, name: str) -> list[str]:
    html = re.search(rf'data-testid="across-{code}">(.*?)</section>', body, re.S).group(1)
    row = re.search(rf'<th scope="row">{name}</th>(.*?)</tr>', html, re.S).group(1)
    return re.findall(r"<td>(.*?)</td>", row, re.S)


def test_the_facilitator_sees_each_municipality_with_small_numbers_suppressed(
    odense, holbaek, facilitator
):
    build_m2(odense, 12, 7)
    build_m2(holbaek, 3, 3, first_name="Yusuf")
    svendborg = MunicipalityFactory(code="479", name="Svendborg", in_project=True)
    build_m2(svendborg, 6, 5, first_name="Omar")
    outside = MunicipalityFactory(code="101", name="København", in_project=False)
    build_m2(outside, 6, 6, first_name="Hana")
    rebuild()
    response = login(facilitator).get(reverse("results:across"))
    assert response.status_code == 200
    body = response.content.decode()
    # Odense: 7 of 12 is shown; Holbæk: 3 in the population is too few; Svendborg: 5 of 6
    # would single out the one person who is not job-ready.
    assert across_row(body, "M2", "Odense")[1] == "58,3 %"
    assert across_row(body, "M2", "Svendborg")[1] == "vises ikke (under 5)"
    holbaek_now = across_row(body, "M2", "Holbæk")[1]
    assert holbaek_now == "vises ikke (under 5)"
    assert "100,0 %" not in holbaek_now
    # Only the project's municipalities; no person anywhere.
    assert "København" not in body
    assert SURNAME not in body and "Yusuf" not in body and "Amina" not in body


def test_a_suppressed_value_cannot_be_worked_out_from_the_averages_beside_it(
    odense, holbaek, facilitator
):
    build_m2(odense, 12, 7)  # shown: 7 of 12 (58,3 %)
    build_m2(holbaek, 3, 3, first_name="Yusuf")  # hidden: 3 of 3
    rebuild()
    body = login(facilitator).get(reverse("results:across")).content.decode()
    html = re.search(r'data-testid="across-M2">(.*?)</section>', body, re.S).group(1)
    assert across_row(body, "M2", "Odense")[1] == "58,3 %"
    assert "Projektgennemsnit (uvægtet)" in html

    def shown(pattern: str) -> float | None:
        found = re.search(pattern + r"([\d,]+) %", html)
        return None if found is None else float(found.group(1).replace(",", "."))

    # What Holbæk could have with 1-4 citizens in the population: (job-ready, population).
    hidden = [(n, d) for d in range(1, 5) for n in range(d + 1)]
    fitting: set[float] = set(100 * n / d for n, d in hidden)
    mean = shown(r"Projektgennemsnit \(uvægtet\)</th><td></td><td>")
    if mean is not None:  # the mean of 58,3 % and Holbæk's share
        fitting &= {100 * n / d for n, d in hidden if abs((58.33 + 100 * n / d) / 2 - mean) < 0.1}
    for pooled in (shown(r"samlet andel "), shown(r"Landsgennemsnit</th><td>.*?</td><td>")):
        if pooled is not None:  # (7 + n) / (12 + d) over both municipalities
            fitting &= {
                100 * n / d for n, d in hidden if abs(100 * (7 + n) / (12 + d) - pooled) < 0.06
            }
    assert len(fitting) != 1, f"Holbæk's hidden M2 can be worked out: {fitting}"


# -- the number of queries does not grow with the data -----------------------------------------


def count_queries(client, url: str) -> int:
    """The queries of a page rendered in full (its cached part dropped first)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def count_cached_queries(client, url: str) -> int:
    """The queries of a page whose cached part is current (rendered once just before)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_dashboard_runs_the_same_queries_for_2_and_12_citizens(
    odense, odense_caseworker, odense_manager
):
    build_m2(odense, 2, 1)
    rebuild()
    client = login(odense_manager)
    client.get(dashboard_url())  # warm caches (content types, sessions, translations)
    small = count_queries(client, dashboard_url())
    build_m2(odense, 10, 4, first_name="Bilal")
    # Loaded behind the services' backs, into a month now finished: rewrite it explicitly.
    rebuild(rewrite_finished_months=True)
    large = count_queries(client, dashboard_url())
    body = client.get(dashboard_url()).content.decode()
    assert cell_of(section(body, "M2"), "current") == "41,7 %"  # 5 of 12: the data did grow
    assert small == large
    assert count_cached_queries(client, dashboard_url()) < large


def test_the_facilitator_page_runs_the_same_queries_for_2_and_4_municipalities(
    odense, holbaek, facilitator
):
    build_m2(odense, 6, 5)
    build_m2(holbaek, 5, 5)
    rebuild()
    client = login(facilitator)
    url = reverse("results:across")
    client.get(url)
    small = count_queries(client, url)
    for code, name in (("147", "Frederiksberg"), ("751", "Aarhus")):
        build_m2(MunicipalityFactory(code=code, name=name, in_project=True), 12, 6)
    rebuild(rewrite_finished_months=True)  # new municipalities' history, in finished months
    large = count_queries(client, url)
    assert across_row(client.get(url).content.decode(), "M2", "Aarhus")[1] == "50,0 %"
    assert small == large
    assert count_cached_queries(client, url) < large
