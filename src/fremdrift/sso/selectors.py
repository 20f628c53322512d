"""Which identity provider serves a request: by the host the page is served on, by the
municipality chosen on the login page, or by the one a login started with."""

from __future__ import annotations

from django.http import HttpRequest

from fremdrift.sso.models import IdentityProvider

# The identity provider a login started with, kept in djangosaml2's own session (the one
# its cookie carries back when the identity provider posts to us from another site).
CHOSEN_KEY = "fremdrift_sso_idp"


def active_identity_providers() -> list[IdentityProvider]:
    return list(IdentityProvider.objects.filter(is_active=True).select_related("municipality"))


def identity_provider_for_host(host: str) -> IdentityProvider | None:
    name = host.lower().rsplit(":", 1)[0] if not host.startswith("[") else host.lower()
    for provider in active_identity_providers():
        if name in provider.host_list() or host.lower() in provider.host_list():
            return provider
    return None


def identity_provider_by_code(code: str) -> IdentityProvider | None:
    return (
        IdentityProvider.objects.filter(is_active=True, municipality__code=code)
        .select_related("municipality")
        .first()
    )


def identity_provider_by_id(pk: object) -> IdentityProvider | None:
    try:
        number = int(str(pk))
    except ValueError:
        return None
    return (
        IdentityProvider.objects.filter(is_active=True, pk=number)
        .select_related("municipality")
        .first()
    )


def identity_provider_for_request(request: HttpRequest) -> IdentityProvider | None:
    """The one a login started with (kept in the SAML session), else the host's."""
    saml_session = getattr(request, "saml_session", None)
    if saml_session is not None and saml_session.get(CHOSEN_KEY):
        chosen = identity_provider_by_id(saml_session[CHOSEN_KEY])
        if chosen is not None:
            return chosen
    return identity_provider_for_host(request.get_host())
