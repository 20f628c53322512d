"""A CSV table read in batches of rows, each batch worked on as columns.

This is the fast path of reading: a batch is split into its columns (zip, in C), each
column's texts are looked up in their cache as numbers (map over the cache, in C), and the
batch is counted with NumPy (Tally.count_many). Only a batch whose every row is clean goes
this way: the header's width, nothing under a column without a header, and every text known
and valid in its column. Rows with at most one filled cell (blank lines, a note under the
table) are left out, as row by row. Any other batch is read row by row by the caller, which
words every error with its row and column, in row order.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import math
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from fremdrift.results.statistics.cache import INVALID, Cache
from fremdrift.results.statistics.cells import SUPPRESSED, CellError, parse_number
from fremdrift.results.statistics.tally import RowKind, Tally

# Rows per batch: large enough that a batch's NumPy calls cost little per row, small enough
# that the batch's rows (lists of str) stay a few megabytes.
BATCH = 8192


class Columns:
    """The reader's caches as numbers, and one batch counted at a time."""

    def __init__(
        self,
        *,
        tally: Tally,
        width: int,
        unnamed: list[int],
        indexes: tuple[int, int, int, list[int]],
        caches: tuple[Cache[int], Cache[int], Cache[RowKind]],
        share: bool,
    ) -> None:
        """`indexes`: the columns of the area, the period, the value and the breakdowns;
        `caches`: the reader's caches of areas, periods and kinds; `share`: whether the
        values are shares."""
        self.tally, self.width, self.unnamed = tally, width, unnamed
        self.area_at, self.period_at, self.value_at, self.breakdowns = indexes
        areas, periods, kinds = caches
        # Each a cache of its own over the reader's: -1 (or a negative number) for a text
        # that is not valid, NaN for a suppressed value. Partials of plain functions, so no
        # cache holds the reader (see Reader._caches).
        self.areas: Cache[int] = Cache(functools.partial(_index, areas))
        self.periods: Cache[int] = Cache(functools.partial(_index, periods))
        # Numbers straight from their text rather than through the reader's cache, which then
        # only fills for the rows read one by one: one cache of up to LIMIT numbers, not two.
        self.numbers: Cache[float] = Cache(functools.partial(_float, share))
        self.kinds: Cache[int] = Cache(functools.partial(_kind_id, kinds, tally))

    def count(self, numbers: Sequence[int], rows: list[list[str]]) -> bool:
        """Count the batch and answer True, or answer False and count nothing."""
        if set(map(len, rows)) != {self.width}:
            kept = [i for i, cells in enumerate(rows) if len(cells) == self.width]
            if any(_filled(rows[i]) > 1 for i in set(range(len(rows))) - set(kept)):
                return False
            numbers, rows = [numbers[i] for i in kept], [rows[i] for i in kept]
            if not rows:
                return True
        columns = list(zip(*rows, strict=True))
        if any(any(map(str.strip, columns[i])) for i in self.unnamed):
            return False
        size = len(rows)
        areas = _array(self.areas, columns[self.area_at], np.int64, size)
        periods = _array(self.periods, columns[self.period_at], np.int64, size)
        values = _array(self.numbers, columns[self.value_at], np.float64, size)
        texts = zip(*(columns[i] for i in self.breakdowns), strict=True)
        kinds = np.fromiter(map(self.kinds.__getitem__, texts), np.int64, size)
        if (areas < 0).any() or (periods < 0).any() or (kinds < 0).any() or (values < 0).any():
            return False
        self.tally.count_many(np.asarray(numbers, dtype=np.int64), areas, periods, kinds, values)
        return True


def _array(cache: Cache[Any], texts: Sequence[str], dtype: type, size: int) -> np.ndarray:
    return np.fromiter(map(cache.__getitem__, texts), dtype, size)


def _filled(cells: list[str]) -> int:
    return sum(1 for cell in cells if cell.strip())


def _index(cache: Cache[int], raw: str) -> int:
    found = cache[raw]
    return -1 if found is INVALID else found


def _float(share: bool, raw: str) -> float:
    try:
        found = parse_number(raw, share=share)
    except CellError:
        return -1.0  # no valid value is negative
    if found is SUPPRESSED:
        return math.nan
    assert isinstance(found, float)
    return found


def _kind_id(kinds: Cache[RowKind], tally: Tally, texts: tuple[str, ...]) -> int:
    found = kinds[texts]
    return -1 if found is INVALID else tally.kind_id(found)


@contextlib.contextmanager
def no_cyclic_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while the file is read: reading makes no cycles,
    and a batch's thousands of rows (lists) alive at once would otherwise have it scan them
    again and again, a fifth of the reading's time. Everything is freed by reference
    counting as before; the collector runs again afterwards, as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
