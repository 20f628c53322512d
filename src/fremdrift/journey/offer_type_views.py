"""The administrator's offer types page: the product's types, and the municipality's own."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.journey.forms import MunicipalOfferTypeForm
from fremdrift.journey.offer_types import (
    create_offer_type,
    offer_types_for,
    own_offer_type,
    update_offer_type,
)


@require_permission(Permission.MANAGE_USERS)
def offer_types(request: AuthenticatedHttpRequest) -> HttpResponse:
    types = list(offer_types_for(request.user.municipality_id))
    return render(
        request,
        "journey/offer_types.html",
        {
            "product_types": [t for t in types if t.municipality_id is None],
            "own_types": [t for t in types if t.municipality_id is not None],
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
    form = MunicipalOfferTypeForm(
        request.POST or None, instance=offer_type, municipality_id=request.user.municipality_id
    )
    if request.method == "POST" and form.is_valid():
        if offer_type is None:
            saved = create_offer_type(request.user, form.cleaned_data)
            messages.success(request, _("Tilbudstypen %(name)s er oprettet.") % {"name": saved})
        else:
            saved = update_offer_type(request.user, offer_type, form.cleaned_data)
            messages.success(request, _("Tilbudstypen %(name)s er gemt.") % {"name": saved})
        return redirect("journey:offer_types")
    return render(request, "journey/offer_type_form.html", {"form": form, "offer_type": offer_type})
