"""The administrator's pages for the municipality's users and teams, and the own password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from fremdrift.accounts import user_services
from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest, municipality_id_of
from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.user_forms import (
    OwnPasswordChangeForm,
    TeamForm,
    TeamRenameForm,
    UserCreateForm,
    UserEditForm,
)
from fremdrift.accounts.user_selectors import (
    USER_FILTERS,
    municipal_team,
    municipal_teams,
    municipal_user,
    municipal_users,
)
from fremdrift.core.forms import refusal_as_message, service_errors
from fremdrift.core.versioning import EditConflict, edit_conflict

MANAGE = Permission.MANAGE_USERS


@require_permission(MANAGE)
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    shown = request.GET.get("vis", "aktive")
    if shown not in USER_FILTERS:
        shown = "aktive"
    users = municipal_users(request.user, shown)
    return render(request, "accounts/users.html", {"users": users, "shown": shown})


@never_cache  # the page may carry a temporary password
@require_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def user_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality_id = municipality_id_of(request.user)
    form = UserCreateForm(request.POST or None, municipality_id=municipality_id)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            user, password = user_services.user_create(
                request.user, form.cleaned_data, local_password=not form.cleaned_data["sso_only"]
            )
            if password is None:
                messages.success(request, _("Brugeren %(name)s er oprettet.") % {"name": user})
                return redirect("accounts:users")
            return _password_page(request, user, password, created=True)
    return render(request, "accounts/user_form.html", {"form": form, "person": None})


def _password_page(
    request: AuthenticatedHttpRequest, user: User, password: str, *, created: bool
) -> HttpResponse:
    """The temporary password, shown this once: it is stored nowhere but as its hash."""
    context = {"person": user, "password": password, "created": created}
    return render(request, "accounts/user_password.html", context)


@require_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def user_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = municipal_user(request.user, pk)
    initial = {field: getattr(person, field) for field in user_services.USER_FIELDS}
    form = UserEditForm(
        request.POST or None,
        initial={**initial, "version": person.version},
        municipality_id=municipality_id_of(request.user),
        current_team=person.team,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form):
                user_services.user_update(
                    request.user, person, form.values(), expected_version=form.expected_version
                )
                messages.success(request, _("Brugeren %(name)s er gemt.") % {"name": person})
                return redirect("accounts:users")
        except EditConflict as error:
            conflict = edit_conflict(form, error)
    context = {"form": form, "person": person, "conflict": conflict}
    return render(request, "accounts/user_form.html", context)


@require_permission(MANAGE)
@require_POST
def user_deactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=False)


@require_permission(MANAGE)
@require_POST
def user_reactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=True)


def _set_active(request: AuthenticatedHttpRequest, pk: int, *, active: bool) -> HttpResponse:
    person = municipal_user(request.user, pk)
    with refusal_as_message(request) as refusal:
        user_services.user_set_active(request.user, person, active=active)
    if not refusal.refused:
        text = (
            _("%(name)s er genaktiveret og kan logge ind igen.")
            if active
            else _("%(name)s er deaktiveret. Alle brugerens sessioner er afsluttet.")
        )
        messages.success(request, text % {"name": person})
    return redirect("accounts:user_edit", pk=person.pk)


@never_cache
@require_permission(MANAGE)
@require_POST
def user_password_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = municipal_user(request.user, pk)
    with refusal_as_message(request):
        password = user_services.user_reset_password(request.user, person)
        return _password_page(request, person, password, created=False)
    return redirect("accounts:user_edit", pk=person.pk)


@require_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def team_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            team = user_services.team_create(request.user, form.cleaned_data["name"])
            messages.success(request, _("Teamet %(name)s er oprettet.") % {"name": team})
            return redirect("accounts:teams")
    teams = municipal_teams(request.user)
    return render(request, "accounts/teams.html", {"form": form, "teams": teams})


@require_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def team_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    team = municipal_team(request.user, pk)
    form = TeamRenameForm(
        request.POST or None, initial={"name": team.name, "version": team.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form):
                user_services.team_rename(
                    request.user,
                    team,
                    form.cleaned_data["name"],
                    expected_version=form.expected_version,
                )
                messages.success(request, _("Teamet hedder nu %(name)s.") % {"name": team})
                return redirect("accounts:teams")
        except EditConflict as error:
            conflict = edit_conflict(form, error)
    members = team.user_set.order_by("-is_active", "first_name", "last_name")
    context = {"form": form, "team": team, "members": members, "conflict": conflict}
    return render(request, "accounts/team_form.html", context)


@require_permission(MANAGE)
@require_POST
def team_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    team = municipal_team(request.user, pk)
    with refusal_as_message(request) as refusal:
        user_services.team_close(request.user, team)
    if refusal.refused:
        return redirect("accounts:team_edit", pk=team.pk)
    messages.success(request, _("Teamet %(name)s er lukket.") % {"name": team})
    return redirect("accounts:teams")


@method_decorator(never_cache, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    """The user's own new password; required after a temporary one (SessionRulesMiddleware).
    Django keeps this session (update_session_auth_hash) and ends the others."""

    template_name = "accounts/password_change.html"
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form: OwnPasswordChangeForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        user_services.password_changed(form.user)
        messages.success(self.request, _("Din adgangskode er skiftet."))
        return response
