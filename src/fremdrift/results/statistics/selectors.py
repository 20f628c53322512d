"""Reads of the import history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fremdrift.results.models import StatisticsImport

if TYPE_CHECKING:
    pass


def recent_imports(limit: int = 20) -> list[StatisticsImport]:
    return list(StatisticsImport.objects.select_related("imported_by")[:limit])
