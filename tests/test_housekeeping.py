"""The worker's daily tidying: what a killed worker leaves, finished jobs and old report PDFs
go; what is recent stays."""

from __future__ import annotations

import datetime as dt

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from fremdrift.caseimport.models import QueuedImport
from fremdrift.core import clock
from fremdrift.core.housekeeping import queue_tidy_up_daily, tidy_up
from fremdrift.core.models import JobProgress, JobState, QueuedFile
from fremdrift.results.models import ReportPdf

pytestmark = pytest.mark.django_db(databases=["default", "progress"])


def _file(age: dt.timedelta) -> QueuedFile:
    return QueuedFile.objects.create(
        kind="statistics", owner_id=1, file_name="x.csv", data=b"x", created_at=clock.now() - age
    )


def _progress(job_id: str, state: str, age: dt.timedelta) -> JobProgress:
    return JobProgress.objects.create(
        job_id=job_id, kind="import", owner_id=1, municipality_id=None, state=state,
        created_at=clock.now() - age,
    )  # fmt: skip


def test_a_day_old_unfinished_job_is_cleared_and_recent_work_kept(odense, odense_admin):
    dead_file, fresh_file = _file(dt.timedelta(days=2)), _file(dt.timedelta(hours=1))
    stuck = _progress("stuck", JobState.RUNNING, dt.timedelta(days=2))
    running = _progress("running", JobState.RUNNING, dt.timedelta(minutes=5))
    _progress("ancient", JobState.DONE, dt.timedelta(days=40))
    dead_import = QueuedImport.objects.create(
        municipality=odense, actor=odense_admin, citizens=b"cpr;...", created_at=clock.now()
        - dt.timedelta(days=2),
    )  # fmt: skip
    ReportPdf.objects.create(
        key="a" * 64, kind="annual", municipality=odense, year=2025, pdf=b"%PDF",
        created_at=clock.now() - dt.timedelta(days=40),
    )  # fmt: skip
    ReportPdf.objects.create(
        key="b" * 64, kind="annual", municipality=odense, year=2026, pdf=b"%PDF",
        created_at=clock.now() - dt.timedelta(days=2),
    )  # fmt: skip
    removed = tidy_up.call()
    assert sum(removed.values()) == 4  # the dead file, the ancient progress, the import, a PDF
    assert list(QueuedFile.objects.values_list("pk", flat=True)) == [fresh_file.pk]
    assert dead_file.pk not in QueuedFile.objects.values_list("pk", flat=True)
    assert JobProgress.objects.get(pk=stuck.pk).state == JobState.FAILED
    assert JobProgress.objects.get(pk=running.pk).state == JobState.RUNNING
    assert not JobProgress.objects.filter(pk="ancient").exists()
    assert not QueuedImport.objects.filter(pk=dead_import.pk).exists()
    assert list(ReportPdf.objects.values_list("year", flat=True)) == [2026]


def test_finished_jobs_are_kept_a_month(settings):
    job = tidy_up.enqueue()
    old = DBTaskResult.objects.get(id=job.id)
    old.status = TaskResultStatus.SUCCESSFUL
    old.finished_at = clock.now() - dt.timedelta(days=31)
    old.save()
    tidy_up.call()
    assert not DBTaskResult.objects.filter(id=job.id).exists()


def test_the_periodic_check_queues_the_tidying_once_a_day():
    queue_tidy_up_daily()
    queue_tidy_up_daily()
    waiting = DBTaskResult.objects.filter(task_path=tidy_up.module_path)
    assert waiting.count() == 1
