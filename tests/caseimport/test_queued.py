"""A large import leaves the request: the files wait in the database, `fremdrift worker` runs
the import, and a page shows how far it has come, to the person who started it only."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from fremdrift.caseimport.models import QueuedImport
from fremdrift.citizens.models import Citizen
from fremdrift.core.models import JobProgress, JobState
from fremdrift.core.progress import CountedLines, count_lines
from tests.caseimport.test_importer import citizen_row, citizens_csv
from tests.conftest import login
from tests.factories import UserFactory

# The worker closes its connection between rounds, and progress has a connection of its own:
# these tests commit for real, in both databases.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "progress"])


@pytest.fixture(autouse=True)
def everything_queues(settings):
    settings.IMPORT_INLINE_MAX_BYTES = 0


def _upload(client, *rows: dict, dry_run: bool = False):
    data = {"citizens": SimpleUploadedFile("borgere.csv", citizens_csv(*rows).getvalue())}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("caseimport:upload"), data)


def _worker() -> None:
    call_command("worker", once=True, verbosity=0)


def test_a_large_upload_is_queued_and_the_page_follows_it_to_the_result(odense_admin):
    client = login(odense_admin)
    response = _upload(client, citizen_row("B1"), citizen_row("B2"))
    assert response.status_code == 302
    page_url = response["Location"]
    waiting = client.get(page_url).content.decode()
    assert "Importen venter på at komme til." in waiting
    assert "0 af 2 rækker læst, 0 fejl indtil nu." in waiting
    assert 'hx-trigger="every 1s"' in waiting
    assert Citizen.objects.count() == 0 and QueuedImport.objects.count() == 1

    _worker()
    done = client.get(page_url, HTTP_HX_REQUEST="true").content.decode()
    assert "Importen er gennemført" in done
    assert "Borgere: 2 oprettet, 0 ændret, 0 uændret" in done
    assert "hx-trigger" not in done  # finished: the part stops polling
    assert Citizen.objects.filter(municipality=odense_admin.municipality).count() == 2
    assert QueuedImport.objects.count() == 0  # the files, with their CPR numbers, are gone
    assert JobProgress.objects.get().state == JobState.DONE


def test_a_queued_import_with_errors_saves_nothing_and_says_where(odense_admin):
    client = login(odense_admin)
    page_url = _upload(client, citizen_row("B1"), citizen_row("B2", cpr="0000000000"))["Location"]
    _worker()
    html = client.get(page_url).content.decode()
    assert "Filerne blev afvist: 1 fejl" in html
    assert "række 3" in html.lower()
    assert Citizen.objects.count() == 0 and QueuedImport.objects.count() == 0


def test_only_the_person_who_started_it_sees_the_progress(odense_admin, holbaek):
    page_url = _upload(login(odense_admin), citizen_row("B1"))["Location"]
    colleague = UserFactory(municipality=odense_admin.municipality, role=odense_admin.role)
    outsider = UserFactory(municipality=holbaek, role=odense_admin.role)
    assert login(colleague).get(page_url).status_code == 404
    assert login(outsider).get(page_url).status_code == 404
    missing = reverse("caseimport:progress", kwargs={"key": "0" * 32})
    assert login(odense_admin).get(missing).status_code == 404


def test_progress_is_reported_while_the_import_is_still_one_open_transaction(odense_admin):
    rows = [citizen_row(f"B{n}", cpr="0000000000") for n in range(1100)]  # every row wrong
    page_url = _upload(login(odense_admin), *rows, dry_run=True)["Location"]
    _worker()
    progress = JobProgress.objects.get()
    assert progress.total == 1100
    assert progress.done == 1000  # reported at the thousandth line, before the end
    assert progress.errors >= 900  # the rows read so far, less those still in a batch
    html = login(odense_admin).get(page_url).content.decode()
    assert "Filerne blev afvist: 1100 fejl" in html


def test_counted_lines_reports_as_it_reads():
    reports: list[int] = []
    lines = list(CountedLines(io.BytesIO(b"a\n" * 2500), reports.append, every=1000))
    assert len(lines) == 2500
    assert reports[:1] == [1000]  # then at most once a second
    assert count_lines(b"a\nb") == 2 and count_lines(b"a\nb\n") == 2 and count_lines(b"") == 0
