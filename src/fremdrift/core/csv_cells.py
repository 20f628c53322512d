"""CSV files that are safe to open in a spreadsheet.

A cell that begins with "=", "+", "-" or "@" is a formula to Excel and LibreOffice, and a tab
or carriage return at the start can hide one. An audit log's purpose is typed by a user, so
`=HYPERLINK("http://...")` would run on the machine of whoever opens the export. Such text
is written with a leading apostrophe, the spreadsheets' own "this is text" sign, and read
back by a person it is plain. Numbers are left as numbers: a negative count is not a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """The value as a cell no spreadsheet runs: text that could start a formula gets "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """`csv.writer` whose every text cell goes through `spreadsheet_safe`."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([spreadsheet_safe(value) for value in row])


class SafeDictWriter:
    """`csv.DictWriter` whose every text cell goes through `spreadsheet_safe`."""

    def __init__(self, out: IO[str], fieldnames: list[str], **options: Any) -> None:
        self._writer = csv.DictWriter(out, fieldnames=fieldnames, **options)

    def writeheader(self) -> None:
        self._writer.writeheader()

    def writerow(self, row: Mapping[str, Any]) -> None:
        self._writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
