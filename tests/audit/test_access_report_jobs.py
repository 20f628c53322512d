"""The citizen's access report leaves the request: the manager asks, `fremdrift worker`
renders it and keeps the PDF a day, the progress page offers it; asking and downloading are
both audited, and only the citizen's municipality's audit-log readers may download it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from fremdrift.accounts.roles import Role
from fremdrift.audit.models import AccessReportPdf, Action, AuditEntry
from fremdrift.audit.report_services import access_report_queue, access_report_run
from fremdrift.citizens.models import Citizen
from fremdrift.core import clock
from fremdrift.core.housekeeping import tidy_up
from fremdrift.core.models import JobProgress, JobState
from fremdrift.retention.erasure_services import erase_personal_data
from tests.conftest import login
from tests.factories import UserFactory
from tests.pdf import pdf_tables
from tests.plans.test_pdf import pdf_text

# The progress of a job lives in the `progress` database (core.progress).
pytestmark = pytest.mark.django_db(databases=["default", "progress"])


def _ask(client, citizen) -> str:
    """Ask for the report; the progress page's address."""
    response = client.post(reverse("audit:report_request", args=[citizen.pk]))
    assert response.status_code == 302
    return response["Location"]


def _rendered(manager, citizen) -> AccessReportPdf:
    """The report asked for and rendered the way the worker does, without the worker."""
    key = access_report_queue(actor=manager, citizen=citizen)
    job = JobProgress.objects.get(pk=key)
    access_report_run(key=key, owner_id=manager.pk, citizen_id=citizen.pk)
    job.refresh_from_db()
    return AccessReportPdf.objects.get(pk=job.result["report"])


@pytest.mark.django_db(transaction=True, databases=["default", "progress"])
def test_the_worker_renders_the_report_and_the_page_offers_it(
    odense_citizen, odense_caseworker, odense_manager, tmp_path
):
    login(odense_caseworker).get(reverse("citizens:detail", args=[odense_citizen.pk]))
    client = login(odense_manager)
    page_url = _ask(client, odense_citizen)
    waiting = client.get(page_url).content.decode()
    assert "Rapporten laves ..." in waiting and 'hx-trigger="every 1s"' in waiting
    assert not AccessReportPdf.objects.exists()  # nothing rendered in the request
    asked = AuditEntry.objects.get(action=Action.EXPORT_AUDIT, citizen=odense_citizen)
    assert asked.details == {"format": "pdf"} and asked.actor == odense_manager

    call_command("worker", once=True, verbosity=0)
    done = client.get(page_url, HTTP_HX_REQUEST="true").content.decode()
    assert "Rapporten er klar" in done and "hx-trigger" not in done
    report = AccessReportPdf.objects.get()
    assert (report.owner, report.citizen, report.municipality) == (
        odense_manager,
        odense_citizen,
        odense_citizen.municipality,
    )
    download_url = reverse("audit:report_download", args=[report.pk])
    assert download_url in done

    response = client.get(download_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="indsigt-{odense_citizen.pk}-'
    )
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert "Hvem har set dine oplysninger" in text and "Rama Al-Hassan" in text
    assert "Mette Holm" in text and "Opslag på borgerens side i sagsbehandlingen" in text
    # Arabic is the citizen's language, and its catalogue has the report's texts.
    assert "من اطّلع على معلوماتك" in text and "kun på dansk" not in text
    rows = [row for table in pdf_tables(response.content) for row in table.rows]
    # Each cell in Danish, then (after " · ") in Arabic.
    danish = [[cell.split(" · ")[0] for cell in row[1:3]] for row in rows]
    assert ["Mette Holm, Sagsbehandler", "Så dine oplysninger"] in danish
    # The request for the report is itself in it: the job ran after it was committed.
    assert ["Lars Bach, Leder", "Udskrev denne oversigt"] in danish
    downloaded = AuditEntry.objects.get(action=Action.VIEW_AUDIT, citizen=odense_citizen)
    assert downloaded.actor == odense_manager
    assert downloaded.details == {"format": "pdf", "report": report.pk}


def test_every_entry_is_a_row_of_its_own(odense_citizen, odense_caseworker, odense_manager):
    Citizen.objects.filter(pk=odense_citizen.pk).update(preferred_language="da")
    client = login(odense_caseworker)
    for _ in range(3):
        client.get(reverse("citizens:detail", args=[odense_citizen.pk]))
    report = _rendered(odense_manager, odense_citizen)
    [_facts, entries] = pdf_tables(bytes(report.pdf))
    assert entries.rows[0] == ["Tidspunkt", "Medarbejder", "Handling", "Formål"]
    # Newest first: the export, then the three look-ups.
    assert [row[2] for row in entries.rows[1:]] == ["Udskrev denne oversigt"] + [
        "Så dine oplysninger"
    ] * 3
    asked = AuditEntry.objects.get(action=Action.EXPORT_AUDIT)
    assert entries.rows[1][0] == timezone.localtime(asked.at).strftime("%d.%m.%Y %H:%M")
    assert JobProgress.objects.get().result == {"report": report.pk, "entries": 4}


def test_the_report_in_danish_only_has_no_notice(odense_citizen, odense_manager, tmp_path):
    Citizen.objects.filter(pk=odense_citizen.pk).update(preferred_language="da")
    odense_citizen.refresh_from_db()
    report = _rendered(odense_manager, odense_citizen)
    assert "kun på dansk" not in pdf_text(bytes(report.pdf), tmp_path)


def test_the_report_in_english_has_both_languages_in_each_row(
    odense_citizen, odense_manager, tmp_path
):
    Citizen.objects.filter(pk=odense_citizen.pk).update(preferred_language="en")
    odense_citizen.refresh_from_db()
    report = _rendered(odense_manager, odense_citizen)
    [_facts, entries] = pdf_tables(bytes(report.pdf))
    assert entries.rows[1][1] == "Lars Bach, Leder · Manager"
    assert entries.rows[1][2].startswith("Udskrev denne oversigt · ")


def test_only_the_municipalitys_audit_log_readers_may_download(
    odense_citizen, odense_manager, odense_caseworker, holbaek
):
    report = _rendered(odense_manager, odense_citizen)
    url = reverse("audit:report_download", args=[report.pk])
    holbaek_manager = UserFactory(municipality=holbaek, role=Role.MANAGER)
    assert login(holbaek_manager).get(url).status_code == 404
    assert login(odense_caseworker).get(url).status_code == 404
    assert not AuditEntry.objects.filter(action=Action.VIEW_AUDIT).exists()
    colleague = UserFactory(municipality=odense_citizen.municipality, role=Role.MANAGER)
    assert login(colleague).get(url).status_code == 200
    assert AuditEntry.objects.get(action=Action.VIEW_AUDIT).actor == colleague


def test_only_the_person_who_asked_sees_the_progress(odense_citizen, odense_manager, holbaek):
    page_url = _ask(login(odense_manager), odense_citizen)
    colleague = UserFactory(municipality=odense_citizen.municipality, role=Role.MANAGER)
    assert login(colleague).get(page_url).status_code == 404
    assert (
        login(UserFactory(municipality=holbaek, role=Role.MANAGER)).get(page_url).status_code == 404
    )
    assert login(odense_manager).get(page_url).status_code == 200


def test_the_old_address_renders_nothing_and_leads_to_the_button(odense_citizen, odense_manager):
    client = login(odense_manager)
    response = client.get(reverse("audit:export_pdf", args=[odense_citizen.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("audit:citizen", args=[odense_citizen.pk])
    assert not AuditEntry.objects.filter(action=Action.EXPORT_AUDIT).exists()
    page = client.get(response["Location"]).content.decode()
    assert reverse("audit:report_request", args=[odense_citizen.pk]) in page
    assert "Hent indsigtsrapport som PDF" in page
    assert client.get(reverse("audit:report_request", args=[odense_citizen.pk])).status_code == 405


def test_a_job_for_a_citizen_outside_the_municipality_fails_and_keeps_nothing(
    odense_manager, odense_citizen, holbaek_citizen
):
    key = access_report_queue(actor=odense_manager, citizen=odense_citizen)
    with pytest.raises(Http404):
        access_report_run(key=key, owner_id=odense_manager.pk, citizen_id=holbaek_citizen.pk)
    assert JobProgress.objects.get(pk=key).state == JobState.FAILED
    assert not AccessReportPdf.objects.exists()


def test_a_report_is_kept_a_day(odense_citizen, odense_manager):
    old, fresh = (
        _rendered(odense_manager, odense_citizen),
        _rendered(odense_manager, odense_citizen),
    )
    AccessReportPdf.objects.filter(pk=old.pk).update(
        created_at=clock.now() - dt.timedelta(hours=25)
    )
    # Past its day it is not handed out, even before the housekeeping has run.
    client = login(odense_manager)
    assert client.get(reverse("audit:report_download", args=[old.pk])).status_code == 404
    removed = tidy_up.call()
    assert removed["unscoped_remove_old_access_reports"] == 1
    assert list(AccessReportPdf.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_an_erasure_takes_the_stored_reports(odense_citizen, odense_manager, holbaek_citizen):
    report = _rendered(odense_manager, odense_citizen)
    erase_personal_data([holbaek_citizen.pk])
    assert AccessReportPdf.objects.filter(pk=report.pk).exists()
    erase_personal_data([odense_citizen.pk])
    assert not AccessReportPdf.objects.exists()


def test_one_persons_lists_of_a_day_are_one_row(
    odense_citizen, odense_caseworker, odense_consultant, odense_manager
):
    Citizen.objects.filter(pk=odense_citizen.pk).update(preferred_language="da")
    search = {"q": "rama"}
    for _ in range(3):
        login(odense_caseworker).get(reverse("citizens:list"), search)
    login(odense_consultant).get(reverse("citizens:list"), search)
    login(odense_caseworker).get(reverse("citizens:list"), search)
    report = _rendered(odense_manager, odense_citizen)
    [_facts, entries] = pdf_tables(bytes(report.pdf))
    listed = "Så dit navn på en liste, fx i en søgning eller en oversigt"
    # Newest first: the export; the caseworker's last list; the consultant's; her first three.
    assert [(row[1].split(",")[0], row[2]) for row in entries.rows[1:]] == [
        ("Lars Bach", "Udskrev denne oversigt"),
        ("Mette Holm", listed),
        ("Sofie Lund", listed),
        ("Mette Holm", f"{listed} (× 3)"),
    ]
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d-\d\d:\d\d", entries.rows[4][0])


@pytest.mark.django_db(databases=["default", "progress"])
def test_a_day_later_the_progress_page_says_the_report_is_gone(odense_citizen, odense_manager):
    key = access_report_queue(actor=odense_manager, citizen=odense_citizen)
    access_report_run(key=key, owner_id=odense_manager.pk, citizen_id=odense_citizen.pk)
    report = AccessReportPdf.objects.get()
    client = login(odense_manager)
    page = reverse("audit:report_progress", args=[key])
    download = reverse("audit:report_download", args=[report.pk])
    assert download in client.get(page).content.decode()
    AccessReportPdf.objects.filter(pk=report.pk).update(
        created_at=clock.now() - dt.timedelta(hours=25)
    )
    body = client.get(page).content.decode()
    assert "Rapporten er slettet" in body and download not in body
