"""The banner that says, on every page, that the people shown are invented."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from fremdrift.demo.state import demo_data_loaded


def demo_banner(request: HttpRequest) -> dict[str, object]:
    return {"demo_banner": settings.DEMO_MODE and demo_data_loaded()}
