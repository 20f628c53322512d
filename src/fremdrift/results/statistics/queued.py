"""A large statistics file imported by the job worker, with a page that follows it.

Above the setting IMPORT_INLINE_MAX_BYTES the upload waits in the database (core.queued),
and the job `run_statistics_import` runs the same `import_statistics` in `fremdrift worker`,
reporting rows read and errors so far to core.progress. The outcome is the summary of a
stored file or the refused file's errors with their rows and columns, for the page.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django_tasks import task

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.core.models import QueuedFile
from fremdrift.core.progress import count_lines
from fremdrift.core.queued import Report, queue_file, run_queued_file
from fremdrift.results.statistics.errors import StatisticsImportError
from fremdrift.results.statistics.writer import ImportSummary, import_statistics

JOB_KIND = "statistics"


def statistics_import_queue(
    *, actor: User, data: bytes, file_name: str, extracted_on: dt.date | None, note: str
) -> str:
    """Queue the import of one file; the key of its progress (core.progress)."""
    # The facilitator has no municipality, so accounts.permissions.require (which asks for
    # one) cannot be the check here.
    if not actor.can(Permission.IMPORT_STATISTICS):
        raise PermissionDenied(f"{actor.username} may not {Permission.IMPORT_STATISTICS.value}")
    is_csv = not (file_name.lower().endswith(".xlsx") or data.startswith(b"PK\x03\x04"))
    return queue_file(
        job=run_statistics_import,
        kind=JOB_KIND,
        owner_id=actor.pk,
        municipality_id=None,
        file_name=file_name,
        data=data,
        options={"extracted_on": extracted_on.isoformat() if extracted_on else None, "note": note},
        # The lines of a CSV file, which the reader numbers its rows by; a workbook's rows are
        # not known before it is opened.
        total=count_lines(data) if is_csv else 0,
    )


def statistics_import_run(*, queued_id: int, key: str) -> None:
    """Run a queued import as the user who uploaded it (core.queued keeps the outcome)."""
    run_queued_file(queued_id, key, _import)


def _import(queued: QueuedFile, report: Report) -> dict[str, Any]:
    extracted_on = queued.options.get("extracted_on")
    try:
        summary = import_statistics(
            io.BytesIO(bytes(queued.data)),
            file_name=queued.file_name,
            extracted_on=dt.date.fromisoformat(extracted_on) if extracted_on else None,
            user=User.objects.get(pk=queued.owner_id),
            note=queued.options.get("note", ""),
            on_progress=report,
        )
    except StatisticsImportError as error:
        return {"file_name": queued.file_name, "errors": error.errors}
    return summary_dict(summary)


def summary_dict(summary: ImportSummary) -> dict[str, Any]:
    """What the page says about a stored file, as JSON (the session, the job's outcome)."""
    return {
        "file_name": summary.batch.file_name,
        "values": summary.values,
        "rows_used": summary.rows_used,
        "rows_skipped": summary.rows_skipped,
        "skipped_reasons": summary.skipped_reasons,
        "values_suppressed": summary.values_suppressed,
    }


@task()
def run_statistics_import(queued_id: int, key: str) -> None:
    """The job `fremdrift worker` runs."""
    statistics_import_run(queued_id=queued_id, key=key)
