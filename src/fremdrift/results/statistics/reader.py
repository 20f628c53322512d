"""A Jobindsats table read as a stream and checked whole; errors name row and column."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from django.utils.translation import gettext as _

from fremdrift.core import tabular
from fremdrift.core.months import parse_period
from fremdrift.core.tabular import Row, column_letter
from fremdrift.results.statistics import meanings
from fremdrift.results.statistics.areas import Areas
from fremdrift.results.statistics.cache import INVALID, Cache
from fremdrift.results.statistics.cells import (
    CellError,
    Column,
    cell_text,
    parse_number,
    position,
)
from fremdrift.results.statistics.columns import BATCH, Columns, no_cyclic_collection
from fremdrift.results.statistics.errors import ErrorList, StatisticsImportError
from fremdrift.results.statistics.mapping import (
    AREA_COLUMN,
    BREAKDOWN_COLUMNS,
    COUNT_COLUMNS,
    FIGURE_MAPPINGS,
    KNOWN_COLUMNS,
    KNOWN_VALUE_LABELS,
    PERIOD_COLUMN,
    SHARE_COLUMNS,
    normalise,
)
from fremdrift.results.statistics.tally import FigureRow, RowKind, Tally

if TYPE_CHECKING:
    pass


_DATE_AFTER_EXTRACTED = re.compile(
    r"udtrukket\D*?(\d{1,2})[-.](\d{1,2})[-.](\d{4})|udtrukket\D*?(\d{4})-(\d{2})-(\d{2})",
    re.IGNORECASE,
)


@dataclass
class Parsed:
    extracted_on: dt.date
    values: StoredValues
    rows_used: int
    skipped: Counter
    values_suppressed: int


class StoredValues:
    """The checked figures, read from the tally each time they are iterated (not a list)."""

    def __init__(self, tally: Tally) -> None:
        self.tally = tally

    def __len__(self) -> int:
        return self.tally.values

    def __iter__(self) -> Iterator[FigureRow]:
        return self.tally.rows()


class Reader:
    def __init__(
        self,
        *,
        file_name: str,
        extracted_on: dt.date | None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.file_name = file_name
        # (rows read, errors so far), after each batch (CSV) or thousand rows (XLSX).
        self.on_progress = on_progress or _no_report
        self.extracted_on = extracted_on
        self.errors = ErrorList()
        self.xlsx = False
        self.known_areas = Areas()
        self.tally = Tally(self.errors, self.known_areas.names)
        self.date_invalid = False
        self.header: list[Column | None] = []  # once the header is read and valid

    # -- reading ---------------------------------------------------------------------------

    def read(self, data: BinaryIO) -> Parsed:
        head = data.read(8)
        data.seek(0)
        if not head:
            raise StatisticsImportError([_("Filen er tom.")])
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise StatisticsImportError(
                [_("Filen er i det gamle Excel-format (.xls). Gem den som .xlsx eller CSV.")]
            )
        self.xlsx = self.file_name.lower().endswith(".xlsx") or head.startswith(b"PK\x03\x04")
        with no_cyclic_collection():
            if self.xlsx:
                self._read_xlsx(data)
            else:
                self._read_csv(data)
        return self._finish()

    def _read_csv(self, data: BinaryIO) -> None:
        encoding = tabular.detect_encoding(data)
        data.seek(0)
        # detect_encoding has just decoded the whole file, so no line can fail to decode and
        # the text can be decoded in blocks rather than line by line (a quarter of the time
        # of reading a million rows). Lines end at \n only, as they do line by line, and
        # utf-8-sig drops the byte order mark at the start only.
        text = io.TextIOWrapper(
            data, encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline="\n"
        )
        # Numbered by line, as the file has always been: a value with a line break in it is
        # not something Jobindsats writes.
        self.lines = tabular.CsvLines(text)
        rows = iter(self.lines)
        try:
            self._read_rows(rows)
        except tabular.NotCsv as error:
            self.errors.add(
                _("Række %(row)s: linjen kan ikke læses som CSV (%(reason)s).")
                % {"row": error.row, "reason": error.reason}
            )
            if not self.header:
                self._no_header()
        finally:
            text.detach()  # the caller's stream stays open

    def _read_xlsx(self, data: BinaryIO) -> None:
        rows = tabular.xlsx_rows(data)
        try:
            self._read_rows(rows)
        except tabular.TooLargeUnpacked as error:
            raise StatisticsImportError(
                [
                    _(
                        "Regnearket fylder %(size)s MB, når det pakkes ud; højst %(limit)s MB "
                        "kan indlæses. Del det op, eller gem det som CSV."
                    )
                    % {
                        "size": error.size // (1024 * 1024),
                        "limit": tabular.MAX_UNPACKED_BYTES // (1024 * 1024),
                    }
                ]
            ) from error
        except tabular.NotAWorkbook as error:
            raise StatisticsImportError(
                [_("Filen kan ikke læses som et Excel-regneark (XLSX).")]
            ) from error
        finally:
            rows.close()  # the workbook closed now, even when the table ended early

    def _read_rows(self, rows: Iterator[Row]) -> None:
        for number, cells in rows:
            if any(normalise(cell_text(c)) == normalise(AREA_COLUMN) for c in cells):
                if self._header(number, cells) is not None:
                    self._table(rows)
                return
            self._preamble(number, cells)
        self._no_header()

    def _no_header(self) -> None:
        self.errors.add(
            _(
                "Filen har ingen overskriftsrække med kolonnen 'Område'. Brug en CSV-fil "
                "med semikolon (;) som skilletegn eller et XLSX-regneark fra Jobindsats."
            )
        )
        self.errors.raise_if_any()  # without a table, nothing else can be said about it

    def _preamble(self, number: int, cells: list[Any]) -> None:
        line = " ".join(cell_text(c) for c in cells if cell_text(c))
        match = _DATE_AFTER_EXTRACTED.search(line)
        if match is None or self.extracted_on is not None:
            return
        day, month, year = (
            match.group(1, 2, 3) if match.group(1) else reversed(match.group(4, 5, 6))
        )
        try:
            self.extracted_on = dt.date(int(year), int(month), int(day))
        except ValueError:
            self.date_invalid = True
            self.errors.add(
                _("Række %(row)s: datoen efter 'Udtrukket' findes ikke (%(text)s).")
                % {"row": number, "text": match.group(0)}
            )

    def _header(self, number: int, cells: list[Any]) -> list[Column | None] | None:
        known = {normalise(label): label for label in KNOWN_COLUMNS}
        columns: list[Column | None] = []
        seen: dict[str, Column] = {}
        errors_before = self.errors.count
        for index, cell in enumerate(cells):
            label = cell_text(cell)
            if not label:
                columns.append(None)
                continue
            key = known.get(normalise(label))
            if key is None:
                self.errors.add(
                    _(
                        "Række %(row)s, %(column)s: kolonnen kendes ikke. Tilladte kolonner: "
                        "%(allowed)s."
                    )
                    % {
                        "row": number,
                        "column": position(index, label, self.xlsx),
                        "allowed": ", ".join(KNOWN_COLUMNS),
                    }
                )
                columns.append(None)
                continue
            column = Column(index, label, key, self.xlsx)
            if key in seen:
                self.errors.add(
                    _("Række %(row)s: kolonnen '%(label)s' står to gange (%(a)s og %(b)s).")
                    % {
                        "row": number,
                        "label": key,
                        "a": position(seen[key].index, seen[key].label, self.xlsx),
                        "b": position(index, label, self.xlsx),
                    }
                )
            seen[key] = column
            columns.append(column)
        if PERIOD_COLUMN not in seen:
            self.errors.add(
                _("Række %(row)s: kolonnen '%(label)s' mangler.")
                % {"row": number, "label": PERIOD_COLUMN}
            )
        value_columns = [c for c in seen.values() if c.key in (*COUNT_COLUMNS, *SHARE_COLUMNS)]
        if not value_columns:
            self.errors.add(
                _("Række %(row)s: der er ingen talkolonne. Brug én af %(allowed)s.")
                % {"row": number, "allowed": ", ".join(f"'{c}'" for c in KNOWN_VALUE_LABELS)}
            )
        elif len(value_columns) > 1:
            self.errors.add(
                _("Række %(row)s: der må kun være én talkolonne, men der er %(found)s.")
                % {"row": number, "found": ", ".join(f"'{c.label}'" for c in value_columns)}
            )
        if not any(m.column in seen for m in FIGURE_MAPPINGS):
            self.errors.add(
                _(
                    "Række %(row)s: der er ingen af kolonnerne %(columns)s, så filen kan ikke "
                    "give nogen af tallene M1, M2 eller M3."
                )
                % {"row": number, "columns": ", ".join(m.column for m in FIGURE_MAPPINGS)}
            )
        if self.errors.count > errors_before:
            return None
        self.area = seen[AREA_COLUMN]
        self.period = seen[PERIOD_COLUMN]
        self.value = value_columns[0]
        self.share = self.tally.share = self.value.key in SHARE_COLUMNS
        self.breakdowns = [c for c in seen.values() if c.key in BREAKDOWN_COLUMNS]
        self.tally.columns = tuple(c.key for c in self.breakdowns)
        self._caches(columns)
        return columns

    def _caches(self, header: list[Column | None]) -> None:
        """The caches of what each column's texts mean, for the rows under this header."""
        self.header = header
        self.unnamed = [index for index, column in enumerate(header) if column is None]
        self.areas: Cache[int] = Cache(self.known_areas.resolve)
        # The caches' functions are not the reader's methods: a cache holding one would make a
        # cycle, and the reader, the tally and all they hold would wait for the cyclic
        # garbage collector after the import.
        self.periods: Cache[int] = Cache(functools.partial(meanings.period, self.tally))
        self.numbers: Cache[float | object] = Cache(functools.partial(meanings.number, self.share))
        self.categories: list[Cache[str]] = [
            Cache(functools.partial(meanings.category, column)) for column in self.breakdowns
        ]
        # What a CSV row's combination of breakdown texts means, kept per combination.
        self.kinds: Cache[RowKind] = Cache(
            functools.partial(meanings.kind, self.categories, self.tally)
        )

    # -- the rows under the header ---------------------------------------------------------

    def _table(self, rows: Iterator[Row]) -> None:
        if self.xlsx:
            for number, cells in rows:
                self._checked_row(number, cells)
                if number % 1000 == 0:
                    self.on_progress(number, self.errors.count)
        else:
            self._csv_table()

    def _csv_table(self) -> None:
        """A CSV file's rows in batches, each counted as columns when it is clean
        (columns.py), else row by row by _checked_row, which words what is wrong."""
        assert self.area and self.period and self.value
        columns = Columns(
            tally=self.tally,
            width=len(self.header),
            unnamed=self.unnamed,
            indexes=(
                self.area.index,
                self.period.index,
                self.value.index,
                [c.index for c in self.breakdowns],
            ),
            caches=(self.areas, self.periods, self.kinds),
            share=self.share,
        )
        for numbers, rows in self.lines.batches(BATCH):
            if not columns.count(numbers, rows):
                for number, cells in zip(numbers, rows, strict=True):
                    self._checked_row(number, cells)
            self.on_progress(numbers[-1], self.errors.count)

    def _checked_row(self, number: int, cells: list[Any]) -> None:
        """Any row, each cell checked and every error worded with its row and column."""
        filled = [i for i, c in enumerate(cells) if cell_text(c)]
        if len(filled) <= 1:
            return  # a blank line, or a note under the table
        errors_before = self.errors.count
        for index in filled:
            if index >= len(self.header) or self.header[index] is None:
                self.errors.add(
                    _(
                        "Række %(row)s, kolonne %(place)s: der står en værdi ('%(value)s') i en "
                        "kolonne uden overskrift."
                    )
                    % {
                        "row": number,
                        "place": column_letter(index) if self.xlsx else index + 1,
                        "value": cell_text(cells[index]),
                    }
                )

        def cell(column: Column) -> Any:
            return cells[column.index] if column.index < len(cells) else None

        area = self.areas.lookup(cell(self.area))
        if area is INVALID:
            self._area_error(number, cell_text(cell(self.area)))
        period = self.periods.lookup(cell(self.period))
        if period is INVALID:
            self._period_error(number, cell_text(cell(self.period)))
        values = []
        for column, cache in zip(self.breakdowns, self.categories, strict=True):
            values.append(cache.lookup(cell(column)))
            if values[-1] is INVALID:
                self._category_error(number, column, cell_text(cell(column)))
        value = self.numbers.lookup(cell(self.value))
        if value is INVALID:
            self._number_error(number, cell(self.value))
        if self.errors.count > errors_before:
            return
        self.tally.count(number, area, period, self.tally.kind(tuple(values)), value)

    # -- errors, worded with row and column ---------------------------------------------------

    def _area_error(self, number: int, text: str) -> None:
        self.errors.add(
            _(
                "Række %(row)s, %(column)s: '%(value)s' er hverken 'Hele landet' eller en "
                "kendt kommune (navn eller kommunekode)."
            )
            % {"row": number, "column": self.area, "value": text}
        )

    def _number_error(self, number: int, raw: Any) -> None:
        try:
            parse_number(raw, share=self.share)
        except CellError as error:
            self.errors.add(
                _("Række %(row)s, %(column)s: %(reason)s")
                % {"row": number, "column": self.value, "reason": error}
            )

    def _period_error(self, number: int, text: str) -> None:
        try:
            parse_period(text)
        except ValueError as error:
            self.errors.add(
                _("Række %(row)s, %(column)s: %(reason)s")
                % {"row": number, "column": self.period, "reason": error}
            )

    def _category_error(self, number: int, column: Column, text: str) -> None:
        self.errors.add(
            _(
                "Række %(row)s, %(column)s: '%(value)s' er ikke en kendt værdi. Tilladte "
                "værdier: %(allowed)s."
            )
            % {
                "row": number,
                "column": column,
                "value": text,
                "allowed": ", ".join(meanings.allowed(column)),
            }
        )

    # -- the figures -----------------------------------------------------------------------

    def _finish(self) -> Parsed:
        self.tally.duplicates()
        if self.errors.count:
            # Rows with errors were not counted, so the checks of whole figures would only
            # repeat them as missing parts.
            self._check_extracted_on()
            self.errors.raise_if_any()
        values, values_suppressed, rows_used = self.tally.figures()
        if not values and not self.errors.count:
            self.errors.add(
                _(
                    "Ingen rækker i filen kunne bruges til M1, M2 eller M3 (rækker sprunget "
                    "over: %(skipped)s)."
                )
                % {"skipped": sum(self.tally.skipped.values())}
            )
        self._check_extracted_on()
        self.errors.raise_if_any()
        assert self.extracted_on is not None
        return Parsed(
            extracted_on=self.extracted_on,
            values=StoredValues(self.tally),
            rows_used=rows_used,
            skipped=Counter({k: v for k, v in self.tally.skipped.items() if v}),
            values_suppressed=values_suppressed,
        )

    def _check_extracted_on(self) -> None:
        if self.extracted_on is None and not self.date_invalid:
            self.errors.add(
                _(
                    "Udtrækningsdatoen mangler. Angiv den, eller brug filen med linjen "
                    "'Udtrukket ...' fra Jobindsats."
                )
            )


def _no_report(done: int, errors: int) -> None:
    pass
