"""A part of a page rendered once and kept in this process's memory under a key that names
everything it shows, so the next request with the same key only looks it up.

The caller's key must change whenever anything in the part could: a data version that every
write raises in its own transaction, read before the data (results/versions.py), the user's
municipality and rights, the month and language shown. The cache is Django's local-memory
cache: per process, lost on restart, nothing on disk.

Forms in the part carry a CSRF token, which belongs to one browser: the part is rendered
with a placeholder, and each request puts its own token in its place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Not a token Django would make (those are 64 letters and digits): it cannot match one.
CSRF_PLACEHOLDER = "csrf-token-of-this-request"
TIMEOUT_SECONDS = 600


def cached_fragment(
    request: HttpRequest,
    template_name: str,
    key: tuple[object, ...],
    context: Callable[[], Mapping[str, Any]],
) -> SafeString:
    """`template_name` rendered with `context()` (called only when the key is not cached),
    without the request's context processors, and with this request's CSRF token."""
    digest = hashlib.sha256(repr((template_name, get_language(), key)).encode()).hexdigest()
    cache_key = f"fragment:{digest}"
    html = cache.get(cache_key)
    if html is None:
        html = render_fragment(template_name, context())
        cache.set(cache_key, html, TIMEOUT_SECONDS)
    return with_token(request, html)


def render_fragment(template_name: str, context: Mapping[str, Any]) -> str:
    return render_to_string(template_name, {**context, "csrf_token": CSRF_PLACEHOLDER})


def with_token(request: HttpRequest, html: str) -> SafeString:
    return mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308 - our HTML
