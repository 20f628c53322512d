"""Reading the files: rows as records, the header checked, each cell parsed; the result."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fremdrift.caseimport.formats import MAX_TEXT, show
from fremdrift.core import tabular
from fremdrift.core.tabular import ErrorCollector
from fremdrift.core.texts import direction_control_error

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DANISH_DATE = re.compile(r"^\d{2}-\d{2}-\d{4}$")


# --- Result and errors ---------------------------------------------------------------------


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    citizens: Counts = field(default_factory=Counts)
    periods: Counts = field(default_factory=Counts)
    errors: list[str] = field(default_factory=list)  # the first MAX_LISTED_ERRORS
    error_count: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def more_errors(self) -> int:
        return self.error_count - len(self.errors)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportResult:
        """Back from `dataclasses.asdict`, as a queued import stores its result."""
        return cls(
            citizens=Counts(**data["citizens"]),
            periods=Counts(**data["periods"]),
            errors=list(data["errors"]),
            error_count=data["error_count"],
            dry_run=data["dry_run"],
        )

    def error_lines(self) -> list[str]:
        """The listed errors, and a last line counting the rest."""
        tail = (
            [_("og %(count)s fejl mere") % {"count": self.more_errors}] if self.more_errors else []
        )
        return [*self.errors, *tail]


# --- Reading -------------------------------------------------------------------------------


def records(
    errors: ErrorCollector, file: str, stream: IO[Any], columns: Sequence[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column: stripped value}) for each non-blank row; the header is row 1.

    Rows are records as a spreadsheet shows them, so a quoted value with a line break in it
    does not shift the numbers.
    """
    rows = tabular.csv_rows(stream)
    try:
        first = next(rows, None)
        header = first[1] if first else None
        index = _header(errors, file, header, columns)
        if index is None:
            return
        for row_no, row in rows:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header or ()):
                errors.add_at(
                    file,
                    ngettext(
                        "Rækken har %(found)s felt, men overskriften har %(expected)s.",
                        "Rækken har %(found)s felter, men overskriften har %(expected)s.",
                        len(row),
                    )
                    % {"found": len(row), "expected": len(header or ())},
                    row_no,
                )
                continue
            yield row_no, {name: row[i].strip() for name, i in index.items()}
    except tabular.NotDecodable as error:
        errors.add_at(
            file,
            _("Filen er ikke gemt som UTF-8. Gem den som 'CSV UTF-8' og prøv igen."),
            error.row,
        )
    except tabular.NotCsv as error:
        errors.add_at(
            file,
            _("Rækken kan ikke læses som CSV (%(error)s).") % {"error": error.reason},
            error.row,
        )


def _header(
    errors: ErrorCollector, file: str, header: list[str] | None, columns: Sequence[str]
) -> dict[str, int] | None:
    if not header or not any(cell.strip() for cell in header):
        errors.add_at(file, _("Filen er tom. Første række skal være overskriften."))
        return None
    names = [cell.strip().lower() for cell in header]
    if len(names) == 1 and "," in names[0]:
        errors.add_at(file, _("Felterne skal være adskilt af semikolon (;), ikke komma."), 1)
        return None
    problems = []
    missing = [c for c in columns if c not in names]
    unknown = [n for n in names if n not in columns]
    twice = sorted({n for n in names if names.count(n) > 1})
    if missing:
        problems.append(_("Kolonnen mangler: %(names)s.") % {"names": ", ".join(missing)})
    if unknown:
        problems.append(
            _("Ukendt kolonne: %(names)s.") % {"names": ", ".join(show(n) for n in unknown)}
        )
    if twice:
        problems.append(_("Kolonnen står to gange: %(names)s.") % {"names": ", ".join(twice)})
    if problems:
        expected = _("Overskriften skal være: %(columns)s") % {"columns": ";".join(columns)}
        errors.add_at(file, " ".join([*problems, expected]), 1)
        return None
    return {name: names.index(name) for name in columns}


class Row:
    """One row's cells, parsed column by column; each problem is an error naming the cell."""

    def __init__(self, errors: ErrorCollector, file: str, row: int, cells: dict[str, str]) -> None:
        self.errors, self.file, self.row, self.cells = errors, file, row, cells
        self.ok = True

    def fail(self, column: str, message: str) -> None:
        self.ok = False
        self.errors.add_at(self.file, message, self.row, column)

    def text(self, column: str, *, required: bool = False, max_length: int = MAX_TEXT) -> str:
        value = self.cells[column]
        if required and not value:
            self.fail(column, _("Skal udfyldes."))
        elif len(value) > max_length:
            self.fail(column, _("Højst %(max)s tegn.") % {"max": max_length})
        elif problem := direction_control_error(value):
            self.fail(column, problem)
        return value

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        value = self.cells[column]
        if not value:
            if required:
                self.fail(column, _("Skal udfyldes (ÅÅÅÅ-MM-DD)."))
            return None
        try:
            if _ISO_DATE.match(value):
                return dt.date.fromisoformat(value)
            if _DANISH_DATE.match(value):
                return dt.datetime.strptime(value, "%d-%m-%Y").date()
        except ValueError:
            pass
        self.fail(
            column,
            _("%(value)s er ikke en dato. Skriv ÅÅÅÅ-MM-DD, fx 2024-03-01.")
            % {"value": show(value)},
        )
        return None

    def choice(self, column: str, allowed: Sequence[str], *, default: str | None = None) -> str:
        value = self.cells[column]
        if not value and default is not None:
            return default
        if not value:
            self.fail(
                column,
                _("Skal udfyldes. Tilladte værdier: %(allowed)s.")
                % {"allowed": ", ".join(allowed)},
            )
        elif value not in allowed:
            self.fail(
                column,
                _("'%(value)s' er ikke en af de tilladte værdier: %(allowed)s.")
                % {"value": show(value), "allowed": ", ".join(allowed)},
            )
        return value

    def decimal(self, column: str) -> Decimal | None:
        value = self.cells[column].replace(",", ".")
        if not value:
            return None
        try:
            number = Decimal(value)
            rounded = number.quantize(Decimal("0.1")) if number.is_finite() else None
        except InvalidOperation:
            rounded = None
        if rounded is None:
            self.fail(column, _("%(value)s er ikke et tal.") % {"value": show(self.cells[column])})
            return None
        if rounded != number:
            self.fail(column, _("Højst én decimal, fx 37,5."))
            return None
        return rounded
