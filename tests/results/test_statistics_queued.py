"""A large statistics file leaves the request: it waits in the database, `fremdrift worker`
imports it, and a page shows how far it has come, to the person who started it only; the
import stays all or nothing, and a refused file's errors name their rows and columns."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from fremdrift.core.models import JobProgress, JobState, QueuedFile
from fremdrift.results.models import FigureValue, StatisticsImport
from fremdrift.results.statistics import reader
from tests.conftest import login
from tests.factories import UserFactory

# The worker closes its connection between rounds, and progress has a connection of its own:
# these tests commit for real, in both databases.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "progress"])

HEAD = "Udtrukket 15-03-2024\r\nOmråde;Periode;Visitationskategori;Antal personer\r\n"


@pytest.fixture(autouse=True)
def everything_queues(settings):
    settings.IMPORT_INLINE_MAX_BYTES = 0


def _file(*rows: str) -> bytes:
    return (HEAD + "".join(f"{row}\r\n" for row in rows)).encode()


def _upload(client, data: bytes, name: str = "jobindsats.csv", note: str = ""):
    return client.post(
        reverse("statistics:import"), {"file": SimpleUploadedFile(name, data), "note": note}
    )


def _worker() -> None:
    call_command("worker", once=True, verbosity=0)


def test_a_large_file_is_queued_and_the_page_follows_it_to_the_summary(facilitator, odense):
    client = login(facilitator)
    response = _upload(
        client, _file("Odense;2024M01;Jobparat;4", "Odense;2024M01;I alt;10"), note="Test"
    )
    assert response.status_code == 302
    page_url = response["Location"]
    assert page_url == reverse("statistics:progress", kwargs={"key": JobProgress.objects.get().pk})
    waiting = client.get(page_url).content.decode()
    assert "så indlæsningen kører i baggrunden" in waiting
    assert "Importen venter på at komme til." in waiting
    assert "0 af 4 rækker læst, 0 fejl indtil nu." in waiting  # the file's lines
    assert 'hx-trigger="every 1s"' in waiting
    assert FigureValue.objects.count() == 0 and QueuedFile.objects.count() == 1

    _worker()
    done = client.get(page_url, HTTP_HX_REQUEST="true").content.decode()
    assert "jobindsats.csv er indlæst" in done
    assert "Tal gemt: 1" in done
    assert "hx-trigger" not in done  # finished: the part stops polling
    assert list(FigureValue.objects.values_list("numerator", "denominator")) == [(4.0, 10.0)]
    batch = StatisticsImport.objects.get()
    assert (batch.imported_by, batch.note, batch.file_name) == (
        facilitator,
        "Test",
        "jobindsats.csv",
    )
    assert QueuedFile.objects.count() == 0
    progress = JobProgress.objects.get()
    assert (progress.state, progress.done, progress.total) == (JobState.DONE, 4, 4)


def test_a_queued_file_with_errors_stores_nothing_and_says_where(facilitator, odense):
    client = login(facilitator)
    data = _file("Odense;2024M01;Jobparat;4", "Atlantis;2024M01;I alt;10", "Odense;2024M01;I alt;x")
    page_url = _upload(client, data)["Location"]
    _worker()
    html = client.get(page_url).content.decode()
    assert "jobindsats.csv blev afvist" in html
    assert (
        "Række 4, kolonne &#x27;Område&#x27;: &#x27;Atlantis&#x27; er hverken &#x27;Hele "
        "landet&#x27; eller en kendt kommune" in html
    )
    assert "Række 5, kolonne &#x27;Antal personer&#x27;: &#x27;x&#x27; er ikke et tal." in html
    assert FigureValue.objects.count() == 0 and StatisticsImport.objects.count() == 0
    assert QueuedFile.objects.count() == 0
    assert JobProgress.objects.get().errors == 2


def test_progress_is_reported_while_the_file_is_still_being_read(facilitator, odense, monkeypatch):
    reports: list[tuple[int, int]] = []
    progress = JobProgress.objects
    monkeypatch.setattr(reader, "BATCH", 2)
    real = reader.Reader._checked_row

    def checked_row(self, number, cells):
        # What the page would read at this moment, over the progress connection.
        found = progress.get()
        reports.append((found.done, found.errors))
        real(self, number, cells)

    monkeypatch.setattr(reader.Reader, "_checked_row", checked_row)
    rows = [f"Atlantis;2024M0{month};I alt;1" for month in range(1, 7)]
    _upload(login(facilitator), _file(*rows))
    _worker()
    # Rows 3-4, 5-6 and 7-8 in batches of two, each batch reported once it is read: rows
    # read to the end of the batch (by line: the title and header are lines 1-2), errors.
    assert reports == [(0, 0), (0, 0), (4, 2), (4, 2), (6, 4), (6, 4)]
    assert progress.get().errors == 6


def test_only_the_person_who_started_it_sees_the_progress(facilitator, odense, odense_admin):
    page_url = _upload(login(facilitator), _file("Odense;2024M01;I alt;10"))["Location"]
    colleague = UserFactory(role=facilitator.role, municipality=None)
    assert login(colleague).get(page_url).status_code == 404
    assert login(odense_admin).get(page_url).status_code == 404  # not a facilitator
    missing = reverse("statistics:progress", kwargs={"key": "0" * 32})
    assert login(facilitator).get(missing).status_code == 404


def test_a_small_file_is_still_imported_in_the_request(facilitator, odense, settings):
    settings.IMPORT_INLINE_MAX_BYTES = 10_000
    response = _upload(
        login(facilitator), _file("Odense;2024M01;Jobparat;4", "Odense;2024M01;I alt;10")
    )
    assert response["Location"] == reverse("statistics:import")
    assert FigureValue.objects.count() == 1 and JobProgress.objects.count() == 0
