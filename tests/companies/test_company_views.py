import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.audit.models import AuditEntry
from fremdrift.companies.models import Company
from fremdrift.journey.models import OfferType, Period
from tests.companies.factories import CompanyFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db
LIST = reverse("companies:list")
NEW = reverse("companies:new")


def form_data(**overrides):
    values = {
        "cvr": "29000018",
        "name": "Grøn Have Service",
        "industry": "Grønne områder",
        "address": "Engvej 4, Odense",
        "p_number": "",
    }
    values.update(overrides)
    return values


def names_in(response) -> set[str]:
    return set(re.findall(r'href="/virksomheder/\d+/">([^<]+)</a>', response.content.decode()))


def placement(company, citizen, start=dt.date(2026, 5, 1), end=None):
    return Period.objects.create(
        municipality=company.municipality,
        citizen=citizen,
        kind="offer",
        offer_type=OfferType.objects.get(code="virksomhedspraktik"),
        company=company,
        start=start,
        end=end,
    )


def test_search_by_name_cvr_and_industry(odense_caseworker, odense_company, odense):
    CompanyFactory(municipality=odense, name="Plejecenter Solsikken", industry="Ældrepleje")
    client = login(odense_caseworker)
    assert names_in(client.get(LIST, {"q": "solsik"})) == {"Plejecenter Solsikken"}
    assert names_in(client.get(LIST, {"q": "1234 56"})) == {"Fynsk Lager &amp; Logistik ApS"}
    assert names_in(client.get(LIST, {"q": "12-34-56"})) == {"Fynsk Lager &amp; Logistik ApS"}
    assert names_in(client.get(LIST, {"q": "pleje"})) == {"Plejecenter Solsikken"}
    assert names_in(client.get(LIST, {"q": "logistik fynsk"})) == {"Fynsk Lager &amp; Logistik ApS"}
    assert len(names_in(client.get(LIST))) == 2


def test_list_never_shows_other_municipalities(odense_caseworker, holbaek):
    CompanyFactory(municipality=holbaek, name="Holbæk Havn ApS")
    response = login(odense_caseworker).get(LIST)
    assert names_in(response) == set()
    assert "0 virksomheder" in response.content.decode()


def test_list_pages_and_htmx_returns_only_the_results(odense_consultant, odense):
    CompanyFactory.create_batch(30, municipality=odense)
    client = login(odense_consultant)
    assert len(names_in(client.get(LIST))) == 25
    assert len(names_in(client.get(LIST, {"side": 2}))) == 5
    partial = client.get(LIST, {"q": "Testvirksomhed"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert "30 virksomheder" in partial.content.decode()


def test_query_count_does_not_grow_with_rows(odense_caseworker, odense, odense_citizen):
    client = login(odense_caseworker)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    for company in CompanyFactory.create_batch(3, municipality=odense):
        placement(company, odense_citizen)
    # The session's first request notes its activity (accounts.middleware): not the list's.
    client.get(LIST)
    few = count_queries()
    for company in CompanyFactory.create_batch(27, municipality=odense):
        placement(company, odense_citizen)
    assert count_queries() == few
    assert few <= 8


def test_create_with_a_bad_cvr_says_so_on_the_field_and_keeps_the_input(odense_caseworker):
    response = login(odense_caseworker).post(NEW, form_data(cvr="29000019"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_cvr_error"' in body
    assert "kontrolcifferet passer ikke" in body
    assert 'value="Grøn Have Service"' in body
    assert 'value="29000019"' in body
    assert not Company.objects.exists()


def test_create_saves_and_goes_to_the_company(odense_consultant):
    response = login(odense_consultant).post(NEW, form_data(cvr="2900 0018"))
    company = Company.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("companies:detail", kwargs={"pk": company.pk})
    assert company.cvr == "29000018"
    assert company.municipality == odense_consultant.municipality


def test_a_registered_cvr_links_to_the_company(odense_caseworker, odense_company):
    response = login(odense_caseworker).post(NEW, form_data(cvr=odense_company.cvr))
    body = response.content.decode()
    assert "findes allerede i kommunens register" in body
    assert f'href="/virksomheder/{odense_company.pk}/"' in body
    assert Company.objects.count() == 1


def test_edit_shows_the_saved_values_and_saves(odense_manager, odense_company):
    client = login(odense_manager)
    url = reverse("companies:edit", kwargs={"pk": odense_company.pk})
    assert 'value="Fynsk Lager &amp; Logistik ApS"' in client.get(url).content.decode()
    data = form_data(cvr=odense_company.cvr, name="Fynsk Lager A/S") | {"version": 1}
    response = client.post(url, data)
    assert response.status_code == 302
    odense_company.refresh_from_db()
    assert odense_company.name == "Fynsk Lager A/S"


def test_edit_with_errors_keeps_the_input(odense_manager, odense_company):
    url = reverse("companies:edit", kwargs={"pk": odense_company.pk})
    response = login(odense_manager).post(url, form_data(name="", p_number="10123"))
    body = response.content.decode()
    assert 'id="id_name_error"' in body
    assert "P-nummeret skal have 10 cifre" in body
    assert 'value="Engvej 4, Odense"' in body


def test_the_second_of_two_editors_gets_the_conflict_page(
    odense_manager, odense_consultant, odense_company
):
    url = reverse("companies:edit", kwargs={"pk": odense_company.pk})
    first, second = login(odense_manager), login(odense_consultant)
    assert 'name="version" value="1"' in first.get(url).content.decode()
    assert 'name="version" value="1"' in second.get(url).content.decode()
    saved = first.post(
        url, form_data(cvr=odense_company.cvr, name="Fynsk Lager A/S") | {"version": 1}
    )
    assert saved.status_code == 302
    typed = form_data(cvr=odense_company.cvr, p_number="1012345678") | {"version": 1}
    conflict = second.post(url, typed)
    body = conflict.content.decode()
    assert conflict.status_code == 200 and 'id="conflict"' in body
    assert "Fynsk Lager A/S" in body  # what the first editor saved
    assert 'value="1012345678"' in body  # what the second typed, kept
    assert 'name="version" value="2"' in body
    odense_company.refresh_from_db()
    assert (odense_company.name, odense_company.version) == ("Fynsk Lager A/S", 2)
    assert odense_company.p_number != "1012345678"
    # Saving again after seeing the conflict is a deliberate overwrite.
    assert second.post(url, typed | {"version": 2}).status_code == 302
    odense_company.refresh_from_db()
    assert odense_company.p_number == "1012345678"


def test_detail_lists_the_placements_with_links_to_the_citizens(
    odense_consultant, odense_company, odense_citizen
):
    placement(odense_company, odense_citizen, end=dt.date(2026, 7, 31))
    body = login(odense_consultant).get(
        reverse("companies:detail", kwargs={"pk": odense_company.pk})
    )
    text = body.content.decode()
    assert f'href="/borgere/{odense_citizen.pk}/">Al-Hassan, Rama</a>' in text
    assert "Virksomhedspraktik" in text
    assert 'href="/virksomheder/praktik/' in text  # each row links to its placement page
    # The page lists her: one list entry that shows her, no read of her record.
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.citizen, entry.details["shown"]) == (
        "list",
        None,
        [odense_citizen.pk],
    )
