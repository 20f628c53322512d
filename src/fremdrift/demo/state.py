"""Whether synthetic demo data is in the database (the banner on every page says so)."""

from __future__ import annotations

from django.core.cache import cache

from fremdrift.accounts.models import User

_CACHE_KEY = "fremdrift:demo-data-loaded"


def demo_data_loaded() -> bool:
    loaded = cache.get(_CACHE_KEY)
    if loaded is None:
        loaded = User.objects.filter(is_demo_account=True).exists()
        cache.set(_CACHE_KEY, loaded, 60)
    return loaded


def forget_demo_state() -> None:
    cache.delete(_CACHE_KEY)
