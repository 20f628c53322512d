"""Throttling wrong tokens on the public follow-up link, per client address.

A token has 256 bits, so guessing is hopeless; the throttle keeps a client from hammering
the database and the log. After settings.FOLLOW_UP_WRONG_TOKENS wrong tokens (10 by
default) within settings.FOLLOW_UP_WRONG_TOKEN_MINUTES (15) the address is answered 429,
also for a right token, until that many minutes have passed since the first wrong try. The
count lives in Django's cache (per process with the default local-memory cache: a limit
per worker, which is enough for its purpose).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _limit() -> int:
    return int(getattr(settings, "FOLLOW_UP_WRONG_TOKENS", 10))


def _minutes() -> int:
    return int(getattr(settings, "FOLLOW_UP_WRONG_TOKEN_MINUTES", 15))


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind one of our own proxies the address it
    saw (the last entry of X-Forwarded-For, the one the proxy appended)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if remote in settings.TRUSTED_PROXIES:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip() if forwarded else ""
        if last:
            return last[:64]
    return remote[:64]


def _key(address: str) -> str:
    return f"follow-up-wrong-token:{address}"


def is_throttled(address: str) -> bool:
    return int(cache.get(_key(address), 0)) >= _limit()


def count_wrong_token(address: str) -> int:
    """One more wrong token from the address; the count so far."""
    key = _key(address)
    if cache.add(key, 1, timeout=_minutes() * 60):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=_minutes() * 60)
        return 1
