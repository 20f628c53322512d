import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.citizens.cpr_storage import cpr_decrypt
from fremdrift.citizens.models import Citizen
from tests.conftest import login
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
LIST = reverse("citizens:list")
NEW = reverse("citizens:new")


def form_data(**overrides):
    values = {
        "first_name": "Semhar",
        "last_name": "Gebremedhin",
        "country_of_origin": "ER",
        "category": "refugee",
        "takeover_date": "2026-10-01",
        "preferred_language": "ti",
        "interpreter_needed": "on",
        "caseworker": "",
        "consultant": "",
    }
    values.update(overrides)
    return values


def names_in(response) -> set[str]:
    return set(re.findall(r'href="/borgere/\d+/">([^<]+)</a>', response.content.decode()))


def test_search_by_name_parts(odense_caseworker, odense_citizen):
    CitizenFactory(municipality=odense_citizen.municipality, first_name="Omar", last_name="Khalil")
    client = login(odense_caseworker)
    assert names_in(client.get(LIST, {"q": "al-hass ram"})) == {"Al-Hassan, Rama"}
    assert names_in(client.get(LIST, {"q": "khalil"})) == {"Khalil, Omar"}
    assert names_in(client.get(LIST)) == {"Al-Hassan, Rama", "Khalil, Omar"}


def test_search_by_exact_cpr_finds_and_audits(odense_caseworker, odense_citizen):
    cpr = cpr_decrypt(odense_citizen.cpr_encrypted)
    response = login(odense_caseworker).get(LIST, {"q": f"{cpr[:6]}-{cpr[6:]}"})
    assert names_in(response) == {"Al-Hassan, Rama"}
    assert AuditEntry.objects.filter(citizen=odense_citizen, action=Action.SEARCH).count() == 1


def test_filter_by_caseworker_and_unassigned(odense_caseworker, odense_citizen):
    CitizenFactory(municipality=odense_citizen.municipality, first_name="Ny", last_name="Borger")
    client = login(odense_caseworker)
    mine = client.get(LIST, {"caseworker": odense_caseworker.pk})
    assert names_in(mine) == {"Al-Hassan, Rama"}
    assert names_in(client.get(LIST, {"caseworker": "none"})) == {"Borger, Ny"}


def test_list_never_shows_other_municipalities(odense_caseworker, odense_citizen, holbaek_citizen):
    response = login(odense_caseworker).get(LIST, {"q": holbaek_citizen.last_name})
    assert names_in(response) == set()
    assert "0 borgere" in response.content.decode()


def test_htmx_search_returns_only_the_results(odense_caseworker, odense_citizen):
    response = login(odense_caseworker).get(LIST, {"q": "rama"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "Al-Hassan, Rama" in body


def test_list_masks_cpr_numbers(odense_caseworker, odense_citizen):
    body = login(odense_caseworker).get(LIST).content.decode()
    digits = cpr_decrypt(odense_citizen.cpr_encrypted)
    assert odense_citizen.cpr_masked in body
    assert digits[6:] not in body.replace(odense_citizen.cpr_masked, "")


def test_query_count_does_not_grow_with_rows(odense_caseworker, odense):
    client = login(odense_caseworker)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    CitizenFactory.create_batch(3, municipality=odense, caseworker=odense_caseworker)
    count_queries()  # the municipality's audit chain is made by its first entry
    few = count_queries()
    CitizenFactory.create_batch(40, municipality=odense, caseworker=odense_caseworker)
    many = count_queries()
    assert few == many
    # 8 for the page, 5 for its list entry (savepoint, chain head, entry, head, appearances).
    assert many <= 13


def test_create_with_a_bad_cpr_says_so_on_the_field(odense_caseworker):
    response = login(odense_caseworker).post(NEW, form_data(cpr="320190-1234"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_cpr_error"' in body
    assert "ikke en gyldig dato" in body
    assert 'value="Semhar"' in body  # the rest of the input is kept
    assert Citizen.objects.count() == 0


def test_create_then_detail(odense_caseworker):
    client = login(odense_caseworker)
    response = client.post(NEW, form_data(cpr="010190-1234", caseworker=odense_caseworker.pk))
    citizen = Citizen.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("citizens:detail", kwargs={"pk": citizen.pk})
    detail = client.get(response.url).content.decode()
    assert "Semhar Gebremedhin" in detail
    assert "010190-XXXX" in detail
    assert "Eritrea" in detail
    assert AuditEntry.objects.filter(citizen=citizen, action=Action.VIEW).count() == 1


def test_duplicate_cpr_links_to_the_existing_record(odense_caseworker, odense_citizen):
    cpr = cpr_decrypt(odense_citizen.cpr_encrypted)
    body = login(odense_caseworker).post(NEW, form_data(cpr=cpr)).content.decode()
    assert "findes allerede" in body
    assert f'href="/borgere/{odense_citizen.pk}/"' in body


def test_duplicate_cpr_in_another_municipality_reveals_nothing(holbaek_caseworker, odense_citizen):
    cpr = cpr_decrypt(odense_citizen.cpr_encrypted)
    body = login(holbaek_caseworker).post(NEW, form_data(cpr=cpr)).content.decode()
    assert "kan ikke oprettes her" in body
    assert f"/borgere/{odense_citizen.pk}/" not in body
    assert odense_citizen.last_name not in body and "Odense" not in body


def test_missing_fields_get_danish_messages(odense_caseworker):
    body = login(odense_caseworker).post(NEW, {"cpr": ""}).content.decode()
    assert body.count("Dette felt er påkrævet") >= 5


def test_two_editors_never_overwrite_each_other_silently(
    odense_caseworker, odense_manager, odense_citizen
):
    url = reverse("citizens:edit", kwargs={"pk": odense_citizen.pk})
    first, second = login(odense_caseworker), login(odense_manager)
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    base = form_data(
        first_name="Rama",
        last_name="Al-Hassan",
        country_of_origin="SY",
        caseworker=odense_caseworker.pk,
        version=1,
    )
    assert first.post(url, {**base, "preferred_language": "en"}).status_code == 302
    clash = second.post(url, {**base, "last_name": "Al-Hassan-Omar"})
    body = clash.content.decode()
    assert clash.status_code == 200
    assert "ændret af en anden" in body
    assert 'value="Al-Hassan-Omar"' in body  # the second editor's input is kept
    assert "Engelsk" in body  # and they see what the first one saved
    saved = Citizen.objects.get(pk=odense_citizen.pk)
    assert (saved.last_name, saved.preferred_language, saved.version) == ("Al-Hassan", "en", 2)
    # Saving again is a deliberate overwrite of the version they have now seen.
    again = second.post(url, {**base, "last_name": "Al-Hassan-Omar", "version": 2})
    assert again.status_code == 302
    assert Citizen.objects.get(pk=odense_citizen.pk).last_name == "Al-Hassan-Omar"


def test_reveal_cpr_via_htmx(odense_caseworker, odense_citizen):
    url = reverse("citizens:reveal_cpr", kwargs={"pk": odense_citizen.pk})
    client = login(odense_caseworker)
    missing = client.post(url, {"purpose": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="id_purpose_error"' in missing
    shown = client.post(url, {"purpose": "Opslag i e-Boks"}, HTTP_HX_REQUEST="true")
    digits = cpr_decrypt(odense_citizen.cpr_encrypted)
    assert f"{digits[:6]}-{digits[6:]}" in shown.content.decode()
    assert AuditEntry.objects.get(action=Action.REVEAL_CPR).purpose == "Opslag i e-Boks"


def test_reveal_without_javascript_shows_the_whole_page(odense_caseworker, odense_citizen):
    url = reverse("citizens:reveal_cpr", kwargs={"pk": odense_citizen.pk})
    body = login(odense_caseworker).post(url, {"purpose": "Brev til borgeren"}).content.decode()
    assert "Forløb" in body and "Samtaler" in body and "Plan" in body
