"""A Jobindsats table read as a stream and checked whole; errors name row and column."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from django.utils.translation import gettext as _

from fremdrift.accounts.models import Municipality
from fremdrift.core import tabular
from fremdrift.core.months import CalendarPeriod, parse_period
from fremdrift.core.tabular import Row, column_letter
from fremdrift.results.statistics.cells import (
    SUPPRESSED,
    CellError,
    Column,
    cell_text,
    parse_number,
    position,
)
from fremdrift.results.statistics.errors import ErrorList, StatisticsImportError
from fremdrift.results.statistics.mapping import (
    AREA_COLUMN,
    BENEFIT_COLUMN,
    BENEFITS_OTHER,
    BENEFITS_OURS,
    BREAKDOWN_COLUMNS,
    COUNT_COLUMNS,
    FIGURE_MAPPINGS,
    KNOWN_COLUMNS,
    KNOWN_VALUE_LABELS,
    MAPPING_BY_COLUMN,
    NATIONAL,
    PERIOD_COLUMN,
    PLAIN_BREAKDOWNS,
    SHARE_COLUMNS,
    TOTAL,
    normalise,
)
from fremdrift.results.statistics.tally import Tally, Values

if TYPE_CHECKING:
    pass


_DATE_AFTER_EXTRACTED = re.compile(
    r"udtrukket\D*?(\d{1,2})[-.](\d{1,2})[-.](\d{4})|udtrukket\D*?(\d{4})-(\d{2})-(\d{2})",
    re.IGNORECASE,
)


@dataclass
class Parsed:
    extracted_on: dt.date
    values: Values
    rows_used: int
    skipped: Counter
    values_suppressed: int


class Reader:
    def __init__(self, *, file_name: str, extracted_on: dt.date | None) -> None:
        self.file_name = file_name
        self.extracted_on = extracted_on
        self.errors = ErrorList()
        self.xlsx = False
        municipalities = list(Municipality.objects.only("id", "code", "name"))
        self.by_code = {m.code: m for m in municipalities}
        self.by_name = {normalise(m.name): m for m in municipalities}
        self.tally = Tally(self.errors, {m.id: m.name for m in municipalities})
        self.date_invalid = False

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
        if self.xlsx:
            self._read_rows(self._xlsx_rows(data))
        else:
            self._read_rows(self._csv_rows(data))
        return self._finish()

    def _csv_rows(self, data: BinaryIO) -> Iterator[Row]:
        encoding = tabular.detect_encoding(data)
        data.seek(0)
        try:
            # Numbered by line, as the file has always been: a value with a line break in it
            # is not something Jobindsats writes.
            yield from tabular.csv_rows(data, encoding=encoding, numbering="line")
        except tabular.NotCsv as error:
            self.errors.add(
                _("Række %(row)s: linjen kan ikke læses som CSV (%(reason)s).")
                % {"row": error.row, "reason": error.reason}
            )

    def _xlsx_rows(self, data: BinaryIO) -> Iterator[Row]:
        try:
            yield from tabular.xlsx_rows(data)
        except tabular.NotAWorkbook as error:
            raise StatisticsImportError(
                [_("Filen kan ikke læses som et Excel-regneark (XLSX).")]
            ) from error

    def _read_rows(self, rows: Iterator[Row]) -> None:
        header: list[Column | None] | None = None
        for number, cells in rows:
            if header is None:
                if any(normalise(cell_text(c)) == normalise(AREA_COLUMN) for c in cells):
                    header = self._header(number, cells)
                    if header is None:
                        return
                else:
                    self._preamble(number, cells)
                continue
            self._row(number, cells, header)
        if header is None:
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
        return columns

    # -- one data row ----------------------------------------------------------------------

    def _row(self, number: int, cells: list[Any], header: list[Column | None]) -> None:
        filled = [i for i, c in enumerate(cells) if cell_text(c)]
        if len(filled) <= 1:
            return  # a blank line, or a note under the table
        errors_before = self.errors.count
        for index in filled:
            if index >= len(header) or header[index] is None:
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

        area = self._area(number, cell_text(cell(self.area)))
        period = self._period(number, cell_text(cell(self.period)))
        categories = {c.key: self._category(number, c, cell_text(cell(c))) for c in self.breakdowns}
        value: float | object = SUPPRESSED
        try:
            value = parse_number(cell(self.value), share=self.share)
        except CellError as error:
            self.errors.add(
                _("Række %(row)s, %(column)s: %(reason)s")
                % {"row": number, "column": self.value, "reason": error}
            )
        if self.errors.count > errors_before:
            return
        assert period is not None
        self.tally.count(number, area, period, categories, value)

    def _area(self, number: int, text: str) -> int | None:
        if normalise(text) == normalise(NATIONAL):
            return None
        municipality = self._municipality(text)
        if municipality is None:
            self.errors.add(
                _(
                    "Række %(row)s, %(column)s: '%(value)s' er hverken 'Hele landet' eller en "
                    "kendt kommune (navn eller kommunekode)."
                )
                % {"row": number, "column": self.area, "value": text}
            )
            return None
        return municipality.id

    def _municipality(self, text: str) -> Municipality | None:
        name = normalise(text)
        if name.endswith(" kommune"):
            name = name.removesuffix(" kommune")
        match = re.fullmatch(r"(\d{1,3})(?:\s+(.+))?", name)
        if match:
            found = self.by_code.get(match.group(1).zfill(3))
            if found and match.group(2) and self._by_name(match.group(2)) != found:
                return None  # code and name disagree: which one was meant is not ours to guess
            return found
        return self._by_name(name)

    def _by_name(self, name: str) -> Municipality | None:
        # "Københavns Kommune" names København.
        return self.by_name.get(name) or (
            self.by_name.get(name[:-1]) if name.endswith("s") else None
        )

    def _period(self, number: int, text: str) -> CalendarPeriod | None:
        try:
            return parse_period(text)
        except ValueError as error:
            self.errors.add(
                _("Række %(row)s, %(column)s: %(reason)s")
                % {"row": number, "column": self.period, "reason": error}
            )
            return None

    def _category(self, number: int, column: Column, text: str) -> str:
        value = normalise(text)
        if column.key == BENEFIT_COLUMN:
            allowed = [*BENEFITS_OURS, TOTAL, *BENEFITS_OTHER]
        elif column.key in PLAIN_BREAKDOWNS:
            return value  # any value but "I alt" is a breakdown we do not store
        else:
            allowed = MAPPING_BY_COLUMN[normalise(column.key)].allowed()
        if value and value not in {normalise(a) for a in allowed}:
            self.errors.add(
                _(
                    "Række %(row)s, %(column)s: '%(value)s' er ikke en kendt værdi. Tilladte "
                    "værdier: %(allowed)s."
                )
                % {
                    "row": number,
                    "column": column,
                    "value": text,
                    "allowed": ", ".join(allowed),
                }
            )
        return value

    # -- the figures -----------------------------------------------------------------------

    def _finish(self) -> Parsed:
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
            values=values,
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
