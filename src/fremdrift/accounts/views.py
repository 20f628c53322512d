from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.i18n import set_language

from fremdrift.accounts.forms import LoginForm
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission, Role
from fremdrift.accounts.user_services import end_all_sessions
from fremdrift.sso.saml_views import SingleLogoutStartView, is_sso_session
from fremdrift.sso.selectors import identity_provider_for_host


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """On a host whose municipality logs in through its identity provider, that way is
    offered first; the password form stays (embedded default, demo, the facilitator)."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_provider"] = identity_provider_for_host(self.request.get_host())
        return context


class LogoutView(auth_views.LogoutView):
    """Logging out ends every session of the user, in every browser, not only this one."""

    template_name = "accounts/logged_out.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A session begun at the municipality's identity provider ends there too.
        if is_sso_session(request):
            return single_logout(request)
        if request.user.is_authenticated:
            end_all_sessions(request.user)
        return super().post(request, *args, **kwargs)


single_logout = SingleLogoutStartView.as_view()


def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where each role lands after logging in."""
    user = request.user
    if user.can(Permission.VIEW_CITIZEN):
        # Caseworkers and consultants land on their own citizens, the filter shown and
        # widened in one step ("Alle"); a manager lands on the whole municipality.
        if user.role == Role.CASEWORKER:
            return redirect(f"{reverse('citizens:list')}?caseworker={user.pk}")
        if user.role == Role.CONSULTANT:
            return redirect(f"{reverse('citizens:list')}?consultant={user.pk}")
        return redirect("citizens:list")
    if user.role == Role.FACILITATOR:
        return redirect("overview")
    if user.can(Permission.MANAGE_USERS):
        return redirect("accounts:users")
    if user.can(Permission.CONFIGURE_SIGN_IN):
        return redirect("sso:providers")
    raise Http404


@never_cache
@require_GET
def me(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The logged-in user's initials as plain text: the least a logged-in page costs.

    It passes the same middleware, session and user look-up as every page and renders a
    few bytes, so `make bench-pages` holds the pages against it (docs/performance.md).
    """
    user = request.user
    initials = (
        user.initials or f"{user.first_name[:1]}{user.last_name[:1]}".upper() or user.username[:2]
    )
    return HttpResponse(initials, content_type="text/plain; charset=utf-8")


# The language switch works before login too.
switch_language = login_not_required(set_language)
