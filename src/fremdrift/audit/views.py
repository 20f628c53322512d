from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.audit.export import audit_csv_rows
from fremdrift.audit.models import Action
from fremdrift.audit.report_services import (
    JOB_KIND,
    access_report_for_download,
    access_report_queue,
    access_report_still_kept,
)
from fremdrift.audit.selectors import audit_entries_for_citizen
from fremdrift.audit.services import audit_record
from fremdrift.citizens.access import access_citizen, record_list
from fremdrift.citizens.forms import CitizenFilterForm
from fremdrift.citizens.selectors import CitizenFilter, citizen_search
from fremdrift.core import clock
from fremdrift.core.downloads import pdf_attachment
from fremdrift.core.models import JobState
from fremdrift.core.progress import progress_for

# The access log outlives the erasure (it names no personal data of its own), so an
# anonymised citizen's log can still be read and exported.
_LOG_KEPT = True


@require_permission(Permission.VIEW_AUDIT_LOG)
def audit_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Find the citizen whose log a manager needs (e.g. for an access request)."""
    form = CitizenFilterForm(request.GET or None, user=request.user)
    criteria = form.criteria() if form.is_bound and form.is_valid() else CitizenFilter()
    citizens = list(citizen_search(request.user, criteria)[:50]) if criteria.query else []
    record_list(
        request.user, citizens, purpose="Søgning i revisionsloggen", query=request.GET.dict()
    )
    return render(request, "audit/search.html", {"form": form, "citizens": citizens})


@require_permission(Permission.VIEW_AUDIT_LOG)
def audit_citizen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    citizen = access_citizen(
        request.user, pk, permission=Permission.VIEW_AUDIT_LOG, anonymised=_LOG_KEPT
    )
    audit_record(
        actor=request.user,
        action=Action.VIEW_AUDIT,
        purpose="Gennemsyn af revisionslog",
        municipality=citizen.municipality,
        citizen=citizen,
    )
    entries = audit_entries_for_citizen(request.user, citizen)
    page = Paginator(entries, 50).get_page(request.GET.get("side"))
    return render(
        request, "audit/citizen.html", {"citizen": citizen, "page": page, "actions": Action}
    )


@require_permission(Permission.VIEW_AUDIT_LOG)
def audit_citizen_export(request: AuthenticatedHttpRequest, pk: int) -> StreamingHttpResponse:
    citizen = access_citizen(
        request.user, pk, permission=Permission.VIEW_AUDIT_LOG, anonymised=_LOG_KEPT
    )
    audit_record(
        actor=request.user,
        action=Action.EXPORT_AUDIT,
        purpose="Eksport af revisionslog (fx til indsigtsanmodning)",
        municipality=citizen.municipality,
        citizen=citizen,
    )
    entries = iter(audit_entries_for_citizen(request.user, citizen))
    response = StreamingHttpResponse(
        audit_csv_rows(entries), content_type="text/csv; charset=utf-8"
    )
    stamp = clock.today().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="revisionslog-{citizen.pk}-{stamp}.csv"'
    )
    return response


@require_permission(Permission.VIEW_AUDIT_LOG)
@require_GET
def audit_citizen_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The report's old address: it is no longer rendered in a request (a bookmark lands on
    the log's page, whose button asks for it)."""
    citizen = access_citizen(
        request.user, pk, permission=Permission.VIEW_AUDIT_LOG, anonymised=_LOG_KEPT
    )
    return redirect("audit:citizen", pk=citizen.pk)


@require_permission(Permission.VIEW_AUDIT_LOG)
@require_POST
def access_report_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Ask for the access report; the job worker renders it (audit/report_services.py)."""
    citizen = access_citizen(request.user, pk, permission=Permission.VIEW_AUDIT_LOG)
    key = access_report_queue(actor=request.user, citizen=citizen)
    return redirect("audit:report_progress", key=key)


@require_permission(Permission.VIEW_AUDIT_LOG)
@require_GET
def access_report_progress(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """The report being made, for the person who asked; htmx polls the part until it is
    ready, then the part offers the download."""
    found = progress_for(key, owner_id=request.user.pk, kind=JOB_KIND)
    if found is None:
        raise Http404
    result = found.result if found.state == JobState.DONE and found.result else {}
    report_id = result.get("report")
    # A day later the report is deleted (personal data): say so rather than offer a dead link.
    gone = report_id is not None and not access_report_still_kept(request.user, report_id)
    context = {"progress": found, "report_id": None if gone else report_id, "gone": gone}
    template = "audit/_report_progress.html" if request.htmx else "audit/report_progress.html"
    return render(request, template, context)


@require_permission(Permission.VIEW_AUDIT_LOG)
@require_GET
def access_report_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The stored report; the download is a read of the citizen's data, so it is audited."""
    report = access_report_for_download(request.user, pk)
    if report is None:
        raise Http404
    citizen = report.citizen
    audit_record(
        actor=request.user,
        action=Action.VIEW_AUDIT,
        purpose="Hentning af indsigtsrapport som PDF",
        municipality=citizen.municipality,
        citizen=citizen,
        details={"format": "pdf", "report": report.pk},
    )
    made = timezone.localdate(report.created_at).isoformat()
    return pdf_attachment(bytes(report.pdf), f"indsigt-{citizen.pk}-{made}.pdf")
