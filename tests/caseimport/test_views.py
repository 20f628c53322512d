"""The import page and the example files."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fremdrift.caseimport.examples import example_csv
from fremdrift.caseimport.formats import CITIZEN_COLUMNS, PERIOD_COLUMNS
from fremdrift.citizens.models import Citizen
from fremdrift.journey.models import Period
from tests.caseimport.test_importer import (
    citizen_row,
    citizens_csv,
    counts,
    period_row,
    periods_csv,
)
from tests.conftest import login

pytestmark = pytest.mark.django_db

URL = "/import/"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def examples(**extra) -> dict:
    return {
        "citizens": upload("borgere.csv", example_csv("borgere").encode()),
        "periods": upload("perioder.csv", example_csv("perioder").encode()),
        **extra,
    }


def test_the_page_is_at_import():
    assert reverse("caseimport:upload") == URL


def test_administrator_sees_the_form_and_the_example_links(odense_admin):
    html = login(odense_admin).get(URL).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "Kontrollér uden at gemme" in html
    assert reverse("caseimport:example", kwargs={"kind": "borgere"}) in html
    assert reverse("caseimport:example", kwargs={"kind": "perioder"}) in html
    assert ";".join(CITIZEN_COLUMNS) in html and ";".join(PERIOD_COLUMNS) in html


@pytest.mark.parametrize(
    "persona",
    [
        "odense_caseworker",
        "odense_manager",
        "odense_consultant",
        "holbaek_caseworker",
        "facilitator",
    ],
)
def test_everyone_else_gets_404(request, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404
    assert client.post(URL, examples()).status_code == 404
    assert Citizen.objects.count() == 0


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_successful_import_shows_the_counts(odense_admin):
    response = login(odense_admin).post(URL, examples())
    html = response.content.decode()
    assert response.status_code == 200
    assert "alert-success" in html and "Importen er gennemført" in html
    assert "Borgere: 3 oprettet, 0 ændret, 0 uændret" in html
    assert "Perioder: 9 oprettet, 0 ændret, 0 uændret" in html
    assert Citizen.objects.filter(municipality=odense_admin.municipality).count() == 3
    assert Period.objects.count() == 9


def test_importing_again_shows_everything_unchanged(odense_admin):
    client = login(odense_admin)
    client.post(URL, examples())
    html = client.post(URL, examples()).content.decode()
    assert "Borgere: 0 oprettet, 0 ændret, 3 uændret" in html
    assert "Perioder: 0 oprettet, 0 ændret, 9 uændret" in html


def test_a_dry_run_reports_and_saves_nothing(odense_admin):
    response = login(odense_admin).post(URL, examples(dry_run="on"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Filerne er kontrolleret uden fejl. Intet er gemt." in html
    assert "Borgere: 3 oprettet" in html
    assert counts() == (0, 0, 0)


def test_the_periods_file_may_be_left_out(odense_admin):
    data = {"citizens": upload("borgere.csv", example_csv("borgere").encode())}
    response = login(odense_admin).post(URL, data)
    assert response.status_code == 200
    assert "Borgere: 3 oprettet" in response.content.decode()


def test_errors_are_listed_with_status_400_and_nothing_is_saved(odense_admin):
    citizens = citizens_csv(citizen_row("B1"), citizen_row("B2", kategori="asyl"))
    periods = periods_csv(period_row("P1", "B1", "programme", slut="2019-13-01"))
    response = login(odense_admin).post(
        URL,
        {
            "citizens": upload("eksport.csv", citizens.getvalue()),
            "periods": upload("eksport2.csv", periods.getvalue()),
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "alert-error" in html and "data-error-summary" in html
    assert "Filerne blev afvist: 2 fejl" in html
    assert (
        "<li>borgere.csv, række 3, kolonne &#x27;kategori&#x27;: &#x27;asyl&#x27; er ikke" in html
    )
    assert "perioder.csv, række 2, kolonne &#x27;slut&#x27;: 2019-13-01 er ikke en dato." in html
    assert counts() == (0, 0, 0)


def test_more_than_a_hundred_errors_end_with_a_count(odense_admin):
    rows = [citizen_row(f"B{i}", kategori="x") for i in range(104)]
    data = {"citizens": upload("borgere.csv", citizens_csv(*rows).getvalue())}
    html = login(odense_admin).post(URL, data).content.decode()
    assert html.count("er ikke en af de tilladte værdier") == 100
    assert "og 4 fejl mere" in html


def test_a_missing_citizens_file_is_a_form_error(odense_admin):
    response = login(odense_admin).post(URL, {})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Der er fejl i formularen" in html and 'id="id_citizens_error"' in html


def test_a_large_upload_is_read_from_its_temporary_file(odense_admin, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload goes to a temporary file
    response = login(odense_admin).post(URL, examples())
    assert response.status_code == 200, response.content.decode()
    assert Period.objects.count() == 9


def test_example_files_download_as_csv(odense_admin):
    client = login(odense_admin)
    for kind, columns in (("borgere", CITIZEN_COLUMNS), ("perioder", PERIOD_COLUMNS)):
        response = client.get(reverse("caseimport:example", kwargs={"kind": kind}))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert f'filename="{kind}-eksempel.csv"' in response["Content-Disposition"]
        assert response.content.startswith(b"\xef\xbb\xbf")  # so Excel reads it as UTF-8
        assert response.content.decode("utf-8-sig").splitlines()[0] == ";".join(columns)


def test_an_unknown_example_is_404(odense_admin):
    url = reverse("caseimport:example", kwargs={"kind": "andet"})
    assert login(odense_admin).get(url).status_code == 404
