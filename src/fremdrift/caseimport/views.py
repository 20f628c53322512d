from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.caseimport.examples import EXAMPLES, example_csv
from fremdrift.caseimport.formats import CITIZEN_COLUMNS, PERIOD_COLUMNS
from fremdrift.caseimport.forms import ImportForm
from fremdrift.caseimport.importer import import_cases
from fremdrift.caseimport.reading import ImportResult
from fremdrift.caseimport.services import JOB_KIND, import_queue
from fremdrift.core.models import JobState
from fremdrift.core.progress import progress_for

COLUMNS = {"citizen_columns": CITIZEN_COLUMNS, "period_columns": PERIOD_COLUMNS}


@require_permission(Permission.IMPORT_CASES)
@require_http_methods(["GET", "POST"])
def upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "caseimport/upload.html", {"form": ImportForm(), **COLUMNS})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "caseimport/upload.html", {"form": form, **COLUMNS}, status=400)
    data = form.cleaned_data
    files = [data["citizens"], *([data["periods"]] if data["periods"] else [])]
    if sum(file.size for file in files) > settings.IMPORT_INLINE_MAX_BYTES:
        key = import_queue(
            actor=request.user,
            citizens=data["citizens"].read(),
            periods=data["periods"].read() if data["periods"] else None,
            dry_run=data["dry_run"],
        )
        return redirect("caseimport:progress", key=key)
    result = import_cases(
        actor=request.user,
        citizens=data["citizens"],
        periods=data["periods"],
        dry_run=data["dry_run"],
        via="upload",
    )
    return render(
        request,
        "caseimport/upload.html",
        {
            "form": ImportForm(initial={"dry_run": data["dry_run"]}),
            "result": result,
            **COLUMNS,
        },
        status=200 if result.ok else 400,
    )


@require_permission(Permission.IMPORT_CASES)
@require_GET
def progress(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """A queued import as it runs, for the person who started it; htmx polls the part."""
    found = progress_for(key, owner_id=request.user.pk, kind=JOB_KIND)
    if found is None:
        raise Http404
    outcome = found.result if found.state == JobState.DONE else None
    context = {"progress": found, "result": ImportResult.from_dict(outcome) if outcome else None}
    template = "caseimport/_progress.html" if request.htmx else "caseimport/progress.html"
    return render(request, template, context)


@require_permission(Permission.IMPORT_CASES)
@require_GET
def example(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    if kind not in EXAMPLES:
        raise Http404
    # With the byte order mark, Excel opens the file as UTF-8 (the import accepts it).
    body = "\ufeff" + example_csv(kind)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-eksempel.csv"'
    return response
