"""Queueing a large case import for the job worker, and running it there.

A small upload is imported in the request (views.py). Above the setting
IMPORT_INLINE_MAX_BYTES the files wait in the database (QueuedImport), and the job
`run_queued_import` runs the same `import_cases` in `fremdrift worker`, reporting lines read
and errors so far to core.progress for the page that follows it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import uuid

from django.db import transaction
from django_tasks import task

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.caseimport.importer import import_cases
from fremdrift.caseimport.models import QueuedImport
from fremdrift.core import clock
from fremdrift.core.housekeeping import STALE
from fremdrift.core.progress import count_lines, progress_finish, progress_report, progress_start

JOB_KIND = "caseimport"


def import_queue(*, actor: User, citizens: bytes, periods: bytes | None, dry_run: bool) -> str:
    """Queue an import of the two files; the key of its progress (core.progress)."""
    municipality_id = require(actor, Permission.IMPORT_CASES)
    key = uuid.uuid4().hex
    # Data lines, headers left out: what the page counts down.
    total = sum(max(0, count_lines(data) - 1) for data in (citizens, periods) if data)
    # First, on its own connection: the worker may start the moment the job is committed.
    progress_start(
        key, kind=JOB_KIND, owner_id=actor.pk, municipality_id=municipality_id, total=total
    )
    try:
        with transaction.atomic():
            queued = QueuedImport.objects.create(
                municipality_id=municipality_id,
                actor=actor,
                citizens=citizens,
                periods=periods,
                dry_run=dry_run,
                created_at=clock.now(),
            )
            run_queued_import.enqueue(queued.pk, key)
    except Exception:
        progress_finish(key, result={}, failed=True)
        raise
    return key


def queued_import_run(*, queued_id: int, key: str) -> None:
    """Run a queued import as the user who uploaded it, then drop its files."""
    queued = QueuedImport.objects.select_related("actor__municipality").get(pk=queued_id)
    try:
        result = import_cases(
            actor=queued.actor,
            citizens=io.BytesIO(bytes(queued.citizens)),
            periods=io.BytesIO(bytes(queued.periods)) if queued.periods is not None else None,
            dry_run=queued.dry_run,
            via="upload",
            on_progress=lambda done, errors: progress_report(key, done=done, errors=errors),
        )
    except Exception:
        progress_finish(key, result={}, failed=True)
        raise
    finally:
        QueuedImport.objects.filter(pk=queued_id).delete()
    progress_finish(key, result=dataclasses.asdict(result))


@task()
def run_queued_import(queued_id: int, key: str) -> None:
    """The job `fremdrift worker` runs."""
    queued_import_run(queued_id=queued_id, key=key)


def unscoped_remove_stale_queued_imports(now: dt.datetime) -> int:
    """Housekeeping (core.housekeeping): the files of imports whose worker died before it
    finished. They hold CPR numbers, so they are not kept a day longer than a job can take."""
    removed, _ = QueuedImport.objects.filter(created_at__lt=now - STALE).delete()
    return removed
