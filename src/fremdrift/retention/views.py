"""A manager erases one citizen on request; an administrator sets the municipality's rule."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest, municipality_of
from fremdrift.accounts.roles import Permission
from fremdrift.citizens.access import access_citizen, record_citizen_read
from fremdrift.core.forms import service_errors
from fremdrift.core.versioning import EditConflict, edit_conflict
from fremdrift.retention.forms import EraseForm, RetentionRuleForm
from fremdrift.retention.models import DEFAULT_YEARS, RetentionRule
from fremdrift.retention.selectors import has_open_periods, years_for
from fremdrift.retention.services import citizen_erase, retention_rule_set

ERASE_PAGE_PURPOSE = "Forberedelse af sletning efter anmodning"


@require_permission(Permission.ERASE_CITIZEN)
@require_http_methods(["GET", "POST"])
def erase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    citizen = access_citizen(request.user, pk, permission=Permission.ERASE_CITIZEN, anonymised=True)
    if citizen.is_anonymised:
        return redirect("citizens:detail", pk=citizen.pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            citizen_erase(actor=request.user, citizen=citizen, reason=form.cleaned_data["reason"])
        if not form.errors:
            messages.success(request, _("Borgerens personoplysninger er slettet."))
            return redirect("citizens:detail", pk=citizen.pk)
    record_citizen_read(request.user, citizen, purpose=ERASE_PAGE_PURPOSE)
    context = {"citizen": citizen, "form": form, "open_periods": has_open_periods(citizen)}
    return render(request, "retention/erase.html", context)


@require_permission(Permission.MANAGE_RETENTION)
@require_http_methods(["GET", "POST"])
def rule(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = municipality_of(request.user)
    current = years_for(municipality.pk)
    saved = RetentionRule.objects.filter(municipality=municipality).first()
    form = RetentionRuleForm(
        request.POST or None,
        initial={"years": current, "version": saved.version if saved else 0},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form):
                retention_rule_set(
                    actor=request.user,
                    municipality=municipality,
                    years=form.cleaned_data["years"],
                    expected_version=form.expected_version,
                )
        except EditConflict as error:
            conflict = edit_conflict(form, error, {"years": error.current.years})
        if conflict is None and not form.errors:
            messages.success(request, _("Reglen er gemt."))
            return redirect("retention:rule")
    context = {"form": form, "years": current, "default_years": DEFAULT_YEARS}
    return render(request, "retention/rule.html", context | {"conflict": conflict})
