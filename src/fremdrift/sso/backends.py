"""The authentication backend of a single sign-on session.

A login through a municipality's identity provider is made with this backend, so the session
says how its user logged in (Django keeps the backend's dotted path under
BACKEND_SESSION_KEY): "fremdrift.sso.backends.SamlBackend". The second factor is asked of
local password logins only, and recognises an SSO session by that path.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from fremdrift.accounts.models import User

SAML_BACKEND = "fremdrift.sso.backends.SamlBackend"


class SamlBackend(ModelBackend):
    """Accepts no credentials of its own: the assertion consumer logs its user in with it
    after pysaml2 has verified the identity provider's signature (sso.views). It restores
    the session's user on later requests, and refuses a deactivated one (ModelBackend)."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, **credentials: Any
    ) -> User | None:
        return None
