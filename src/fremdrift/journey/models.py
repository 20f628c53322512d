"""Periods are the truth about a citizen (architecture idea 1).

Everything the phase, the deadlines, the board and later the key figures need is a dated
period on a citizen: in the programme, on a benefit, visited job-ready or activity-ready, in
an offer, absent, or in an outcome. What is derived from them is not stored, with one
exception kept for speed: the case snapshots at the end of this module, which every write
refreshes in its own transaction and which can always be derived again from the periods.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import Municipality
from fremdrift.accounts.scoping import PersonalData
from fremdrift.core.versioning import Versioned
from fremdrift.journey.types import (
    Absence,
    OfferCategory,
    Outcome,
    PeriodKind,
    Phase,
    Visitation,
)


class BenefitType(Versioned):
    """A benefit by its code; the benefit has changed name over time, so codes are data.
    The product's types (no municipality) are every municipality's; a municipality's
    administrator adds its own (journey/benefit_types.py), used only there."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benefit_types",
        verbose_name=_("kommune"),
    )
    code = models.CharField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    # Counts as the integration benefit (or its successor) in objectives M2 and M3.
    integration_benefit = models.BooleanField(_("tæller som integrationsydelse"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("ydelsestype")
        verbose_name_plural = _("ydelsestyper")

    def __str__(self) -> str:
        return self.name


class OfferType(Versioned):
    """A kind of offer. The product's own types (no municipality) are every municipality's;
    a municipality's administrator adds its own (job rotation, training placement ...) on
    the offer types page, seen and used only there."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offer_types",
        verbose_name=_("kommune"),
    )
    code = models.CharField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    category = models.CharField(_("gruppe"), max_length=20, choices=OfferCategory.choices)
    company_oriented = models.BooleanField(_("virksomhedsrettet"), default=False)
    needs_company = models.BooleanField(_("foregår i en virksomhed"), default=False)
    has_module = models.BooleanField(_("har modul (danskuddannelse)"), default=False)
    max_weeks = models.PositiveSmallIntegerField(
        _("højst (uger)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5 * 52)],
        help_text=_("Den længste tid et tilbud af typen må vare. Tom: ingen grænse."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("tilbudstype")
        verbose_name_plural = _("tilbudstyper")

    def __str__(self) -> str:
        return self.name


class RetiredType(models.Model):
    """An offer or benefit type retired in one municipality from a date: no new period may
    use it there from that day, while the periods that have it keep it. The product's types
    are retired per municipality this way too, so each row names one type of the two."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    offer_type = models.ForeignKey(
        OfferType, on_delete=models.CASCADE, null=True, blank=True, related_name="retirements"
    )
    benefit_type = models.ForeignKey(
        BenefitType, on_delete=models.CASCADE, null=True, blank=True, related_name="retirements"
    )
    retired_on = models.DateField(_("udgået fra"))

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(offer_type__isnull=True) ^ models.Q(benefit_type__isnull=True),
                name="retired_type_names_one_type",
            ),
            models.UniqueConstraint(
                fields=["municipality", "offer_type"], name="retired_offer_type_once"
            ),
            models.UniqueConstraint(
                fields=["municipality", "benefit_type"], name="retired_benefit_type_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer_type_id or self.benefit_type_id} udgået {self.retired_on}"


def offer_label(offer_type: str, module: str) -> str:
    """An offer as the pages name it: its type, and the Danish course's module if any."""
    return offer_type + (_(", modul %(module)s") % {"module": module} if module else "")


class Period(PersonalData):
    citizen_path = "citizen"  # whose row it is (accounts.scoping)
    citizen = models.ForeignKey(
        "citizens.Citizen",
        on_delete=models.PROTECT,
        related_name="periods",
        verbose_name=_("borger"),
    )
    kind = models.CharField(_("art"), max_length=12, choices=PeriodKind.choices)
    # The type within the kind: a Visitation, Outcome or Absence value, or "programme";
    # benefits and offers point to their configurable type instead.
    code = models.CharField(_("type"), max_length=30, blank=True)
    benefit_type = models.ForeignKey(
        BenefitType, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("ydelse")
    )
    offer_type = models.ForeignKey(
        OfferType, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("tilbud")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("slut"), null=True, blank=True)
    planned_end = models.DateField(_("planlagt slut"), null=True, blank=True)
    reason = models.TextField(_("begrundelse"), blank=True)
    hours_per_week = models.DecimalField(
        _("timer pr. uge"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="periods",
        verbose_name=_("virksomhed"),
    )
    module = models.CharField(_("modul"), max_length=20, blank=True)
    # The period's id in the system the municipality moved from (case-data import).
    external_id = models.CharField(max_length=64, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("periode")
        verbose_name_plural = _("perioder")
        indexes = [
            models.Index(fields=["citizen", "kind", "start"]),
            models.Index(fields=["municipality", "kind", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="period_end_not_before_start",
            ),
            models.UniqueConstraint(
                fields=["municipality", "external_id"],
                condition=~models.Q(external_id=""),
                name="period_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        end = date_format(self.end, "SHORT_DATE_FORMAT") if self.end else ""
        return f"{self.label} {date_format(self.start, 'SHORT_DATE_FORMAT')}–{end}"

    @property
    def label(self) -> str:
        # The related objects, not their ids: callers select_related them, and unsaved
        # periods (in tests and previews) have types without ids.
        if self.kind == PeriodKind.BENEFIT and self.benefit_type is not None:
            return str(self.benefit_type)
        if self.kind == PeriodKind.OFFER and self.offer_type is not None:
            return offer_label(str(self.offer_type), self.module)
        choices = {
            PeriodKind.VISITATION: Visitation,
            PeriodKind.OUTCOME: Outcome,
            PeriodKind.ABSENCE: Absence,
        }.get(self.kind)
        if choices is not None and self.code in choices.values:
            return str(choices(self.code).label)
        return str(PeriodKind(self.kind).label)

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def effective_end(self) -> dt.date | None:
        """The end, or the planned end while the period is open."""
        return self.end or self.planned_end


class ProgrammeExtension(models.Model):
    """A decision to extend the programme, with its reason (up to five years in all)."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="extensions")
    previous_planned_end = models.DateField(null=True)
    new_planned_end = models.DateField(_("ny planlagt slutdato"))
    reason = models.TextField(_("begrundelse"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at"]

    def __str__(self) -> str:
        return f"{self.period_id}: {self.new_planned_end}"


class Contract(PersonalData):
    """The programme contract (integrationskontrakt): due one month after takeover."""

    citizen_path = "citizen"  # whose row it is (accounts.scoping)

    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.PROTECT, related_name="contracts"
    )
    signed_on = models.DateField(_("underskrevet den"))
    declaration_signed = models.BooleanField(_("erklæring underskrevet"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signed_on"]

    def __str__(self) -> str:
        return f"{self.citizen_id}: {self.signed_on}"


class ConversationSchedule(models.TextChoices):
    PROJECT = "project", _("Fire samtaler om året (projektperioden)")
    CURRENT = "current", _("Mindst fire samtaler de første seks måneder, derefter efter behov")


def _between(low: int, high: int) -> list[MinValueValidator | MaxValueValidator]:
    return [MinValueValidator(low), MaxValueValidator(high)]


class JourneySettings(Versioned):
    """The rules that set deadlines, per municipality: rules change, so they are settings."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="journey_settings"
    )
    # The bounds keep settings that make no sense out (a programme of 0 years, "soon" meaning
    # 100,000 days); the law's own limits where it has them.
    contract_months = models.PositiveSmallIntegerField(
        _("kontrakt senest (måneder efter overtagelse)"), default=1, validators=_between(1, 12)
    )
    first_offer_target_days = models.PositiveSmallIntegerField(
        _("første virksomhedsrettede tilbud, mål (dage)"), default=14, validators=_between(1, 365)
    )
    first_offer_deadline_months = models.PositiveSmallIntegerField(
        _("første virksomhedsrettede tilbud, frist (måneder)"),
        default=1,
        validators=_between(1, 12),
    )
    conversation_schedule = models.CharField(
        _("samtaleplan"),
        max_length=10,
        choices=ConversationSchedule.choices,
        default=ConversationSchedule.CURRENT,
    )
    conversations_after_first_half_year_weeks = models.PositiveSmallIntegerField(
        _("samtaler efter første halvår: højst uger imellem"),
        default=13,
        validators=_between(1, 52),
    )
    programme_years = models.PositiveSmallIntegerField(
        _("programmets længde (år)"), default=1, validators=_between(1, 5)
    )
    due_soon_days = models.PositiveSmallIntegerField(
        _("'snart' betyder inden for (dage)"), default=14, validators=_between(1, 90)
    )

    class Meta:
        verbose_name = _("regler for frister")

    def __str__(self) -> str:
        return f"{self.municipality}"


class CaseSnapshot(PersonalData):
    """A citizen's board column, phase and next deadline, derived from the periods.

    Pages over many citizens (the board, the worklists) read these rows instead of deriving
    every citizen on every request. journey.snapshot_services writes them in the transaction
    of each write that changes what they are derived from (journey.casestate says what and
    until when a row holds); `computed_on`..`valid_until` is the span of days the row is true
    for, and a row read outside it is derived again. Nothing here is entered by a person.
    """

    citizen_path = "citizen"  # whose row it is (accounts.scoping)

    citizen = models.OneToOneField(
        "citizens.Citizen",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="case_snapshot",
    )
    # The Situation value; empty when the citizen is not on the board (not in the programme).
    situation = models.CharField(max_length=20, blank=True)
    phase = models.CharField(max_length=3, choices=Phase.choices, blank=True)
    next_code = models.CharField(max_length=30, blank=True)
    next_due = models.DateField(null=True)
    # The offer a "offer_end" deadline is about, for its label.
    next_period = models.ForeignKey(Period, on_delete=models.CASCADE, null=True, related_name="+")
    computed_on = models.DateField()
    valid_until = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["municipality", "situation"])]

    def __str__(self) -> str:
        return f"{self.citizen_id}: {self.situation or '-'} {self.computed_on}–{self.valid_until}"


class CaseDeadline(PersonalData):
    """One of a citizen's deadlines, derived and kept with the citizen's CaseSnapshot."""

    citizen_path = "citizen"  # whose row it is (accounts.scoping)

    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="case_deadlines"
    )
    code = models.CharField(max_length=30)
    due = models.DateField()
    period = models.ForeignKey(Period, on_delete=models.CASCADE, null=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["municipality", "due"])]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "code"],
                condition=models.Q(period__isnull=True),
                name="case_deadline_one_per_code",
            ),
            models.UniqueConstraint(
                fields=["citizen", "period"],
                condition=models.Q(period__isnull=False),
                name="case_deadline_one_per_offer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id}: {self.code} {self.due}"
