from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: object
) -> HttpResponse:
    """What django-axes answers after too many failed logins: a plain Danish explanation."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "accounts/lockout.html", {"cooloff_minutes": minutes}, status=429)
