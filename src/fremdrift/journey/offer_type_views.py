"""The administrator's offer types page: the product's types, and the municipality's own."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.core import clock
from fremdrift.journey.benefit_types import benefit_types_for
from fremdrift.journey.forms import (
    MunicipalOfferTypeEditForm,
    MunicipalOfferTypeForm,
    RetireTypeForm,
)
from fremdrift.journey.models import OfferType
from fremdrift.journey.offer_types import (
    create_offer_type,
    offer_types_for,
    own_offer_type,
    update_offer_type,
)
from fremdrift.journey.retired_types import retired_by_type
from fremdrift.journey.selectors_types import type_change_log
from fremdrift.journey.type_views import type_form_page


@require_permission(Permission.MANAGE_USERS)
def offer_types(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality_id = request.user.municipality_id
    types = list(offer_types_for(municipality_id))
    retired = retired_by_type(municipality_id)
    for kind in types:
        kind.retired_on = retired.get(("offer_type", kind.pk))  # type: ignore[attr-defined]
    benefits = list(benefit_types_for(municipality_id))
    for benefit in benefits:
        benefit.retired_on = retired.get(("benefit_type", benefit.pk))  # type: ignore[attr-defined]
    return render(
        request,
        "journey/offer_types.html",
        {
            "product_types": [t for t in types if t.municipality_id is None],
            "own_types": [t for t in types if t.municipality_id is not None],
            "benefit_types": benefits,
            "retire_form": RetireTypeForm(initial={"retired_on": clock.today()}),
            "changes": type_change_log(request.user),
        },
    )


@require_permission(Permission.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def offer_type_form(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    offer_type = None
    if pk is not None:
        offer_type = own_offer_type(request.user, pk)
        if offer_type is None:
            raise Http404
    municipality_id = request.user.municipality_id
    if offer_type is None:
        form: MunicipalOfferTypeForm = MunicipalOfferTypeForm(
            request.POST or None, municipality_id=municipality_id
        )
    else:
        form = MunicipalOfferTypeEditForm(
            request.POST or None,
            instance=offer_type,
            initial={"version": offer_type.version},
            municipality_id=municipality_id,
        )
    return type_form_page(
        request,
        form,
        row=offer_type,
        kind="offer",
        save=lambda: _save(request, offer_type, form),
        saved=_("Tilbudstypen %(name)s er gemt."),
    )


def _save(
    request: AuthenticatedHttpRequest, offer_type: OfferType | None, form: MunicipalOfferTypeForm
) -> OfferType:
    if offer_type is None:
        return create_offer_type(request.user, form.cleaned_data)
    assert isinstance(form, MunicipalOfferTypeEditForm)
    return update_offer_type(
        request.user, offer_type, form.cleaned_data, expected_version=form.expected_version
    )
