"""An uploaded file handed to the job worker, and the job that takes it from there.

A large import leaves the request: the web process stores the file (QueuedFile), starts its
progress (core.progress) and queues a job in one step (`queue_file`); the job, in
`fremdrift worker`, runs the import on the file with a way to report how far it has come,
records the outcome for the page that follows it, and drops the file (`run_queued_file`).
What the import is, and what its outcome says, stays with the app that queues it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django_tasks.base import Task

from fremdrift.core import clock
from fremdrift.core.models import QueuedFile
from fremdrift.core.progress import progress_finish, progress_report, progress_start

# How far an import has come: (rows done, errors so far), and the total when it is known only
# once the file is opened.
Report = Callable[..., None]


def queue_file(
    *,
    job: Task[Any, Any],
    kind: str,
    owner_id: int,
    municipality_id: int | None,
    file_name: str,
    data: bytes,
    options: dict[str, Any],
    total: int = 0,
) -> str:
    """Store the file and queue `job(queued_id, key)` for it; the key of its progress."""
    key = uuid.uuid4().hex
    # First, on its own connection: the worker may start the moment the job is committed.
    progress_start(key, kind=kind, owner_id=owner_id, municipality_id=municipality_id, total=total)
    try:
        with transaction.atomic():
            queued = QueuedFile.objects.create(
                kind=kind,
                owner_id=owner_id,
                file_name=file_name,
                data=data,
                options=options,
                created_at=clock.now(),
            )
            job.enqueue(queued.pk, key)
    except Exception:
        progress_finish(key, result={}, failed=True)
        raise
    return key


def run_queued_file(
    queued_id: int, key: str, work: Callable[[QueuedFile, Report], dict[str, Any]]
) -> None:
    """Run `work(file, report)` in the job, its outcome (a dict for JSON) kept for the page.

    `work` returns the outcome of a refused file too: only an unforeseen exception marks the
    job failed, and it is raised again for the worker's log. The file goes either way.
    """
    queued = QueuedFile.objects.get(pk=queued_id)

    def report(done: int, errors: int, total: int | None = None) -> None:
        progress_report(key, done=done, errors=errors, total=total)

    try:
        result = work(queued, report)
    except Exception:
        progress_finish(key, result={}, failed=True)
        raise
    finally:
        QueuedFile.objects.filter(pk=queued_id).delete()
    progress_finish(key, result=result)
