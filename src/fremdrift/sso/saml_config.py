"""The pysaml2 configuration for one request (djangosaml2's SAML_CONFIG_LOADER).

Each municipality has its own identity provider, so the configuration is built per request
with that one provider's stored metadata: an assertion verifies only against the
certificates of the identity provider the login was meant for.
"""

from __future__ import annotations

from typing import Any

import saml2
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_UNSPECIFIED

from fremdrift.sso.keys import sp_key_pair
from fremdrift.sso.models import IdentityProvider
from fremdrift.sso.selectors import identity_provider_for_request


def base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def sp_entity_id(base: str) -> str:
    """Our entity ID: set once for the installation, or the metadata address on `base`."""
    return settings.SSO_SP_ENTITY_ID or f"{base}{reverse('sso:metadata')}"


def sp_settings(base: str, provider: IdentityProvider | None) -> dict[str, Any]:
    """pysaml2's settings for our service provider at `base` (https://host), trusting
    `provider`'s metadata only."""
    keys = sp_key_pair()
    acs = f"{base}{reverse('sso:acs')}"
    sls = f"{base}{reverse('sso:sls')}"
    return {
        "entityid": sp_entity_id(base),
        "xmlsec_binary": settings.SSO_XMLSEC_BINARY,
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "name": "Fremdrift",
                "name_id_format": [NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_UNSPECIFIED],
                "endpoints": {
                    "assertion_consumer_service": [(acs, saml2.BINDING_HTTP_POST)],
                    "single_logout_service": [
                        (sls, saml2.BINDING_HTTP_REDIRECT),
                        (sls, saml2.BINDING_HTTP_POST),
                    ],
                },
                # A response we did not ask for is refused: the login starts here.
                "allow_unsolicited": False,
                "authn_requests_signed": True,
                "logout_requests_signed": True,
                "logout_responses_signed": True,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "want_assertions_or_response_signed": True,
                "signing_algorithm": saml2.xmldsig.SIG_RSA_SHA256,
                "digest_algorithm": saml2.xmldsig.DIGEST_SHA256,
            }
        },
        "metadata": {"inline": [provider.metadata_xml] if provider else []},
        "key_file": str(keys.key_file),
        "cert_file": str(keys.cert_file),
        "encryption_keypairs": [{"key_file": str(keys.key_file), "cert_file": str(keys.cert_file)}],
        "accepted_time_diff": settings.SSO_ACCEPTED_CLOCK_SKEW_SECONDS,
    }


def sp_config_for(base: str, provider: IdentityProvider | None) -> SPConfig:
    config = SPConfig()
    config.load(sp_settings(base, provider))
    return config


def sp_config_loader(request: HttpRequest) -> SPConfig:
    """djangosaml2's SAML_CONFIG_LOADER: the request's identity provider, or a refusal
    when this host has none (the views show the Danish page)."""
    provider = identity_provider_for_request(request)
    if (
        provider is None
        and request.resolver_match
        and request.resolver_match.url_name != "metadata"
    ):
        raise PermissionDenied("no identity provider for this host")
    return sp_config_for(base_url(request), provider)
