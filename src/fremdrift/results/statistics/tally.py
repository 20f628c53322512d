"""Rows summed into figures: which figure and part each row adds to; whole figures checked.

Memory holds sums, not rows. An (area, period) is a group with six slots, one per figure and
per whether its Ydelse is "I alt"; a slot's numerator and denominator sums sit side by side
in an array of floats and its flags (numerator groups present, denominator present,
suppressed) in a byte array, at the group's index. What a combination of category values means is
worked out once (RowKind). Rows come one at a time (count) or as columns of a batch
(count_many, NumPy over the same arrays). For the duplicate check each counted row leaves
its group and combination of categories, and its number, in two arrays of integers (16
bytes a row); once the file is read, sorting them finds the rows that came twice.
"""

from __future__ import annotations

import functools
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING

import numpy as np
from django.utils.translation import gettext as _

from fremdrift.core.months import CalendarPeriod
from fremdrift.results.statistics import cache
from fremdrift.results.statistics.cells import SUPPRESSED
from fremdrift.results.statistics.errors import ErrorList
from fremdrift.results.statistics.export import format_number
from fremdrift.results.statistics.mapping import (
    BENEFIT_COLUMN,
    BENEFITS_OURS,
    DENOMINATOR,
    FIGURE_MAPPINGS,
    MAPPING_BY_COLUMN,
    NUMERATOR,
    TOTAL,
    normalise,
)

if TYPE_CHECKING:
    pass


# A stored figure: (municipality id or None, figure, period kind, month, numerator,
# denominator).
FigureRow = tuple[int | None, str, str, int, float, float]

TOTALS = ("", normalise(TOTAL))
OURS = frozenset(normalise(b) for b in BENEFITS_OURS)
SLOTS = 2 * len(FIGURE_MAPPINGS)  # per group: figure x (Ydelse is "I alt" or not)
# A slot's flags: bits 0-4 the numerator's groups present, then these.
DENOMINATOR_PRESENT = 1 << 5
SUPPRESSED_PART = 1 << 6
# The first rows' keys: group * COMBINATIONS + the combination of categories.
COMBINATIONS = 1 << 16
NO_SUMS = array("d", [0.0] * 2 * SLOTS)
NO_FLAGS = bytes(SLOTS)


# A row adds to at most one part of each figure.
PARTS = len(FIGURE_MAPPINGS)
SKIP_CODES = ("other_category", "breakdown", "share_total", "other_benefit")


@dataclass(frozen=True, slots=True)
class RowKind:
    """What a row's category values make of it, the same for every row that has them."""

    benefit_total: bool  # Ydelse absent, empty or "I alt"
    skip: str | None  # why the row is skipped, or None when it counts
    # (slot, flag, sum): the sum is the slot's numerator (slot * 2) or denominator (+ 1).
    parts: tuple[tuple[int, int, int], ...] = ()
    combination: int = 0  # the categories, spellings made one, for the duplicate check


class Tally:
    """The sums per (area, figure, period) and part, rather than the rows."""

    def __init__(self, errors: ErrorList, areas: list[tuple[int | None, str]]) -> None:
        """`areas` are (municipality id or None, name) by area index; 0 is the country
        (None, NATIONAL)."""
        self.errors = errors
        self.areas = areas
        self.area_count = len(areas)
        self.share = False  # set when the header shows a share column
        self.columns: tuple[str, ...] = ()  # the breakdown columns, as RowKind reads them
        self.kinds: dict[tuple[str, ...], RowKind] = {}
        self.kind_ids: dict[RowKind, int] = {}
        self.tables: KindTables | None = None
        self.combinations: dict[tuple[tuple[str, str], ...], int] = {}
        self.periods: list[CalendarPeriod] = []
        self.period_index: dict[CalendarPeriod, int] = {}
        # The groups: (period index * areas + area index) -> group index.
        self.groups: dict[int, int] = {}
        self.group_keys = array("q")
        self.sums = array("d")  # per slot: numerator, denominator
        self.flags = bytearray()
        # Per counted row: its group and combination of categories, and its number.
        self.counted_keys = array("q")
        self.counted_rows = array("q")
        self.skipped: Counter = Counter()
        # Rows used or suppressed, by whether their Ydelse is "I alt" (decided in figures).
        self.used = [0, 0]
        self.suppressed = [0, 0]
        self.benefit_named = False
        self.use_total = True
        self.values = 0
        self.stored = array("q")  # the slots of the figures to store, in order

    # -- what a row is -------------------------------------------------------------------------

    def period(self, period: CalendarPeriod) -> int:
        """The period's index: spellings of one period ('2024M01', '2024m01 ') are one."""
        index = self.period_index.get(period)
        if index is None:
            index = self.period_index[period] = len(self.periods)
            self.periods.append(period)
        return index

    def kind(self, values: tuple[str, ...]) -> RowKind:
        """The meaning of the breakdown columns' normalised values, in `columns` order."""
        found = self.kinds.get(values)
        if found is None:
            found = self._kind(dict(zip(self.columns, values, strict=True)))
            if len(self.kinds) < cache.LIMIT:
                self.kinds[values] = found
        return found

    def kind_id(self, kind: RowKind) -> int:
        """The kind's index in the tables count_many reads (KindTables)."""
        found = self.kind_ids.get(kind)
        if found is None:
            found = self.kind_ids[kind] = len(self.kind_ids)
            self.tables = None  # built again, with this kind, when next needed
        return found

    def _kind(self, categories: dict[str, str]) -> RowKind:
        benefit = categories.get(BENEFIT_COLUMN)
        benefit_total = benefit is None or benefit in TOTALS
        if not benefit_total and benefit not in OURS:
            return RowKind(False, "other_benefit")
        contributions, reason = self._contributions(categories)
        if not contributions:
            return RowKind(benefit_total, reason)
        canonical = tuple(sorted(self._canonical(categories).items()))
        combination = self.combinations.setdefault(canonical, len(self.combinations))
        assert combination < COMBINATIONS  # the counted combinations are few: see _kind
        parts = []
        for figure, part, group in contributions:
            slot = figure * 2 + benefit_total
            if part == NUMERATOR:
                parts.append((slot, 1 << group, slot * 2))
            else:
                parts.append((slot, DENOMINATOR_PRESENT, slot * 2 + 1))
        return RowKind(benefit_total, None, tuple(parts), combination)

    def _contributions(self, categories: dict[str, str]) -> tuple[list[tuple[int, str, int]], str]:
        """The (figure index, part, group) a row adds to, and why it adds to none."""
        contributions: list[tuple[int, str, int]] = []
        reason = "other_category"
        for figure, mapping in enumerate(FIGURE_MAPPINGS):
            if mapping.column not in categories:
                continue
            part = mapping.part(categories[mapping.column])
            if part is None:
                continue
            if self.share and part[0] == DENOMINATOR:
                reason = "share_total" if reason == "other_category" else reason
                continue
            others = [k for k in categories if k not in (mapping.column, BENEFIT_COLUMN)]
            if any(categories[k] not in TOTALS for k in others):
                reason = "breakdown"
                continue
            contributions.append((figure, *part))
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

    # -- counting ------------------------------------------------------------------------------

    def count(self, number: int, area: int, period: int, kind: RowKind, value: object) -> None:
        """One row with its area index, period index, kind and value (a float or SUPPRESSED)."""
        if not kind.benefit_total:
            self.benefit_named = True
        if kind.skip is not None:
            self.skipped[kind.skip] += 1
            return
        key = period * self.area_count + area
        group = self.groups.get(key)
        if group is None:
            group = self._group(key)
        # Checked for duplicates once the whole file is read (duplicates()).
        self.counted_keys.append(group * COMBINATIONS + kind.combination)
        self.counted_rows.append(number)
        base = group * SLOTS
        flags = self.flags
        if value is SUPPRESSED:
            for slot, flag, _sum in kind.parts:
                flags[base + slot] |= flag | SUPPRESSED_PART
            self.suppressed[kind.benefit_total] += 1
            return
        sums = self.sums
        for slot, flag, at in kind.parts:
            flags[base + slot] |= flag
            sums[base * 2 + at] += value  # type: ignore[operator]
        self.used[kind.benefit_total] += 1

    def count_many(
        self,
        numbers: np.ndarray,
        areas: np.ndarray,
        periods: np.ndarray,
        kinds: np.ndarray,
        values: np.ndarray,
    ) -> None:
        """Rows as columns: what `count` does row by row, for many rows at once. `kinds` are
        kind_id()s, `values` floats with NaN for a suppressed value. The sums are added in
        row order, as row by row (np.add.at is unbuffered), so they are the same floats."""
        if self.tables is None:
            self.tables = KindTables(list(self.kind_ids))
        tables = self.tables
        benefit_total = tables.benefit_total[kinds]
        if not self.benefit_named and not benefit_total.all():
            self.benefit_named = True
        skip = tables.skip[kinds]
        skipped = skip >= 0
        if skipped.any():
            for reason, rows in zip(
                SKIP_CODES,
                np.bincount(skip[skipped], minlength=len(SKIP_CODES)).tolist(),
                strict=True,
            ):
                if rows:
                    self.skipped[reason] += rows
        counted = ~skipped
        if not counted.any():
            return
        kinds, values, benefit_total = kinds[counted], values[counted], benefit_total[counted]
        unique, inverse = np.unique(
            periods[counted] * self.area_count + areas[counted], return_inverse=True
        )
        groups = np.fromiter(map(self.group_of, unique.tolist()), np.int64, len(unique))
        group = groups[inverse]
        self.counted_keys.frombytes((group * COMBINATIONS + tables.combination[kinds]).tobytes())
        self.counted_rows.frombytes(numbers[counted].astype(np.int64).tobytes())
        suppressed = np.isnan(values)
        marked = np.where(suppressed, SUPPRESSED_PART, 0).astype(np.uint8)
        live = ~suppressed
        # Views of the tally's arrays, let go before a group is added again.
        sums = np.frombuffer(self.sums, dtype=np.float64)
        flags = np.frombuffer(self.flags, dtype=np.uint8)
        for part in range(PARTS):
            slot = tables.slot[kinds, part]
            has = slot >= 0
            np.bitwise_or.at(
                flags, (group * SLOTS + slot)[has], (tables.flag[kinds, part] | marked)[has]
            )
            adds = has & live
            np.add.at(
                sums, (group * SLOTS + slot)[adds] * 2 + tables.at[kinds, part][adds], values[adds]
            )
        del sums, flags
        total = int(np.count_nonzero(benefit_total & live))
        self.used[True] += total
        self.used[False] += int(np.count_nonzero(live)) - total
        total = int(np.count_nonzero(benefit_total & suppressed))
        self.suppressed[True] += total
        self.suppressed[False] += int(np.count_nonzero(suppressed)) - total

    def _group(self, key: int) -> int:
        group = self.groups[key] = len(self.group_keys)
        self.group_keys.append(key)
        self.sums.extend(NO_SUMS)
        self.flags.extend(NO_FLAGS)
        return group

    def group_of(self, key: int) -> int:
        group = self.groups.get(key)
        return self._group(key) if group is None else group

    def duplicates(self) -> None:
        """An error for each counted row with the area, period and categories of an earlier
        one, in row order, naming the first; found by sorting the counted rows' keys."""
        keys = np.frombuffer(self.counted_keys, dtype=np.int64)
        ordered = np.sort(keys)
        if not (ordered[1:] == ordered[:-1]).any():
            return  # the usual case, in the room of one sorted copy of the keys
        order = np.argsort(keys, kind="stable")  # rows were counted in file order
        ordered = keys[order]
        again = np.flatnonzero(ordered[1:] == ordered[:-1]) + 1
        rows = np.frombuffer(self.counted_rows, dtype=np.int64)[order]
        # The first row of each run of equal keys, for every position in it.
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        first = rows[starts][np.searchsorted(starts, again, side="right") - 1]
        for row, earlier in sorted(zip(rows[again].tolist(), first.tolist(), strict=True)):
            self.errors.add_lazily(functools.partial(_duplicate, row, earlier))

    # -- the figures ---------------------------------------------------------------------------

    def figures(self) -> tuple[int, int, int]:
        """Check every figure: (how many are stored, how many were left out as suppressed,
        the rows used); errors go to the error list, and the slots of the figures to store
        to `stored`, in the order they are stored."""
        # "Ydelse = I alt" is the whole table's population when no benefit is named; once one
        # is, "I alt" also counts other benefits, and the named benefits of ours are summed.
        # What only reading needed (the groups' index, the duplicate check) goes first: the
        # ordering below and the writing that follows need room of their own.
        self.groups, self.counted_keys, self.counted_rows = {}, array("q"), array("q")
        self.kinds = {}
        self.use_total = use_total = not self.benefit_named
        self.skipped["other_benefit"] += self.used[not use_total] + self.suppressed[not use_total]
        self.skipped["suppressed"] += self.suppressed[use_total]
        values_suppressed = 0
        self.stored = array("q")
        for area, figure, group, slot in self._slots():
            if self.flags[slot] & SUPPRESSED_PART:
                values_suppressed += 1
            elif self._check(area, figure, group, slot):
                self.stored.append(slot)
        self.values = len(self.stored)
        return self.values, values_suppressed, self.used[use_total]

    def rows(self) -> Iterator[FigureRow]:
        """The checked figures, by area (the country first, then by name), figure, period."""
        sums, periods, areas, count = self.sums, self.periods, self.areas, self.area_count
        names = [mapping.figure for mapping in FIGURE_MAPPINGS]
        for slot in self.stored:
            group, offset = divmod(slot, SLOTS)
            period, area = divmod(self.group_keys[group], count)
            yield (
                areas[area][0],
                names[offset // 2],
                periods[period].kind,
                periods[period].month,
                sums[slot * 2],
                100.0 if self.share else sums[slot * 2 + 1],
            )

    def _slots(self) -> Iterator[tuple[int, int, int, int]]:
        """(area index, figure index, group, slot) of every figure of the class in use, by
        area (the country first, then by name), figure and period."""
        by_area: list[list[int]] = [[] for _ in range(self.area_count)]
        for group, key in enumerate(self.group_keys):
            by_area[key % self.area_count].append(group)
        ranks = sorted(range(len(self.periods)), key=lambda i: astuple(self.periods[i]))
        rank = {index: position for position, index in enumerate(ranks)}
        names = sorted(range(self.area_count), key=lambda a: (a != 0, self.areas[a][1]))
        figures = sorted(range(len(FIGURE_MAPPINGS)), key=lambda f: FIGURE_MAPPINGS[f].figure)
        for area in names:
            groups = by_area[area]
            groups.sort(key=lambda g: rank[self.group_keys[g] // self.area_count])
            for figure in figures:
                offset = figure * 2 + self.use_total
                for group in groups:
                    slot = group * SLOTS + offset
                    if self.flags[slot]:
                        yield area, figure, group, slot

    def _check(self, area: int, figure: int, group: int, slot: int) -> bool:
        """Whether the figure is whole and its numerator within its denominator; else an
        error names the area, the period and what is wrong."""
        mapping = FIGURE_MAPPINGS[figure]
        flags = self.flags[slot]
        missing = [
            _("tælleren (%(column)s = %(value)s)") % {"column": mapping.column, "value": names[0]}
            for index, names in enumerate(mapping.numerator)
            if not flags & (1 << index)
        ]
        if not flags & DENOMINATOR_PRESENT and not self.share:
            missing.append(
                _("nævneren (%(column)s = %(value)s)") % {"column": mapping.column, "value": TOTAL}
            )
        if missing:
            joined = " {} ".format(_("og")).join(missing)
            self.errors.add(
                _("%(where)s: %(figure)s mangler %(missing)s.")
                % {"where": self._where(area, group), "figure": mapping.figure, "missing": joined}
            )
            return False
        numerator = self.sums[slot * 2]
        bottom = 100.0 if self.share else self.sums[slot * 2 + 1]
        if numerator > bottom:
            self.errors.add(
                _(
                    "%(where)s: %(figure)s har en tæller (%(n)s), der er større end "
                    "nævneren (%(d)s)."
                )
                % {
                    "where": self._where(area, group),
                    "figure": mapping.figure,
                    "n": format_number(numerator),
                    "d": format_number(bottom),
                }
            )
            return False
        return True

    def _where(self, area: int, group: int) -> str:
        period = self.periods[self.group_keys[group] // self.area_count]
        return f"{self.areas[area][1]}, {period.code}"


def _duplicate(row: int, first: int) -> str:
    return _("Række %(row)s: samme område, periode og kategorier som række %(first)s.") % {
        "row": row,
        "first": first,
    }


class KindTables:
    """The kinds as NumPy columns, indexed by kind id, for count_many."""

    def __init__(self, kinds: list[RowKind]) -> None:
        self.benefit_total = np.array([kind.benefit_total for kind in kinds], dtype=bool)
        self.skip = np.array(
            [-1 if kind.skip is None else SKIP_CODES.index(kind.skip) for kind in kinds],
            dtype=np.int64,
        )
        self.combination = np.array([kind.combination for kind in kinds], dtype=np.int64)
        # Per kind and part: the slot (-1: none), its flag, and 0 for the numerator's sum or 1
        # for the denominator's.
        self.slot = np.full((len(kinds), PARTS), -1, dtype=np.int64)
        self.flag = np.zeros((len(kinds), PARTS), dtype=np.uint8)
        self.at = np.zeros((len(kinds), PARTS), dtype=np.int64)
        for index, kind in enumerate(kinds):
            for part, (slot, flag, at) in enumerate(kind.parts):
                self.slot[index, part] = slot
                self.flag[index, part] = flag
                self.at[index, part] = at - slot * 2
