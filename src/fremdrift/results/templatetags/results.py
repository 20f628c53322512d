"""Small filters for the results templates: months, percentages, dictionary lookups."""

from __future__ import annotations

from django import template

from fremdrift.core.months import month_code, month_label
from fremdrift.core.numbers import fmt_number, fmt_percent
from fremdrift.results import selectors

register = template.Library()


@register.filter(name="month_code")
def month_code_filter(month: int) -> str:
    return month_code(month)


@register.filter
def month_name(month: int | None) -> str:
    return "" if month is None else month_label(month)


@register.filter
def year_of(month: int) -> int:
    return month // 12


@register.filter
def percent(value: float | None) -> str:
    return "–" if value is None else fmt_percent(value)


@register.filter
def number(value: float | None, decimals: int = 1) -> str:
    return "–" if value is None else fmt_number(value, decimals)


@register.filter
def signed(value: float | None) -> str:
    """A change with its sign, as on the dashboard: +15,9 / −0,6 / ±0,0."""
    return "–" if value is None else selectors.signed(value)


@register.filter
def get(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None


@register.filter
def get_total(cells: dict | None) -> object:
    return cells.get(("", "")) if cells else None
