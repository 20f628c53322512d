"""An anonymised citizen's refusal (accounts.scoping.CitizenAnonymised) as a page of its own."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fremdrift.accounts.scoping import CitizenAnonymised

# 409 Conflict, not 403: the user may do this to a citizen, and the citizen is theirs; the
# erased state of the case is what stands in the way (403 means the role forbids it, and the
# boundary tests read it so).
ANONYMISED_STATUS = 409


class AnonymisedCitizenMiddleware:
    """Every route that reaches an anonymised citizen's data is refused in the accessor; here
    the refusal becomes one clear Danish page, and nothing has been written."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, CitizenAnonymised):
            return None
        return render(
            request,
            "citizens/anonymised.html",
            {"citizen_pk": exception.citizen_id},
            status=ANONYMISED_STATUS,
        )
