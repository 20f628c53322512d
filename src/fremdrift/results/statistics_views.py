"""The facilitator's page for importing national statistics (Jobindsats exports)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.core.forms import DateInput, DkfdsFormMixin
from fremdrift.core.models import JobState
from fremdrift.core.progress import progress_for
from fremdrift.results.statistics.errors import StatisticsImportError
from fremdrift.results.statistics.mapping import MAX_FILE_SIZE
from fremdrift.results.statistics.queued import JOB_KIND, statistics_import_queue, summary_dict
from fremdrift.results.statistics.selectors import recent_imports
from fremdrift.results.statistics.writer import import_statistics, reason_labels

# The summary survives the redirect after a successful import in the session.
SUMMARY_KEY = "statistics_import_summary"


class StatisticsImportForm(DkfdsFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil fra Jobindsats (CSV eller XLSX)"),
        help_text=gettext_lazy("Højst 20 MB."),
    )
    extracted_on = forms.DateField(
        label=gettext_lazy("Udtrukket den"),
        help_text=gettext_lazy(
            "Kan udelades, når filen har linjen 'Udtrukket ...' fra Jobindsats over tabellen."
        ),
        required=False,
        widget=DateInput(),
    )
    note = forms.CharField(label=gettext_lazy("Bemærkning"), max_length=200, required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(_("Filen er for stor (højst 20 MB)."))
        return upload


@require_permission(Permission.IMPORT_STATISTICS)
@require_http_methods(["GET", "POST"])
def statistics_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(
            request, StatisticsImportForm(), summary=request.session.pop(SUMMARY_KEY, None)
        )
    form = StatisticsImportForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.IMPORT_INLINE_MAX_BYTES:
            key = statistics_import_queue(
                actor=request.user,
                data=upload.read(),
                file_name=upload.name,
                extracted_on=form.cleaned_data["extracted_on"],
                note=form.cleaned_data["note"],
            )
            return redirect("statistics:progress", key=key)
        try:
            summary = import_statistics(
                upload,
                file_name=upload.name,
                extracted_on=form.cleaned_data["extracted_on"],
                user=request.user,
                note=form.cleaned_data["note"],
            )
        except StatisticsImportError as error:
            problems = error.errors
        else:
            request.session[SUMMARY_KEY] = summary_dict(summary)
            return redirect("statistics:import")
    return _page(request, form, problems=problems, status=400)


@require_permission(Permission.IMPORT_STATISTICS)
@require_GET
def statistics_import_progress(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """A queued import as it runs, for the person who started it; htmx polls the part."""
    found = progress_for(key, owner_id=request.user.pk, kind=JOB_KIND)
    if found is None:
        raise Http404
    result = found.result if found.state == JobState.DONE else None
    summary = None if result is None or "errors" in result else dict(result)
    if summary:
        summary["reasons"] = reason_labels(summary["skipped_reasons"])
    context = {
        "progress": found,
        "result": result,
        "summary": summary,
        "problems": result.get("errors", []) if result else [],
        "source": result.get("file_name", "") if result else "",
    }
    template = (
        "results/_statistics_progress.html" if request.htmx else "results/statistics_progress.html"
    )
    return render(request, template, context)


def _page(
    request: AuthenticatedHttpRequest,
    form: StatisticsImportForm,
    *,
    summary: dict | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    if summary:
        summary["reasons"] = reason_labels(summary["skipped_reasons"])
    context = {
        "form": form,
        "summary": summary,
        "problems": problems or [],
        "source": request.FILES["file"].name if "file" in request.FILES else "",
        "imports": recent_imports(),
    }
    return render(request, "results/statistics_import.html", context, status=status)
