"""Until the second factor is given, a password session reaches only the code pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from fremdrift.twofactor.selectors import owes_second_factor

# What a session that owes its code may still reach: the code and enrolment pages, leaving
# (logout, or another login), the language switch and the health check. Static files are
# answered by WhiteNoise before any of this.
ALLOWED = frozenset(
    {
        "twofactor:verify",
        "twofactor:enrol",
        "twofactor:recovery_codes",
        "logout",
        "login",
        "set_language",
        "healthz",
    }
)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED:
            return None
        if not owes_second_factor(request):
            return None
        target = reverse("twofactor:verify")
        if request.headers.get("HX-Request"):
            # A partial update would put the code page inside the page: go there whole.
            return HttpResponse(status=204, headers={"HX-Redirect": target})
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
