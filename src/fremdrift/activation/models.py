"""The municipality's activation strategy, and ordinary paid hours beside a placement.

Activation hours themselves are not stored: they are the hours per week of the offers
(journey.Period) and ordinary hours that cover a day, added up by activation.hours.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import Municipality
from fremdrift.accounts.scoping import PersonalData
from fremdrift.core.versioning import Versioned

DEFAULT_TARGET_HOURS = 37  # as in Skive: a full working week
DEFAULT_MAX_BREAK_DAYS = 30
MAX_HOURS = 60  # the same ceiling a period's hours per week has (journey.rules)


class ActivationStrategy(Versioned):
    """A municipality's strategy for activation (one row, made with the defaults on first
    use): the weekly target, the longest break in company-oriented effort, and per offer
    type the longest and usual duration (OfferTypeDuration)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="activation_strategy"
    )
    target_hours = models.DecimalField(
        _("mål for aktivering (timer pr. uge)"),
        max_digits=4,
        decimal_places=1,
        default=DEFAULT_TARGET_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOURS)],
    )
    max_break_days = models.PositiveSmallIntegerField(
        _("længste pause i virksomhedsrettet indsats (dage)"),
        default=DEFAULT_MAX_BREAK_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("aktiveringsstrategi")

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.target_hours}"


class OfferTypeDuration(models.Model):
    """The strategy's longest and usual duration of one offer type, in weeks (empty: none)."""

    strategy = models.ForeignKey(
        ActivationStrategy, on_delete=models.CASCADE, related_name="durations"
    )
    offer_type = models.ForeignKey("journey.OfferType", on_delete=models.CASCADE, related_name="+")
    max_weeks = models.PositiveSmallIntegerField(_("højst (uger)"), null=True, blank=True)
    usual_weeks = models.PositiveSmallIntegerField(_("sædvanligt (uger)"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "offer_type"], name="offer_type_duration_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer_type_id}: {self.usual_weeks}/{self.max_weeks}"


class OrdinaryHours(PersonalData):
    """Ordinary paid hours a citizen works beside the programme's offers (Nordfyn combined a
    placement with ordinary hours at the same workplace, raised step by step).

    Not an outcome period: an outcome means the citizen has left for a job (M1 and the
    outflow count it), while these hours run alongside the offers and the benefit. A row of
    its own, dated, so the hours can change as they grow (end one, start the next)."""

    citizen_path = "citizen"  # whose row it is (accounts.scoping)

    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.PROTECT, related_name="ordinary_hours"
    )
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("timer pr. uge"), max_digits=4, decimal_places=1)
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("arbejdsplads"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("ordinære timer")
        verbose_name_plural = _("ordinære timer")
        indexes = [models.Index(fields=["citizen", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="ordinary_hours_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id}: {self.hours_per_week} {self.start}–{self.end or ''}"
