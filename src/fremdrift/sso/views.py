"""The operator's pages: each municipality's identity provider, and what to give it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.core.forms import service_errors
from fremdrift.core.versioning import EditConflict, edit_conflict
from fremdrift.sso.forms import IdentityProviderEditForm, IdentityProviderForm
from fremdrift.sso.keys import sp_key_pair
from fremdrift.sso.models import IdentityProvider
from fremdrift.sso.saml_config import sp_entity_id
from fremdrift.sso.services import identity_provider_save


@require_permission(Permission.CONFIGURE_SIGN_IN)
def provider_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    providers = IdentityProvider.objects.select_related("municipality")
    return render(request, "sso/providers.html", {"providers": providers})


@require_permission(Permission.CONFIGURE_SIGN_IN)
@require_http_methods(["GET", "POST"])
def provider_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    provider = get_object_or_404(IdentityProvider, pk=pk) if pk is not None else None
    form_class = IdentityProviderForm if provider is None else IdentityProviderEditForm
    form = form_class(request.POST or None, request.FILES or None, provider=provider)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            with service_errors(form):
                saved = identity_provider_save(
                    actor=request.user,
                    municipality=provider.municipality if provider else data["municipality"],
                    data=data,
                    metadata_xml=form.metadata_xml(),
                    fetch=bool(data.get("fetch")),
                    expected_version=data.get("version"),
                )
        except EditConflict as error:
            assert isinstance(form, IdentityProviderEditForm)
            conflict = edit_conflict(form, error)
        else:
            if not form.errors:
                messages.success(request, _("Kommunens login er gemt."))
                return redirect("sso:provider_info", pk=saved.pk)
    context = {"form": form, "provider": provider, "conflict": conflict}
    return render(request, "sso/provider_edit.html", context)


@require_permission(Permission.CONFIGURE_SIGN_IN)
def provider_info(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What the municipality's identity provider administrator needs from us, on each
    host the municipality is served on."""
    provider = get_object_or_404(IdentityProvider.objects.select_related("municipality"), pk=pk)
    hosts = provider.host_list() or [request.get_host()]
    endpoints = [
        {
            "host": host,
            "entity_id": sp_entity_id(f"https://{host}"),
            "metadata": f"https://{host}{reverse('sso:metadata')}",
            "acs": f"https://{host}{reverse('sso:acs')}",
            "sls": f"https://{host}{reverse('sso:sls')}",
        }
        for host in hosts
    ]
    context = {
        "provider": provider,
        "endpoints": endpoints,
        "certificate": sp_key_pair().certificate_pem(),
    }
    return render(request, "sso/provider_info.html", context)
