"""The administrator's benefit types, and retiring or reactivating a type (offer or benefit)
for the municipality. The offer types' own forms are offer_type_views.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.core.versioning import EditConflict, edit_conflict
from fremdrift.journey.benefit_types import (
    create_benefit_type,
    own_benefit_type,
    update_benefit_type,
)
from fremdrift.journey.forms import (
    MunicipalBenefitTypeEditForm,
    MunicipalBenefitTypeForm,
    RetireTypeForm,
)
from fremdrift.journey.models import BenefitType, OfferType
from fremdrift.journey.own_types import usable_type
from fremdrift.journey.retired_types import reactivate_type, retire_type

MODELS: dict[str, type[Any]] = {"offer": OfferType, "benefit": BenefitType}


@require_permission(Permission.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def benefit_type_form(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    benefit_type = None
    if pk is not None:
        benefit_type = own_benefit_type(request.user, pk)
        if benefit_type is None:
            raise Http404
    form_class = MunicipalBenefitTypeForm if benefit_type is None else MunicipalBenefitTypeEditForm
    initial = (
        {
            "name": benefit_type.name,
            "integration_benefit": benefit_type.integration_benefit,
            "version": benefit_type.version,
        }
        if benefit_type
        else None
    )
    form = form_class(
        request.POST or None,
        initial=initial,
        municipality_id=request.user.municipality_id,
        pk=pk,
    )
    return type_form_page(
        request,
        form,
        row=benefit_type,
        kind="benefit",
        save=lambda: _save_benefit_type(request, benefit_type, form),
        saved=_("Ydelsestypen %(name)s er gemt."),
    )


def type_form_page(
    request: AuthenticatedHttpRequest,
    form: Any,
    *,
    row: OfferType | BenefitType | None,
    kind: str,
    save: Callable[[], OfferType | BenefitType],
    saved: str,
) -> HttpResponse:
    """The form for a new or an own type (offer or benefit): saved, or shown again with its
    errors or the edit conflict."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            result = save()
        except EditConflict as error:  # only an edit claims a version
            conflict = edit_conflict(form, error)
        else:
            messages.success(request, saved % {"name": result})
            return redirect("journey:offer_types")
    context = {"form": form, "row": row, "kind": kind, "conflict": conflict}
    return render(request, "journey/type_form.html", context)


def _save_benefit_type(
    request: AuthenticatedHttpRequest,
    benefit_type: BenefitType | None,
    form: MunicipalBenefitTypeForm,
) -> BenefitType:
    if benefit_type is None:
        return create_benefit_type(request.user, form.cleaned_data)
    assert isinstance(form, MunicipalBenefitTypeEditForm)
    return update_benefit_type(
        request.user, benefit_type, form.values(), expected_version=form.expected_version
    )


@require_permission(Permission.MANAGE_USERS)
@require_POST
def type_retirement(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    """Retire the type from a date (`retire`), or take it into use again (`reactivate`)."""
    model = MODELS.get(kind)
    found = usable_type(request.user, pk, model) if model else None
    if found is None:
        raise Http404
    try:
        if request.POST.get("action") == "reactivate":
            reactivate_type(request.user, found)
            messages.success(request, _("%(name)s kan vælges igen.") % {"name": found.name})
        else:
            form = RetireTypeForm(request.POST)
            if not form.is_valid():
                raise ValidationError(list(form.errors.get("retired_on", [])))
            retire_type(request.user, found, on=form.cleaned_data["retired_on"])
            messages.success(request, _("%(name)s er udgået.") % {"name": found.name})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("journey:offer_types")
