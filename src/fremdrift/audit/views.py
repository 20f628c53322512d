from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.audit.access_report import render_access_report
from fremdrift.audit.export import audit_csv_rows
from fremdrift.audit.models import Action
from fremdrift.audit.selectors import audit_entries_for_citizen
from fremdrift.audit.services import audit_record
from fremdrift.citizens.access import access_citizen, record_list
from fremdrift.citizens.forms import CitizenFilterForm
from fremdrift.citizens.selectors import CitizenFilter, citizen_search
from fremdrift.core import clock
from fremdrift.core.downloads import pdf_attachment

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
def audit_citizen_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The access report for the citizen, in Danish and the citizen's language."""
    citizen = access_citizen(
        request.user, pk, permission=Permission.VIEW_AUDIT_LOG, anonymised=_LOG_KEPT
    )
    entries = list(audit_entries_for_citizen(request.user, citizen))
    audit_record(
        actor=request.user,
        action=Action.EXPORT_AUDIT,
        purpose="Eksport af revisionslog som PDF (indsigtsanmodning)",
        municipality=citizen.municipality,
        citizen=citizen,
        details={"format": "pdf"},
    )
    pdf = render_access_report(citizen=citizen, entries=entries)
    return pdf_attachment(pdf, f"indsigt-{citizen.pk}-{clock.today().isoformat()}.pdf")
