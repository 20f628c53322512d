"""The facilitator's overview: citizens per project municipality, counts only."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from fremdrift.accounts.models import Municipality
from fremdrift.citizens.models import Citizen
from fremdrift.core.aggregates import SMALL_COUNT_LIMIT, suppress
from fremdrift.core.numbers import fmt_number


@dataclass(frozen=True)
class MunicipalityCount:
    municipality: Municipality
    count: int | None  # None: suppressed

    @property
    def display(self) -> str:
        return f"<{SMALL_COUNT_LIMIT}" if self.count is None else fmt_number(self.count, 0)


def unscoped_citizen_counts(municipalities: QuerySet[Municipality]) -> list[MunicipalityCount]:
    """Across municipalities, so named unscoped: citizen rows are read only as a GROUP BY
    count, small counts suppressed; no person leaves this function."""
    counts = dict(
        Citizen.objects.filter(municipality__in=municipalities)
        .values_list("municipality_id")
        .annotate(n=Count("id"))
        .values_list("municipality_id", "n")
    )
    return [MunicipalityCount(m, suppress(counts.get(m.pk, 0))) for m in municipalities]
