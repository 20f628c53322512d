"""Aggregates that may leave a municipality: counts only, small counts suppressed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from fremdrift.accounts.models import Municipality
from fremdrift.citizens.models import Citizen
from fremdrift.core.numbers import fmt_number

# Counts below this are shown as "<5" outside the municipality, so nobody can be singled out.
SMALL_COUNT_LIMIT = 5


@dataclass(frozen=True)
class MunicipalityCount:
    municipality: Municipality
    count: int | None  # None: suppressed

    @property
    def display(self) -> str:
        return f"<{SMALL_COUNT_LIMIT}" if self.count is None else fmt_number(self.count, 0)


def suppress(count: int) -> int | None:
    return None if 0 < count < SMALL_COUNT_LIMIT else count


def citizens_per_municipality(
    municipalities: QuerySet[Municipality],
) -> list[MunicipalityCount]:
    # Citizen rows are read only as a GROUP BY count here: no person leaves this function.
    counts = dict(
        Citizen.objects.filter(municipality__in=municipalities)
        .values_list("municipality_id")
        .annotate(n=Count("id"))
        .values_list("municipality_id", "n")
    )
    return [MunicipalityCount(m, suppress(counts.get(m.pk, 0))) for m in municipalities]
