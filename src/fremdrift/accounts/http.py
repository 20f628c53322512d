"""The request a view behind the login sees, and the municipality of its user.

Django's `HttpRequest.user` is `User | AnonymousUser`. Every view not marked
`login_not_required` runs behind `LoginRequiredMiddleware`, so its user is a `User`: views
say so by taking an `AuthenticatedHttpRequest` (as healthchecks does), and mypy checks what
they do with the user.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from fremdrift.accounts.models import Municipality, User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    htmx: HtmxDetails  # django-htmx's middleware


def municipality_id_of(user: User) -> int:
    """The id of the user's municipality, for filters that need no more than that."""
    if user.municipality_id is None:
        raise PermissionDenied
    return user.municipality_id


def municipality_of(user: User) -> Municipality:
    """The user's municipality. A user without one (the facilitator, an administrator of
    the whole installation) may not reach pages that work inside a municipality."""
    if user.municipality is None:
        raise PermissionDenied
    return user.municipality
