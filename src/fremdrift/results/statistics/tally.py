"""Rows summed into figures: which figure and part each row adds to; whole figures checked."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from fremdrift.core.months import CalendarPeriod
from fremdrift.results.statistics.cells import SUPPRESSED
from fremdrift.results.statistics.errors import ErrorList
from fremdrift.results.statistics.export import format_number
from fremdrift.results.statistics.mapping import (
    BENEFIT_COLUMN,
    BENEFITS_OURS,
    DENOMINATOR,
    FIGURE_MAPPINGS,
    MAPPING_BY_COLUMN,
    NATIONAL,
    NUMERATOR,
    TOTAL,
    normalise,
)

if TYPE_CHECKING:
    pass


# (municipality id or None, figure, period kind, month) -> (numerator, denominator)
Values = dict[tuple[int | None, str, str, int], tuple[float, float]]


@dataclass
class Part:
    total: float = 0.0
    groups: set[int] = field(default_factory=set)
    suppressed: bool = False


class Tally:
    """The sums per (area, figure, period) and part, rather than the rows."""

    def __init__(self, errors: ErrorList, names: dict[int, str]) -> None:
        self.errors = errors
        self.names = names
        self.share = False  # set when the header shows a share column
        # (area, figure, kind, month, benefit total?) -> part -> sums
        self.parts: dict[tuple[int | None, str, str, int, bool], dict[str, Part]] = {}
        self.first_row: dict[tuple, int] = {}
        self.skipped: Counter = Counter()
        # Rows used or suppressed, by whether their Ydelse is "I alt" (decided in figures).
        self.used_by_class: Counter = Counter()
        self.suppressed_by_class: Counter = Counter()
        self.benefit_named = False

    def count(
        self,
        number: int,
        area: int | None,
        period: CalendarPeriod,
        categories: dict[str, str],
        value: float | object,
    ) -> None:
        benefit = categories.get(BENEFIT_COLUMN)
        benefit_total = benefit is None or benefit in ("", normalise(TOTAL))
        if not benefit_total:
            self.benefit_named = True
            if benefit not in {normalise(b) for b in BENEFITS_OURS}:
                self.skipped["other_benefit"] += 1
                return
        contributions, reason = self._contributions(categories)
        if not contributions:
            self.skipped[reason] += 1
            return
        duplicate_key = (area, period, tuple(sorted(self._canonical(categories).items())))
        first = self.first_row.setdefault(duplicate_key, number)
        if first != number:
            self.errors.add(
                _("Række %(row)s: samme område, periode og kategorier som række %(first)s.")
                % {"row": number, "first": first}
            )
            return
        for figure, part, group in contributions:
            key = (area, figure, period.kind, period.month, benefit_total)
            sums = self.parts.setdefault(key, {}).setdefault(part, Part())
            sums.groups.add(group)
            if value is SUPPRESSED:
                sums.suppressed = True
            else:
                sums.total += value  # type: ignore[operator]
        if value is SUPPRESSED:
            self.suppressed_by_class[benefit_total] += 1
        else:
            self.used_by_class[benefit_total] += 1

    def _contributions(self, categories: dict[str, str]) -> tuple[list[tuple[str, str, int]], str]:
        """The (figure, part, group) a row adds to, and why it adds to none when it does not."""
        contributions: list[tuple[str, str, int]] = []
        reason = "other_category"
        for mapping in FIGURE_MAPPINGS:
            if mapping.column not in categories:
                continue
            part = mapping.part(categories[mapping.column])
            if part is None:
                continue
            if self.share and part[0] == DENOMINATOR:
                reason = "share_total" if reason == "other_category" else reason
                continue
            others = [k for k in categories if k not in (mapping.column, BENEFIT_COLUMN)]
            if any(categories[k] not in ("", normalise(TOTAL)) for k in others):
                reason = "breakdown"
                continue
            contributions.append((mapping.figure, *part))
        return contributions, reason

    def _canonical(self, categories: dict[str, str]) -> dict[str, str]:
        """Spellings of one category ("Jobparat", "Jobparate") count as the same row."""
        canonical = dict(categories)
        for key, value in categories.items():
            mapping = MAPPING_BY_COLUMN.get(normalise(key))
            if mapping:
                for group in mapping.numerator:
                    if value in {normalise(name) for name in group}:
                        canonical[key] = normalise(group[0])
        return canonical

    def figures(self) -> tuple[Values, int, int]:
        """(the figures, how many were left out as suppressed, the rows used)."""
        # "Ydelse = I alt" is the whole table's population when no benefit is named; once one
        # is, "I alt" also counts other benefits, and the named benefits of ours are summed.
        use_total = not self.benefit_named
        self.skipped["other_benefit"] += (
            self.used_by_class[not use_total] + self.suppressed_by_class[not use_total]
        )
        self.skipped["suppressed"] += self.suppressed_by_class[use_total]
        values: Values = {}
        values_suppressed = 0
        for key, parts in sorted(self.parts.items(), key=lambda item: self._order(item[0])):
            area, figure, kind, month, total = key
            if total != use_total:
                continue
            if any(p.suppressed for p in parts.values()):
                values_suppressed += 1
                continue
            value = self._figure(area, figure, CalendarPeriod(kind, month), parts)
            if value is not None:
                values[(area, figure, kind, month)] = value
        return values, values_suppressed, self.used_by_class[use_total]

    def _figure(
        self, area: int | None, figure: str, period: CalendarPeriod, parts: dict[str, Part]
    ) -> tuple[float, float] | None:
        """(numerator, denominator) of one figure, or None after adding an error."""
        mapping = next(m for m in FIGURE_MAPPINGS if m.figure == figure)
        where = self._where(area, period)
        numerator = parts.get(NUMERATOR)
        denominator = parts.get(DENOMINATOR)
        missing = [
            _("tælleren (%(column)s = %(value)s)") % {"column": mapping.column, "value": names[0]}
            for group, names in enumerate(mapping.numerator)
            if numerator is None or group not in numerator.groups
        ]
        if denominator is None and not self.share:
            missing.append(
                _("nævneren (%(column)s = %(value)s)") % {"column": mapping.column, "value": TOTAL}
            )
        if missing:
            joined = " {} ".format(_("og")).join(missing)
            self.errors.add(
                _("%(where)s: %(figure)s mangler %(missing)s.")
                % {"where": where, "figure": figure, "missing": joined}
            )
            return None
        assert numerator is not None
        bottom = 100.0 if self.share else denominator.total  # type: ignore[union-attr]
        if numerator.total > bottom:
            self.errors.add(
                _(
                    "%(where)s: %(figure)s har en tæller (%(n)s), der er større end "
                    "nævneren (%(d)s)."
                )
                % {
                    "where": where,
                    "figure": figure,
                    "n": format_number(numerator.total),
                    "d": format_number(bottom),
                }
            )
            return None
        return (numerator.total, bottom)

    def _order(self, key: tuple[int | None, str, str, int, bool]) -> tuple:
        area, figure, kind, month, _total = key
        return (area is not None, self.names.get(area, ""), figure, kind, month)

    def _where(self, area: int | None, period: CalendarPeriod) -> str:
        return f"{self.names[area] if area is not None else NATIONAL}, {period.code}"
