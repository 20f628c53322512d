"""The administrator's forms for users and teams, and the user's own password change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import Team, User
from fremdrift.accounts.roles import Role
from fremdrift.accounts.user_selectors import open_teams
from fremdrift.core.forms import DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm

ROLE_CHOICES = [
    (role.value, role.label)
    for role in (Role.CASEWORKER, Role.CONSULTANT, Role.MANAGER, Role.ADMINISTRATOR)
]
_initials = RegexValidator(r"^[A-ZÆØÅ]{2,5}$", _("Initialer er 2-5 bogstaver, fx MH."))


class UserFields(DkfdsFormMixin, forms.Form):
    first_name = forms.CharField(label=_("Fornavn"), max_length=150)
    last_name = forms.CharField(label=_("Efternavn"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Rolle"), choices=ROLE_CHOICES)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("Intet team")
    )
    initials = forms.CharField(
        label=_("Initialer"),
        max_length=5,
        required=False,
        help_text=_("2-5 bogstaver, fx MH. Vises på tavlen og i journalen."),
    )

    def __init__(
        self, *args: Any, municipality_id: int, current_team: Team | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        teams = open_teams(municipality_id)
        if current_team is not None:
            # A user kept in a closed team keeps it until it is changed.
            teams = teams | Team.objects.filter(pk=current_team.pk)
        self.fields["team"].queryset = teams.order_by("name")  # type: ignore[attr-defined]

    def clean_initials(self) -> str:
        initials = self.cleaned_data["initials"].strip().upper()
        if initials:
            _initials(initials)
        return str(initials)


class UserCreateForm(UserFields):
    username = forms.CharField(
        label=_("Brugernavn"),
        max_length=150,
        validators=[
            RegexValidator(
                r"^[\w.@+-]+\Z", _("Brugernavnet kan kun have bogstaver, tal og . @ + - _")
            )
        ],
    )
    sso_only = forms.BooleanField(
        label=_("Logger ind med kommunens single sign-on (ingen adgangskode i Fremdrift)"),
        required=False,
    )
    field_order = ["username", "first_name", "last_name", "email", "role", "team", "initials"]

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"]).strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Brugernavnet er allerede i brug."))
        return username


class UserEditForm(VersionedForm, UserFields):
    pass


class TeamForm(DkfdsFormMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=100)


class TeamRenameForm(VersionedForm, TeamForm):
    pass


class OwnPasswordChangeForm(DkfdsFormMixin, PasswordChangeForm):
    error_heading = _("Adgangskoden blev ikke skiftet")

    # The user by keyword, as the view gives it and as every product form takes its context.
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
