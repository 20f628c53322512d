from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.i18n import set_language

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.forms import LoginForm
from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


# The language switch works before login too.
switch_language = login_not_required(set_language)


@require_permission(Permission.MANAGE_USERS)
def user_list(request: HttpRequest) -> HttpResponse:
    users = (
        User.objects.filter(municipality_id=request.user.municipality_id)
        .select_related("team")
        .order_by("role", "first_name", "last_name")
    )
    return render(request, "accounts/users.html", {"users": users})
