from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
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
            )
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

    def can(self, permission: Permission) -> bool:
        return self.is_active and role_allows(self.role, permission)
