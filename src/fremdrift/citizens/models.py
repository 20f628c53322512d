from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from fremdrift.accounts.scoping import PersonalData
from fremdrift.citizens.cpr import mask
from fremdrift.citizens.languages import CITIZEN_LANGUAGES
from fremdrift.citizens.origin import OriginGroup, origin_group


class Category(models.TextChoices):
    REFUGEE = "refugee", _("Flygtning")
    FAMILY_REUNIFIED = "family_reunified", _("Familiesammenført")
    OTHER = "other", _("Anden")


class Gender(models.TextChoices):
    FEMALE = "F", _("Kvinde")
    MALE = "M", _("Mand")


class Citizen(PersonalData):
    citizen_path = ""  # whose row it is (accounts.scoping)
    # The CPR number itself is only kept encrypted; `cpr_digest` finds it by exact match.
    # One row per municipality the person lived in (citizens.selectors_moving): unique within one
    # municipality, and at most one row whose case no move has ended (citizens.services).
    cpr_digest = models.CharField(max_length=64, db_index=True, editable=False)
    cpr_encrypted = models.TextField(editable=False)
    first_name = models.CharField(_("fornavn(e)"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    birth_date = models.DateField(_("fødselsdato"), editable=False)
    gender = models.CharField(_("køn"), max_length=1, choices=Gender.choices, editable=False)
    country_of_origin = CountryField(_("oprindelsesland"))
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    takeover_date = models.DateField(_("overtagelsesdato"))
    preferred_language = models.CharField(
        _("foretrukket sprog"), max_length=5, choices=CITIZEN_LANGUAGES, default="da"
    )
    interpreter_needed = models.BooleanField(_("har brug for tolk"), default=False)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("sagsbehandler"),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultant_caseload",
        verbose_name=_("virksomhedskonsulent"),
    )
    # The citizen's id in the system the municipality moved from (case-data import).
    external_id = models.CharField(
        _("id i tidligere system"), max_length=64, blank=True, default=""
    )
    # The row in the municipality the citizen moved from, when this municipality took the
    # case over (journey.takeover_services); across the boundary, so only ever read unscoped by id.
    taken_over_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # Optimistic locking: every save bumps it; a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Set when the personal data were erased (fremdrift.retention): the row stays, holding
    # only what the figures read, so no figure changes; nothing may be written to it again.
    anonymised_at = models.DateTimeField(_("anonymiseret"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")
        indexes = [
            models.Index(fields=["municipality", "last_name", "first_name", "id"]),
            models.Index(fields=["municipality", "caseworker"]),
            models.Index(fields=["municipality", "consultant"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "external_id"],
                condition=~models.Q(external_id=""),
                name="citizen_unique_external_id",
            ),
            # A municipality registers a person once; a further row of the same person here
            # is a stay after moving back, taken over from the municipality moved from.
            models.UniqueConstraint(
                fields=["municipality", "cpr_digest"],
                condition=models.Q(taken_over_from__isnull=True),
                name="citizen_unique_cpr_in_municipality",
            ),
            # A moved citizen's case is taken over once.
            models.UniqueConstraint(
                fields=["taken_over_from"],
                condition=models.Q(taken_over_from__isnull=False),
                name="citizen_taken_over_once",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        if self.anonymised_at is not None:
            return str(_("Anonymiseret borger"))
        return f"{self.first_name} {self.last_name}"

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def cpr_masked(self) -> str:
        if self.anonymised_at is not None:
            return "—"
        return mask(self.birth_date)

    @property
    def origin_group(self) -> OriginGroup:
        return origin_group(self.country_of_origin.code)
