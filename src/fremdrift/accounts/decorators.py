from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from fremdrift.accounts.roles import Permission

View = Callable[..., HttpResponseBase]


def require_permission(permission: Permission) -> Callable[[View], View]:
    """404, not 403, for a role without `permission`: the page's existence is not disclosed."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated or not request.user.can(permission):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
