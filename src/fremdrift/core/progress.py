"""Where a long job says how far it has come, and where the page that follows it reads that.

A job such as a case import is one transaction from its first row to its last (all or
nothing), so progress written through that transaction's connection would show only at the
end. Progress goes through a connection of its own instead, the `progress` database alias:
on PostgreSQL the same database over a second connection; on SQLite, whose one writer would
be the import itself, a database file of its own beside the main one (settings.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import IO, Any

from django.conf import settings

from fremdrift.core import clock
from fremdrift.core.models import JobProgress, JobState

ALIAS = "progress"


class ProgressRouter:
    """Sends JobProgress to the `progress` alias, and nothing else there."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        return ALIAS if model is JobProgress else None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return ALIAS if model is JobProgress else None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        is_progress = app_label == "core" and model_name == "jobprogress"
        if settings.PROGRESS_DATABASE_SEPARATE:
            # Each table in one place: the progress table alone in its own file.
            return is_progress if db == ALIAS else not is_progress
        # One database under two names: migrate it once, through the default alias.
        return db != ALIAS


def progress_start(
    job_id: str, *, kind: str, owner_id: int, municipality_id: int | None, total: int = 0
) -> JobProgress:
    return JobProgress.objects.create(
        job_id=job_id,
        kind=kind,
        owner_id=owner_id,
        municipality_id=municipality_id,
        total=total,
        created_at=clock.now(),
    )


def progress_report(job_id: str, *, done: int, errors: int, total: int | None = None) -> None:
    fields: dict[str, Any] = {"state": JobState.RUNNING, "done": done, "errors": errors}
    if total is not None:
        fields["total"] = total
    JobProgress.objects.filter(pk=job_id).update(**fields)


def progress_finish(job_id: str, *, result: dict[str, Any], failed: bool = False) -> None:
    JobProgress.objects.filter(pk=job_id).update(
        state=JobState.FAILED if failed else JobState.DONE,
        result=result,
        finished_at=clock.now(),
    )


def progress_for(job_id: str, *, owner_id: int, kind: str) -> JobProgress | None:
    """The job's progress, for the person who started it only."""
    return JobProgress.objects.filter(pk=job_id, owner_id=owner_id, kind=kind).first()


class CountedLines:
    """A binary file read line by line that reports every `every` lines, and at most once a
    second, how many it has given out: rows read, for the progress page."""

    def __init__(self, stream: IO[bytes], report: Any, *, every: int = 1000) -> None:
        self.stream = stream
        self.report = report
        self.every = every
        self.count = 0
        self._last = 0.0

    def __iter__(self) -> Iterator[bytes]:
        for line in self.stream:
            self.count += 1
            if self.count % self.every == 0 and time.monotonic() - self._last >= 1.0:
                self._last = time.monotonic()
                self.report(self.count)
            yield line


def count_lines(data: bytes) -> int:
    """Lines in a file, the last one counted without its line break."""
    return data.count(b"\n") + (0 if not data or data.endswith(b"\n") else 1)
