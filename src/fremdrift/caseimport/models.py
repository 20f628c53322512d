"""Case files waiting for the job worker: a large import runs there, not in the request."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fremdrift.accounts.scoping import PersonalData


class QueuedImport(PersonalData):
    """The uploaded files of one queued import, until the worker has run it.

    In the database, not on a disk: the worker may run on another machine than the web
    process that took the upload. The row goes as soon as the import has run, whatever the
    outcome: the files hold CPR numbers and are needed for nothing else.
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    citizens = models.BinaryField()
    periods = models.BinaryField(null=True)
    dry_run = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"import {self.pk} ({self.created_at:%Y-%m-%d %H:%M})"
