"""How long a municipality keeps a closed case's personal data, and the retention runs.

A citizen's personal data are erased (anonymised, retention/erasure_services.py) a number of
years after the case ended: the last period's end, the last conversation or the takeover,
whichever is latest. The number of years is the municipality's own rule; docs/operations.md
says what the default of five years is based on.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import Municipality
from fremdrift.core import clock
from fremdrift.core.versioning import Versioned

DEFAULT_YEARS = 5
# Bounds against a slip of the finger: one year is shorter than any record-keeping rule
# for case records we know of, and 30 is longer than any.
MIN_YEARS, MAX_YEARS = 1, 30


class RetentionRule(Versioned):
    """A municipality's retention rule; a municipality without a row has the default (and
    version 0 on the rule page: the first save creates the row)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="retention_rule"
    )
    years = models.PositiveSmallIntegerField(
        _("slet personoplysninger (år efter sagens afslutning)"),
        default=DEFAULT_YEARS,
        validators=[MinValueValidator(MIN_YEARS), MaxValueValidator(MAX_YEARS)],
    )
    updated_at = models.DateTimeField(default=clock.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("regel for sletning")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.years}"


class RetentionRun(models.Model):
    """One day's retention run: the worker runs it once a day, and this row says it has."""

    ran_on = models.DateField(unique=True)
    finished_at = models.DateTimeField(default=clock.now)
    # Counts per municipality id (as a string: JSON keys); never names or ids of citizens.
    erased = models.JSONField(default=dict)

    class Meta:
        ordering = ["-ran_on"]

    def __str__(self) -> str:
        return f"{self.ran_on}: {sum(self.erased.values())}"
