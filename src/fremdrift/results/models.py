"""The pre-aggregated figure table, and what managers record about the figures.

FigureValue holds every figure the product shows, own and imported alike: one row per
municipality (or the whole country), figure, period, breakdown and source, with numerator and
denominator. Dashboards and reports read only this table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import Municipality, Team
from fremdrift.accounts.scoping import PersonalData
from fremdrift.core.versioning import Versioned


class Source(models.TextChoices):
    OWN = "own", _("Fremdrift (egne data)")
    JOBINDSATS = "jobindsats", _("Jobindsats.dk")


class StatisticsImport(models.Model):
    """One imported statistics file: where it came from and when it was extracted."""

    source = models.CharField(_("kilde"), max_length=20, choices=Source.choices)
    file_name = models.CharField(_("fil"), max_length=200)
    extracted_on = models.DateField(_("udtrukket den"))
    note = models.CharField(_("bemærkning"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("rækker"), default=0)
    values = models.PositiveIntegerField(_("tal"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import af statistik")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.extracted_on})"


class FigureValue(models.Model):
    # None: the whole country (an imported national figure).
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, related_name="+"
    )
    figure = models.CharField(max_length=20)
    # M, Q or Y; `month` is the index (year * 12 + month - 1) of the period's last month.
    period_kind = models.CharField(max_length=1, default="M")
    month = models.IntegerField()
    dim = models.CharField(max_length=20, default="", blank=True)
    value_key = models.CharField(max_length=40, default="", blank=True)
    numerator = models.FloatField()
    denominator = models.FloatField(null=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.OWN)
    extracted_on = models.DateField(null=True)
    batch = models.ForeignKey(StatisticsImport, on_delete=models.CASCADE, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "municipality",
                    "figure",
                    "period_kind",
                    "month",
                    "dim",
                    "value_key",
                    "source",
                ],
                condition=Q(municipality__isnull=False),
                name="figure_value_unique_municipal",
            ),
            models.UniqueConstraint(
                fields=["figure", "period_kind", "month", "dim", "value_key", "source"],
                condition=Q(municipality__isnull=True),
                name="figure_value_unique_national",
            ),
        ]
        indexes = [models.Index(fields=["figure", "month"])]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.figure} {self.month} {self.dim}{self.value_key}"


class BenefitSpell(PersonalData):
    """A citizen's continuous benefit spell within one programme period, as month interval.

    The rows the median benefit spell is computed from (results.spells): a change to one
    citizen replaces that citizen's rows and recomputes the median only for the months
    whose spells changed, instead of deriving the municipality's spells again. Derived from
    the periods by the full rebuild and by every followed write; nothing is entered here.
    """

    citizen_path = "citizen"  # whose row it is (accounts.scoping)

    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE, related_name="+")
    start = models.DateField()  # the spell's first day
    first = models.IntegerField()  # the first and last month (index) it counts in
    last = models.IntegerField()

    class Meta:
        # The median reads the spells running in a month, per municipality, from the index
        # alone (start included): a change reads only those still running at its months.
        indexes = [models.Index(fields=["municipality", "last", "first", "start"])]

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.start} {self.first}-{self.last}"


class Baseline(Versioned):
    """The month a municipality measures a figure's progress from (its zero point)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    figure = models.CharField(max_length=20)
    month = models.IntegerField(_("baselinemåned"))
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "figure"], name="baseline_unique")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.figure} {self.month}"


class Target(Versioned):
    """The value a municipality aims for in a year (percent for shares)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    figure = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField(_("år"))
    value = models.DecimalField(_("mål"), max_digits=8, decimal_places=1)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "figure", "year"], name="target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.figure} {self.year}: {self.value}"


class Deviation(Versioned):
    """Why a figure is below its target in a month, and what the municipality will do (KL)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    figure = models.CharField(max_length=20)
    month = models.IntegerField()
    explanation = models.TextField(_("forklaring"))
    action = models.TextField(_("handling"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month", "figure"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "figure", "month"], name="deviation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.figure} {self.month}"


class MonthlyBookEntry(Versioned):
    """A team's month in the monthly book: the reflection written at the team meeting."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    month = models.IntegerField()
    reflection = models.TextField(_("refleksion"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    written_at = models.DateTimeField(auto_now=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-month", "team__name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "month"], name="monthly_book_unique"),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(reflection=""),
                name="monthly_book_closed_has_reflection",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} {self.month}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class FigureState(models.Model):
    """When the own figures were last rebuilt in full, and up to which month."""

    horizon = models.IntegerField()
    rebuilt_at = models.DateTimeField()
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"{self.horizon} ({self.rebuilt_at:%Y-%m-%d %H:%M})"


class ReportPdf(models.Model):
    """A rendered annual report, kept while what it shows is unchanged.

    The key is the SHA-256 of the report's HTML: every figure, deviation, team name and the
    printing date are in that HTML, so a report is rendered again exactly when any of them
    has changed, and never served stale. Only aggregates: no personal data.
    """

    key = models.CharField(max_length=64, primary_key=True)
    kind = models.CharField(max_length=20)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, related_name="+"
    )
    year = models.IntegerField()
    pdf = models.BinaryField()
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.kind} {self.year} {self.key[:12]}"


class FigureVersion(models.Model):
    """A counter per area (a municipality's id, 0 for the national figures) that every write
    to the figure table, and to the baselines, targets and deviations shown beside it, raises
    in the same transaction. Their sum is the version of everything the results pages show
    from those tables (results/versions.py): a page kept in a cache under it is never served
    after a change. No foreign key, so no row is ever deleted and the sum only grows."""

    area = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.area}: {self.version}"
