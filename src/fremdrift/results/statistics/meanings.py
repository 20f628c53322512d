"""What a cell's text means in its column, worked out once per distinct text (cache.py)."""

from __future__ import annotations

from typing import Any

from fremdrift.core.months import parse_period
from fremdrift.results.statistics.cache import INVALID, Cache
from fremdrift.results.statistics.cells import CellError, Column, cell_text, parse_number
from fremdrift.results.statistics.mapping import (
    BENEFIT_COLUMN,
    BENEFITS_OTHER,
    BENEFITS_OURS,
    MAPPING_BY_COLUMN,
    PLAIN_BREAKDOWNS,
    TOTAL,
    normalise,
)
from fremdrift.results.statistics.tally import RowKind, Tally


def period(tally: Tally, raw: Any) -> int:
    """The period's index in the tally, or INVALID."""
    try:
        return tally.period(parse_period(cell_text(raw)))
    except ValueError:
        return INVALID


def number(share: bool, raw: Any) -> float | object:
    """The number, SUPPRESSED, or INVALID."""
    try:
        return parse_number(raw, share=share)
    except CellError:
        return INVALID


def category(column: Column, raw: Any) -> str:
    """The value normalised, or INVALID when the column does not know it."""
    value = normalise(cell_text(raw))
    if value and column.key not in PLAIN_BREAKDOWNS:
        if value not in {normalise(a) for a in allowed(column)}:
            return INVALID
    return value


def kind(categories: list[Cache[str]], tally: Tally, texts: tuple[str, ...]) -> RowKind:
    """What a CSV row's breakdown texts make of it, or INVALID."""
    values = tuple(cache[raw] for cache, raw in zip(categories, texts, strict=True))
    return INVALID if INVALID in values else tally.kind(values)


def allowed(column: Column) -> list[str]:
    if column.key == BENEFIT_COLUMN:
        return [*BENEFITS_OURS, TOTAL, *BENEFITS_OTHER]
    return MAPPING_BY_COLUMN[normalise(column.key)].allowed()
