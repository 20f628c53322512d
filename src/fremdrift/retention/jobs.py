"""The daily retention run, as a job for `fremdrift worker`."""

from __future__ import annotations

from django_tasks import task

from fremdrift.core import clock
from fremdrift.core.queue import enqueue_once
from fremdrift.retention.models import RetentionRun
from fremdrift.retention.services import retention_run


@task()
def run_retention() -> int:
    """Erase what the municipalities' rules say is due today; how many citizens."""
    if RetentionRun.objects.filter(ran_on=clock.today()).exists():
        return 0
    return sum(retention_run().erased.values())


def queue_retention_if_due() -> None:
    """The worker's periodic check: once a day, the retention run."""
    if not RetentionRun.objects.filter(ran_on=clock.today()).exists():
        enqueue_once(run_retention)
