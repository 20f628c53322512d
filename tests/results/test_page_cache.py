"""The results pages keep their rendered part in memory under the figure version
(results/versions.py, core/fragments.py): every write that changes what they show raises the
version in its own transaction, a change shows on the next request, a municipality never
sees another's page, and each request's forms carry its own CSRF token."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from fremdrift.accounts.roles import Role
from fremdrift.core.fragments import CSRF_PLACEHOLDER
from fremdrift.core.months import month_code, month_end, month_start
from fremdrift.journey import services as journey
from fremdrift.results import services
from fremdrift.results.refresh import rebuild
from fremdrift.results.selectors import latest_month
from fremdrift.results.statistics.export import write_csv
from fremdrift.results.statistics.writer import import_statistics
from fremdrift.results.versions import current
from tests.conftest import _persona, login
from tests.results.test_views import (
    across_row,
    build_m2,
    build_odense,
    cell_of,
    dashboard_url,
    section,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(odense, holbaek, odense_caseworker):
    built = build_odense(odense, odense_caseworker) + build_m2(holbaek, 3, 3)
    rebuild()
    return built


def test_every_write_to_what_the_pages_show_raises_the_version(
    figures, odense, odense_manager, odense_caseworker
):
    seen = [current()]

    def raised() -> bool:
        seen.append(current())
        return seen[-1] > seen[-2]

    rebuild()
    assert raised()
    rebuild(municipality_id=odense.pk)
    assert raised()
    omar = figures[1]  # activity-ready: a visit as job-ready changes M2
    journey.citizen_visit(
        actor=odense_caseworker,
        citizen=omar,
        category="job_ready",
        on=month_start(latest_month()),
        reason="Ny vurdering",
    )
    assert raised()
    month, year = latest_month(), latest_month() // 12
    services.baseline_set(user=odense_manager, figure="M2", month=month - 1)
    assert raised()
    services.target_set(user=odense_manager, figure="M2", year=year, value=Decimal(50))
    assert raised()
    services.target_set(user=odense_manager, figure="M2", year=year, value=None)
    assert raised()
    services.deviation_explain(
        user=odense_manager, figure="M2", month=month, explanation="Fordi", action="Sådan"
    )
    assert raised()
    columns = ["Område", "Periode", "Visitationskategori", "Antal personer"]
    rows = [
        {"Område": "Hele landet", "Periode": month_code(month), columns[2]: kind, columns[3]: n}
        for kind, n in (("Jobparat", "300"), ("I alt", "1.000"))
    ]
    import_statistics(
        io.BytesIO(write_csv(rows, columns)),
        file_name="m2.csv",
        extracted_on=month_start(month + 1),
    )
    assert raised()


def test_a_citizens_change_shows_on_the_next_request(figures, odense_manager, odense_caseworker):
    client = login(odense_manager)
    before = client.get(dashboard_url()).content.decode()
    assert cell_of(section(before, "M2"), "current") == "50,0 %"  # 1 of 2
    assert _untokened(client.get(dashboard_url()).content.decode()) == _untokened(before)
    journey.citizen_visit(
        actor=odense_caseworker,
        citizen=figures[1],
        category="job_ready",
        on=month_start(latest_month()),
        reason="Ny vurdering",
    )
    after = client.get(dashboard_url()).content.decode()
    assert cell_of(section(after, "M2"), "current") == "100,0 %"  # 2 of 2, at once


def test_the_facilitator_sees_a_change_on_the_next_request(figures, facilitator, holbaek):
    client = login(facilitator)
    url = reverse("results:across")
    before = across_row(client.get(url).content.decode(), "M2", "Holbæk")[1]
    build_m2(holbaek, 12, 7, first_name="Bilal")  # five or more on each side: shown
    rebuild(rewrite_finished_months=True)  # loaded into a finished month
    after = across_row(client.get(url).content.decode(), "M2", "Holbæk")[1]
    assert after != before and after.endswith(" %")


def test_a_manager_never_gets_another_municipalitys_page(figures, odense_manager, holbaek):
    holbaek_manager = _persona("holbaek-leder", "Hanne Holm", Role.MANAGER, holbaek)
    login(odense_manager).get(dashboard_url())  # Odense's page cached
    body = login(holbaek_manager).get(dashboard_url()).content.decode()
    cache.clear()
    fresh = login(holbaek_manager).get(dashboard_url()).content.decode()
    assert _untokened(body) == _untokened(fresh)
    assert cell_of(section(body, "M2"), "current") == "100,0 %"  # Holbæk's 3 of 3


def _untokened(body: str) -> str:
    """The page without its CSRF tokens, which differ from request to request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def _tokens(body: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body))


def test_each_request_gets_its_own_csrf_token_and_can_post_with_it(figures, odense_manager):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(odense_manager)
    second.force_login(odense_manager)
    first_body = first.get(dashboard_url()).content.decode()
    second_body = second.get(dashboard_url()).content.decode()  # from the cache
    assert CSRF_PLACEHOLDER not in first_body + second_body
    assert _tokens(first_body) and _tokens(second_body)
    year = latest_month() // 12
    response = second.post(
        dashboard_url(),
        {
            "csrfmiddlewaretoken": _tokens(second_body).pop(),
            "action": "target",
            "figure": "M2",
            "M2-target-year": year,
            "M2-target-value": "60",
            "M2-target-version": 0,  # no target saved yet
        },
    )
    assert response.status_code == 302


def test_a_form_with_errors_is_shown_with_the_users_input(figures, odense_manager):
    client = login(odense_manager)
    client.get(dashboard_url())  # cached
    year = latest_month() // 12
    response = client.post(
        dashboard_url(),
        {"action": "target", "figure": "M2", "M2-target-year": year, "M2-target-value": "150"},
    )
    assert response.status_code == 400
    assert 'value="150"' in response.content.decode()
    # The page after it is the plain one again, not the one with the error.
    assert 'value="150"' not in client.get(dashboard_url()).content.decode()


def test_the_month_picked_is_part_of_the_key(figures, odense_manager):
    client = login(odense_manager)
    latest = client.get(dashboard_url()).content.decode()
    earlier_month = latest_month() - 2
    code = f"{earlier_month // 12}-{earlier_month % 12 + 1:02d}"
    earlier = client.get(dashboard_url(maaned=code)).content.decode()
    assert cell_of(section(earlier, "M2"), "current") == "0,0 %"  # job-ready only since L-1
    assert cell_of(section(latest, "M2"), "current") == "50,0 %"
    assert month_end(latest_month())  # the helpers agree on the month
