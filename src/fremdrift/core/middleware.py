"""Request id and security headers for every response; NUL characters refused."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict

from fremdrift.core.request_context import new_request_id, request_id_scope

# Everything is served from our own origin: no CDN, no remote fonts, no inline script.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give each request an id for logs and the audit log; keep a sane one only from one of
    our own proxies (settings.TRUSTED_PROXIES), never from a client."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        trusted = request.META.get("REMOTE_ADDR") in settings.TRUSTED_PROXIES
        request_id = incoming if trusted and _VALID_REQUEST_ID.match(incoming) else new_request_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        with request_id_scope(request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Pages with personal data must not linger in shared browser caches.
            response.setdefault("Cache-Control", "no-store")
        return response


class RefuseNulMiddleware:
    """A NUL character in the address or a form field ends the request as 400 (400.html).

    PostgreSQL refuses NUL in text, so any view that filters on a query parameter would fail
    with a server error; no person types one, and Django's form fields refuse it anyway.
    Checked once here, before any view reads the input."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _holds_nul(request.GET) or _holds_nul(request.POST):
            raise BadRequest("NUL i forespørgslen")
        return self.get_response(request)


def _holds_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())
