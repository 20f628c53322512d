from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.caseimport.examples import EXAMPLES, example_csv
from fremdrift.caseimport.formats import CITIZEN_COLUMNS, PERIOD_COLUMNS
from fremdrift.caseimport.forms import ImportForm
from fremdrift.caseimport.importer import import_cases

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
def example(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    if kind not in EXAMPLES:
        raise Http404
    # With the byte order mark, Excel opens the file as UTF-8 (the import accepts it).
    body = "\ufeff" + example_csv(kind)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-eksempel.csv"'
    return response
