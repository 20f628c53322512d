"""The citizen's access report, rendered by the job worker instead of in the request.

A citizen looked up ten thousand times has a report of some two hundred pages, which takes
WeasyPrint longer than gunicorn gives a request. So the manager's click queues a job
(`access_report_queue`: the audit entry of the export, the progress in core.progress and the
job, committed together), `fremdrift worker` renders the report as the manager who asked
(`access_report_run`) and keeps the PDF as an AccessReportPdf, and the progress page offers
it for download (`access_report_for_download`; the download is audited by the view).

The stored PDF holds the citizen's name and every look-up: it is kept a day at most
(`unscoped_remove_old_access_reports`, run by core.housekeeping) and goes with an erasure.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django_tasks import task

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.audit.access_report import render_access_report
from fremdrift.audit.models import AccessReportPdf, Action
from fremdrift.audit.selectors import audit_entries_for_citizen
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.citizens.access import access_citizen
from fremdrift.citizens.models import Citizen
from fremdrift.core import clock
from fremdrift.core.progress import progress_finish, progress_report, progress_start

JOB_KIND = "access_report"
# Long enough to fetch the next working day; short, because it is a copy of personal data.
KEPT = dt.timedelta(hours=24)


def access_report_queue(*, actor: User, citizen: Citizen) -> str:
    """Queue the rendering of `citizen`'s access report; the key of its progress."""
    municipality_id = require(actor, Permission.VIEW_AUDIT_LOG, within=citizen)
    key = uuid.uuid4().hex
    # First, on its own connection: the worker may start the moment the job is committed.
    progress_start(key, kind=JOB_KIND, owner_id=actor.pk, municipality_id=municipality_id)
    try:
        with audited_atomic():
            audit_record(
                actor=actor,
                action=Action.EXPORT_AUDIT,
                purpose="Eksport af revisionslog som PDF (indsigtsanmodning)",
                municipality=citizen.municipality,
                citizen=citizen,
                details={"format": "pdf"},
            )
            run_access_report.enqueue(key, actor.pk, citizen.pk)
    except Exception:
        progress_finish(key, result={}, failed=True)
        raise
    return key


def access_report_run(*, key: str, owner_id: int, citizen_id: int) -> None:
    """Render the report as the user who asked for it, inside that user's municipality, and
    keep it; the progress's result names the stored PDF."""
    try:
        owner = User.objects.select_related("municipality").get(pk=owner_id)
        citizen = access_citizen(owner, citizen_id, permission=Permission.VIEW_AUDIT_LOG)
        entries = list(audit_entries_for_citizen(owner, citizen))
        # Running, with the number of entries for the page; the rendering is one call.
        progress_report(key, done=0, errors=0, total=len(entries))
        pdf = render_access_report(citizen=citizen, entries=entries)
        report = AccessReportPdf.objects.create(
            municipality_id=citizen.municipality_id,
            owner=owner,
            citizen=citizen,
            pdf=pdf,
            created_at=clock.now(),
        )
    except Exception:
        progress_finish(key, result={}, failed=True)
        raise
    progress_finish(key, result={"report": report.pk, "entries": len(entries)})


@task()
def run_access_report(key: str, owner_id: int, citizen_id: int) -> None:
    """The job `fremdrift worker` runs."""
    access_report_run(key=key, owner_id=owner_id, citizen_id=citizen_id)


def access_report_for_download(user: User, pk: int) -> AccessReportPdf | None:
    """The stored report, for the user who asked for it or another user allowed to read the
    audit log in the same municipality; None otherwise (and once it has been tidied away)."""
    return (
        scoped_queryset(user, AccessReportPdf, Permission.VIEW_AUDIT_LOG)
        .select_related("citizen__municipality")
        .filter(pk=pk, created_at__gte=clock.now() - KEPT)
        .first()
    )


def access_report_still_kept(user: User, pk: int) -> bool:
    """Whether the stored report can still be downloaded (the progress page's offer)."""
    return (
        scoped_queryset(user, AccessReportPdf, Permission.VIEW_AUDIT_LOG)
        .filter(pk=pk, created_at__gte=clock.now() - KEPT)
        .exists()
    )


def unscoped_remove_old_access_reports(now: dt.datetime) -> int:
    """Housekeeping (core.housekeeping): stored access reports older than KEPT."""
    removed, _ = AccessReportPdf.objects.filter(created_at__lt=now - KEPT).delete()
    return removed
