"""The session rules every logged-in request passes: idle time, and a temporary password."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from fremdrift.core import clock

# The session's last activity, in whole seconds since the epoch.
LAST_SEEN = "fremdrift_last_seen"
# The session is written at most this often for its activity alone: a page view does not
# cost a session write, and the idle time is still kept to the minute.
TOUCH_SECONDS = 60
# The pages a user with a temporary password may still open: the second factor comes first
# where it is owed (twofactor.middleware), so its pages are open too.
_WITH_TEMPORARY_PASSWORD = (
    "password_change",
    "logout",
    "set_language",
    "twofactor:verify",
    "twofactor:enrol",
    "twofactor:recovery_codes",
)


class SessionRulesMiddleware:
    """After authentication: a session idle longer than SESSION_IDLE_MINUTES ends (the user
    is anonymous from this request on, so the login page follows); a user with a temporary
    password is sent to change it before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if self._idle_too_long(request):
                request.session.flush()
                request.user = AnonymousUser()
                messages.info(
                    request,
                    _("Du er logget ud, fordi du ikke har brugt Fremdrift i %(minutes)d minutter.")
                    % {"minutes": settings.SESSION_IDLE_MINUTES},
                )
            elif getattr(user, "must_change_password", False) and not self._allowed(request):
                return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def _idle_too_long(request: HttpRequest) -> bool:
        now = int(clock.now().timestamp())
        last = request.session.get(LAST_SEEN)
        if isinstance(last, int) and now - last > settings.SESSION_IDLE_MINUTES * 60:
            return True
        if not isinstance(last, int) or now - last >= TOUCH_SECONDS:
            request.session[LAST_SEEN] = now
        return False

    @staticmethod
    def _allowed(request: HttpRequest) -> bool:
        return any(request.path == reverse(name) for name in _WITH_TEMPORARY_PASSWORD)
