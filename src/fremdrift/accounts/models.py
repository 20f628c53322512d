from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.roles import (
    INSTALLATION_ROLES,
    MUNICIPAL_ROLES,
    Permission,
    Role,
    role_allows,
)


class SizeGroup(models.TextChoices):
    XSMALL = "xsmall", _("Under 25.000 indbyggere")
    SMALL = "small", _("Mindre (25.000-40.000 indbyggere)")
    MEDIUM = "medium", _("Mellemstore (40.000-60.000 indbyggere)")
    LARGE = "large", _("Større (60.000-200.000 indbyggere)")
    XLARGE = "xlarge", _("Over 200.000 indbyggere")


class Municipality(models.Model):
    code = models.CharField(
        _("kommunekode"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", _("Kommunekoden er tre cifre, fx 461."))],
    )
    name = models.CharField(_("navn"), max_length=100, unique=True)
    size_group = models.CharField(_("størrelsesgruppe"), max_length=10, choices=SizeGroup.choices)
    in_project = models.BooleanField(_("deltager i projektet"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return f"{self.name} Kommune"


class Team(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="teams", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=100)
    # A closed team keeps its name on the users who were in it; no one is put in it again.
    closed_on = models.DateField(_("lukket den"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("kommune"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("team")
    )
    # Demo accounts share a known password; they may log in only while demo mode is on.
    is_demo_account = models.BooleanField(default=False, editable=False)
    initials = models.CharField(_("initialer"), max_length=5, blank=True, default="")
    # A temporary password given by the administrator: changed at the first login.
    must_change_password = models.BooleanField(default=False, editable=False)
    # Part of the session hash: raising it ends every session of the user at once
    # (logging out, deactivation), on every machine, without touching the session table.
    session_epoch = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=INSTALLATION_ROLES, municipality__isnull=True)
                    | (
                        ~models.Q(role__in=INSTALLATION_ROLES)
                        & models.Q(municipality__isnull=False)
                    )
                ),
                name="user_municipality_matches_role",
            ),
            models.UniqueConstraint(
                fields=["municipality", "initials"],
                condition=~models.Q(initials=""),
                name="user_unique_initials",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.role in MUNICIPAL_ROLES and self.municipality_id is None:
            raise ValidationError({"municipality": _("Brugeren skal høre til en kommune.")})
        if self.role in INSTALLATION_ROLES and self.municipality_id is not None:
            raise ValidationError(
                {"municipality": _("Rollen arbejder på tværs af kommuner og har ingen kommune.")}
            )
        if self.team_id and self.team.municipality_id != self.municipality_id:
            raise ValidationError({"team": _("Teamet hører til en anden kommune.")})

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's hash with the epoch added; epoch 0 gives Django's own, so sessions made
        # before the epoch existed stay valid.
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]
        return salted_hmac(
            "fremdrift.accounts.User.session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def can(self, permission: Permission) -> bool:
        return self.is_active and role_allows(self.role, permission)
