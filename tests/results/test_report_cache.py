"""Annual reports are rendered again only when what they show has changed, and the project's
report, which covers every municipality, is rendered by the job worker."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from fremdrift.results import services
from fremdrift.results.models import ReportPdf
from fremdrift.results.refresh import rebuild
from fremdrift.results.selectors import latest_month
from tests.conftest import login
from tests.results.test_views import build_m2


@pytest.mark.django_db
def test_the_annual_report_is_kept_until_what_it_shows_changes(odense, odense_manager):
    build_m2(odense, 6, 5)
    rebuild()
    client = login(odense_manager)
    year = latest_month() // 12
    first = client.get(reverse("results:annual_report"), {"aar": year}).content
    [kept] = ReportPdf.objects.all()
    again = client.get(reverse("results:annual_report"), {"aar": year}).content
    assert again == first and list(ReportPdf.objects.all()) == [kept]

    services.deviation_explain(
        user=odense_manager,
        figure="M2",
        month=latest_month(),
        explanation="Færre jobparate end ventet.",
        action="Flere virksomhedsrettede tilbud.",
    )
    changed = client.get(reverse("results:annual_report"), {"aar": year}).content
    [renewed] = ReportPdf.objects.all()  # the new rendering replaced the old one
    assert renewed.key != kept.key and changed.startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_the_project_report_is_rendered_by_the_worker_while_a_page_waits(
    odense, holbaek, facilitator
):
    build_m2(odense, 6, 5)
    rebuild()
    client = login(facilitator)
    year = latest_month() // 12
    waiting = client.get(reverse("results:across_report"), {"aar": year})
    assert waiting.status_code == 202
    html = waiting.content.decode()
    assert "Rapporten laves nu" in html and 'hx-trigger="every 2s"' in html
    job = html.split("job=")[1].split('"')[0]
    status_url = reverse("results:across_report_status")
    assert (
        "Rapporten laves nu" in client.get(status_url, {"aar": year, "job": job}).content.decode()
    )

    call_command("worker", once=True, verbosity=0)
    ready = client.get(status_url, {"aar": year, "job": job}).content.decode()
    assert "Rapporten er klar" in ready and "hx-trigger" not in ready
    pdf = client.get(reverse("results:across_report"), {"aar": year})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_the_waiting_page_answers_only_the_facilitator_and_a_real_job(facilitator, odense_manager):
    status_url = reverse("results:across_report_status")
    assert login(facilitator).get(status_url, {"job": "ikke-et-job"}).status_code == 404
    unknown = "00000000-0000-4000-8000-000000000000"
    assert login(facilitator).get(status_url, {"job": unknown}).status_code == 404
    assert login(odense_manager).get(status_url, {"job": unknown}).status_code == 404
