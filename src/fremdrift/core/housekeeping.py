"""The worker's daily tidying: what long work leaves behind, kept no longer than needed.

A queued job's file goes as soon as the job has run, but a worker killed in the middle (a
deploy, a machine going down) leaves the file, which for a case import holds CPR numbers, and
its progress row stuck at "running". The job queue keeps every finished job's row, and each
report PDF rendered stays in the cache table. Each app registers what it leaves
(`register_cleanup`); once a day the worker's periodic check queues `tidy_up`, which runs them
all and logs what went. Personal data of citizens has its own retention (issue 15's GDPR
rules); this is the product's own working data.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.core.cache import cache
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from fremdrift.core import clock
from fremdrift.core.models import JobProgress, JobState, QueuedFile
from fremdrift.core.queue import enqueue_once

logger = logging.getLogger("fremdrift.worker")
# A job that has not finished in a day was killed with its worker: nothing runs that long.
STALE = dt.timedelta(days=1)
# Finished jobs and their progress, kept this long for the pages that show their outcome.
KEPT = dt.timedelta(days=30)
_cleanups: list[Callable[[dt.datetime], int]] = []
_LAST_RUN = "fremdrift.housekeeping.last_day"


def register_cleanup(cleanup: Callable[[dt.datetime], int]) -> None:
    """`cleanup(now)` removes what its app no longer needs and returns how many rows went."""
    if cleanup not in _cleanups:
        _cleanups.append(cleanup)


@task()
def tidy_up() -> dict[str, int]:
    """Every registered cleanup, once; how many rows each removed."""
    now = clock.now()
    removed = {cleanup.__qualname__: cleanup(now) for cleanup in _cleanups}
    logger.info("Oprydning: %s", ", ".join(f"{k}: {v}" for k, v in removed.items()))
    return removed


def queue_tidy_up_daily() -> None:
    """The worker's periodic check: the tidying once a calendar day (per worker process; the
    job itself is harmless to run twice)."""
    today = clock.today().isoformat()
    if cache.get(_LAST_RUN) != today:
        enqueue_once(tidy_up)
        cache.set(_LAST_RUN, today, timeout=None)


def stale_files_and_progress(now: dt.datetime) -> int:
    """Files of jobs that never finished, and progress rows of jobs long done or dead."""
    files, _ = QueuedFile.objects.filter(created_at__lt=now - STALE).delete()
    JobProgress.objects.filter(
        state__in=[JobState.QUEUED, JobState.RUNNING], created_at__lt=now - STALE
    ).update(state=JobState.FAILED, finished_at=now)
    progress, _ = JobProgress.objects.filter(created_at__lt=now - KEPT).delete()
    return files + progress


def finished_jobs(now: dt.datetime) -> int:
    removed, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=now - KEPT,
    ).delete()
    return removed
