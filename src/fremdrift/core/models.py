"""The progress of a long job, as the page that follows it reads it; files waiting for one."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Kører")
    DONE = "done", _("Færdig")
    FAILED = "failed", _("Fejlet")


class JobProgress(models.Model):
    """One queued job's progress: rows done of total, errors so far, and its result.

    Kept in the `progress` database (core.progress): the job writes here while its own work
    is still one open transaction, and the page that polls must see each step at once. So it
    holds plain ids, no foreign keys: on SQLite it lives in a database file of its own.
    """

    job_id = models.CharField(max_length=64, primary_key=True)
    kind = models.CharField(max_length=40)
    owner_id = models.BigIntegerField()
    municipality_id = models.BigIntegerField(null=True)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    total = models.IntegerField(default=0)
    done = models.IntegerField(default=0)
    errors = models.IntegerField(default=0)
    result = models.JSONField(null=True)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.job_id} {self.state} {self.done}/{self.total}"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0


class QueuedFile(models.Model):
    """An uploaded file waiting for the job worker: a large import runs there, not in the
    request (core.queued).

    In the database, not on a disk: the worker may run on another machine than the web
    process that took the upload. The row goes as soon as the job has run, whatever the
    outcome. `options` are the upload form's other fields, as the job needs them.
    """

    kind = models.CharField(max_length=40)
    owner_id = models.BigIntegerField()
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    options = models.JSONField(default=dict)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"
