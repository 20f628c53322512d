"""What a cell's raw text means, worked out once per distinct text.

A Jobindsats table of a million rows holds a few hundred distinct areas, periods and category
values and some tens of thousands of distinct numbers: reading each text once and looking it
up afterwards is what makes the import fast. Each cache belongs to one column of one file
(one Reader), so a text means what it means in its own column: "Ordinær uddannelse" is M1's
numerator under Status and a skipped category under Indsats, "120" is a count in one file
and an error in a share table.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

# Entries per cache. Areas, periods and categories stay far below it; numbers may not, and
# past it a number is worked out each time instead, so memory stays bounded.
LIMIT = 1 << 16


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


# A text that is not valid in its column: the row then goes the slow way, which words the
# error with its row and column.
INVALID: Any = _Marker("INVALID")


class Cache(dict[Hashable, T]):
    """`resolve(key)` per distinct key, up to LIMIT keys: `cache[key]`.

    A dict whose __missing__ works the value out, so a hit is one dict lookup in C, which
    is what a million rows need. Keys are a CSV cell's text or a tuple of such texts. For
    any other cell value, use `lookup`.
    """

    def __init__(self, resolve: Callable[[Any], T]) -> None:
        super().__init__()
        self.resolve = resolve
        self.limit = LIMIT

    def __missing__(self, key: Hashable) -> T:
        found = self.resolve(key)
        if len(self) < self.limit:
            self[key] = found
        return found

    def lookup(self, raw: Any) -> T:
        """Any cell's value: text and None (an absent cell) through the cache, anything else
        (an XLSX cell's number or date) worked out each time, because 1, 1.0 and True are
        equal as dict keys but not as cells."""
        if raw is None or raw.__class__ is str:
            return self[raw]
        return self.resolve(raw)
