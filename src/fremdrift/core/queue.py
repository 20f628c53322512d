"""The job queue: django-tasks on the product's own database, run by `fremdrift worker`.

A web request never does long work itself: it puts a job here and shows where the job is.
`enqueue_once` keeps a job that many requests ask for at the same moment (the figures at the
turn of a month) from queueing twice; the job itself still checks under a lock whether it is
needed, so two copies that slip through do the work once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("fremdrift.worker")
_periodic: list[Callable[[], None]] = []


def enqueue_once(job: Task[Any, Any], *args: Any) -> str:
    """Queue `job` unless one with the same arguments waits or runs; the id of that job."""
    waiting = (
        DBTaskResult.objects.filter(
            task_path=job.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        )
        .order_by("enqueued_at")
        .values_list("id", "args_kwargs")
    )
    for job_id, args_kwargs in waiting:
        if list(args_kwargs.get("args", [])) == list(args):
            return str(job_id)
    return job.enqueue(*args).id


def register_periodic(check: Callable[[], None]) -> None:
    """A check the worker runs before each round, e.g. "queue the rebuild a new month needs"."""
    if check not in _periodic:
        _periodic.append(check)


def run_periodic_checks() -> None:
    for check in _periodic:
        try:
            check()
        except Exception:
            # One failing check (a database restarting) must not stop the jobs behind it.
            logger.exception("periodisk tjek fejlede: %s", check.__qualname__)
