"""Import of national statistics (Jobindsats exports) into the figure table.

A file is a Jobindsats table as CSV (`;`, decimal comma) or XLSX. It is read as a stream
and checked whole before anything is written: every error is collected with its row and
column, and any error means nothing is stored. What is kept in memory while reading is the
sums per (area, figure, period), not the rows. The format, the mapping of Jobindsats'
categories to M1-M3 and every rule below are described in docs/statistics-import.md.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fremdrift.accounts.models import Municipality
from fremdrift.core.months import Period, parse_period
from fremdrift.core.texts import length_error
from fremdrift.results.models import FigureValue, Source, StatisticsImport

if TYPE_CHECKING:
    from fremdrift.accounts.models import User

MAX_ERRORS = 50
MAX_FILE_SIZE = 20 * 1024 * 1024
NATIONAL = "Hele landet"
SUPPRESSED_MARKERS = ("-", "..")

NUMERATOR = "numerator"
DENOMINATOR = "denominator"
TOTAL = "I alt"


def normalise(text: str) -> str:
    """Labels and categories compare without case and surrounding or repeated spaces."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class FigureMapping:
    """Which values of one Jobindsats column make a figure's numerator and denominator.

    `numerator` is a list of groups: the numerator is the sum of one row per group, and the
    names within a group are spellings of the same category. `other` are the column's
    remaining Jobindsats categories: rows with them are skipped, anything else is an error.
    """

    figure: str
    column: str
    numerator: tuple[tuple[str, ...], ...]
    denominator: tuple[str, ...]
    other: tuple[str, ...]

    def part(self, value: str) -> tuple[str, int] | None:
        """(numerator or denominator, group) for a normalised value; None when unused."""
        if value in ("", normalise(TOTAL)):
            return (DENOMINATOR, 0)
        for group, names in enumerate(self.numerator):
            if value in {normalise(name) for name in names}:
                return (NUMERATOR, group)
        return None

    def allowed(self) -> list[str]:
        return [*(n for group in self.numerator for n in group), *self.denominator, *self.other]


FIGURE_MAPPINGS: tuple[FigureMapping, ...] = (
    FigureMapping(
        figure="M1",
        column="Status",
        numerator=(("Selvforsørgende",), ("Ordinær uddannelse",)),
        denominator=(TOTAL,),
        other=(
            "Offentlig forsørgelse",
            "Offentligt forsørget",
            "På offentlig forsørgelse",
            "Øvrige",
            "Uoplyst",
        ),
    ),
    FigureMapping(
        figure="M2",
        column="Visitationskategori",
        numerator=(("Jobparat", "Jobparate"),),
        denominator=(TOTAL,),
        other=("Aktivitetsparat", "Aktivitetsparate", "Ikke visiteret", "Uoplyst", "Øvrige"),
    ),
    FigureMapping(
        figure="M3",
        column="Indsats",
        numerator=(("Virksomhedsrettet aktivering", "Virksomhedsrettet indsats"),),
        denominator=(TOTAL,),
        other=(
            # The kinds of company-oriented offer are not added up: a table that has them
            # also has their total, which would then count twice.
            "Løntilskud",
            "Virksomhedspraktik",
            "Integrationsgrunduddannelse (IGU)",
            "IGU",
            "Nytteindsats",
            "Vejledning og opkvalificering",
            "Ordinær uddannelse",
            "Øvrig indsats",
            "Øvrige",
            "Ingen indsats",
            "Ikke i aktivering",
            "Uoplyst",
        ),
    ),
)
MAPPING_BY_COLUMN = {normalise(m.column): m for m in FIGURE_MAPPINGS}

BENEFIT_COLUMN = "Ydelse"
# M2 and M3 count people in the programme on integration benefit or a benefit that replaces
# it; these are summed when a table shows benefits one by one.
BENEFITS_OURS = ("Integrationsydelse", "Selvforsørgelses- og hjemrejseydelse", "Overgangsydelse")
BENEFITS_OTHER = (
    "A-dagpenge",
    "Arbejdsmarkedsydelse",
    "Barselsdagpenge",
    "Efterløn",
    "Fleksjob",
    "Førtidspension",
    "Introduktionsydelse",
    "Jobafklaringsforløb",
    "Kontanthjælp",
    "Ledighedsydelse",
    "Ressourceforløb",
    "Revalidering",
    "Forrevalidering",
    "Seniorpension",
    "Sygedagpenge",
    "Særlig uddannelsesydelse",
    "Tidlig pension",
    "Uddannelseshjælp",
)
# Breakdowns the product does not store: only their "I alt" rows are used.
PLAIN_BREAKDOWNS = ("Køn", "Herkomst", "Alder")
AREA_COLUMN = "Område"
PERIOD_COLUMN = "Periode"
COUNT_COLUMNS = ("Antal personer", "Antal fuldtidspersoner")
SHARE_COLUMNS = ("Andel (pct.)", "Andel (%)", "Andel")
BREAKDOWN_COLUMNS = (BENEFIT_COLUMN, *(m.column for m in FIGURE_MAPPINGS), *PLAIN_BREAKDOWNS)
KNOWN_COLUMNS = (AREA_COLUMN, PERIOD_COLUMN, *COUNT_COLUMNS, *SHARE_COLUMNS, *BREAKDOWN_COLUMNS)

SKIP_REASONS: dict[str, Promise] = {
    "suppressed": gettext_lazy("Tallet er diskretioneret eller mangler ('-' eller '..')"),
    "breakdown": gettext_lazy(
        "Opdelt på køn, herkomst, alder eller en anden kategori (kun totaler gemmes)"
    ),
    "other_category": gettext_lazy("En kategori, der ikke indgår i M1, M2 eller M3"),
    "share_total": gettext_lazy("Andelen for 'I alt' (nævneren er altid 100)"),
    "other_benefit": gettext_lazy("En anden ydelse end integrationsydelse og dens afløsere"),
}

_DATE_AFTER_EXTRACTED = re.compile(
    r"udtrukket\D*?(\d{1,2})[-.](\d{1,2})[-.](\d{4})|udtrukket\D*?(\d{4})-(\d{2})-(\d{2})",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")
_SUPPRESSED = object()


class StatisticsImportError(Exception):
    """The file was refused; `errors` are Danish sentences naming row and column."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportSummary:
    batch: StatisticsImport
    values: int
    rows_used: int
    rows_skipped: int
    skipped_reasons: dict[str, int]
    # Figures (area, figure, period) left out because a part of them was suppressed.
    values_suppressed: int = 0

    def reasons(self) -> list[tuple[str, int]]:
        """The skip reasons as (Danish text, count), most frequent first."""
        return reason_labels(self.skipped_reasons)


def reason_labels(reasons: dict[str, int]) -> list[tuple[str, int]]:
    ordered = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    return [(str(SKIP_REASONS.get(code, code)), count) for code, count in ordered]


def format_number(value: float) -> str:
    """A number as Jobindsats writes it: 1.234,5."""
    text = f"{value:,.10f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def write_csv(
    rows: Iterable[dict[str, str]], columns: list[str], *, preamble: Iterable[str] = ()
) -> bytes:
    """A Jobindsats-style CSV: UTF-8 with BOM, `;`, optional title lines before the header."""
    out = io.StringIO()
    out.write("\ufeff")
    for line in preamble:
        out.write(f"{line}\r\n")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode("utf-8")


def recent_imports(limit: int = 20) -> list[StatisticsImport]:
    return list(StatisticsImport.objects.select_related("imported_by")[:limit])


def import_statistics(
    data: BinaryIO,
    *,
    file_name: str,
    extracted_on: dt.date | None = None,
    user: User | None = None,
    source: str = Source.JOBINDSATS,
    note: str = "",
) -> ImportSummary:
    """Check the whole file, then store its figures in one transaction, or raise."""
    if source not in Source.values:
        raise ValueError(f"unknown source {source!r}")
    if problem := length_error(note, 200):
        raise StatisticsImportError([_("Bemærkningen: %(problem)s") % {"problem": problem}])
    parsed = _Reader(file_name=file_name, extracted_on=extracted_on).read(_seekable(data))
    try:
        with transaction.atomic():
            batch = StatisticsImport.objects.create(
                source=source,
                file_name=file_name[-200:],
                extracted_on=parsed.extracted_on,
                note=note,
                rows=parsed.rows_used + sum(parsed.skipped.values()),
                values=len(parsed.values),
                imported_by=user,
            )
            _replace(parsed.values, source=source, extracted_on=parsed.extracted_on, batch=batch)
    except IntegrityError as error:
        # Two imports of the same figures at the same moment: the second one meets the
        # first one's rows after its own delete.
        raise StatisticsImportError(
            [_("En anden import af de samme tal kørte samtidig. Prøv igen.")]
        ) from error
    return ImportSummary(
        batch=batch,
        values=len(parsed.values),
        rows_used=parsed.rows_used,
        rows_skipped=sum(parsed.skipped.values()),
        skipped_reasons=dict(parsed.skipped),
        values_suppressed=parsed.values_suppressed,
    )


# (municipality id or None, figure, period kind, month) -> (numerator, denominator)
Values = dict[tuple[int | None, str, str, int], tuple[float, float]]


def _replace(
    values: Values, *, source: str, extracted_on: dt.date, batch: StatisticsImport
) -> None:
    # One delete per area and figure, not per value; months are listed exactly, so a value
    # for a period the file does not contain is kept.
    months: dict[tuple[int | None, str, str], set[int]] = defaultdict(set)
    for area, figure, kind, month in values:
        months[(area, figure, kind)].add(month)
    for (area, figure, kind), wanted in months.items():
        area_filter = Q(municipality__isnull=True) if area is None else Q(municipality_id=area)
        FigureValue.objects.filter(
            area_filter,
            figure=figure,
            period_kind=kind,
            month__in=sorted(wanted),
            dim="",
            value_key="",
            source=source,
        ).delete()
    FigureValue.objects.bulk_create(
        (
            FigureValue(
                municipality_id=area,
                figure=figure,
                period_kind=kind,
                month=month,
                dim="",
                value_key="",
                numerator=numerator,
                denominator=denominator,
                source=source,
                extracted_on=extracted_on,
                batch=batch,
            )
            for (area, figure, kind, month), (numerator, denominator) in values.items()
        ),
        batch_size=1000,
    )


def _seekable(data: BinaryIO) -> BinaryIO:
    if getattr(data, "seekable", lambda: False)():
        data.seek(0)
        return data
    # The file is read twice (encoding check, then rows) and openpyxl needs to seek.
    copy = tempfile.SpooledTemporaryFile(max_size=5 * 1024 * 1024)  # noqa: SIM115
    while chunk := data.read(1 << 16):
        copy.write(chunk)
    copy.seek(0)
    return copy  # type: ignore[return-value]


class _Column:
    def __init__(self, index: int, label: str, key: str, xlsx: bool) -> None:
        self.index = index
        self.label = label
        self.key = key  # the known column's canonical label
        self.xlsx = xlsx

    def __str__(self) -> str:
        if self.xlsx:
            return _("kolonne %(letter)s (%(label)s)") % {
                "letter": _letter(self.index),
                "label": self.label,
            }
        return _("kolonne '%(label)s'") % {"label": self.label}


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter  # see _xlsx_rows

    return get_column_letter(index + 1)


def _position(index: int, label: str, xlsx: bool) -> str:
    """A column by place and label, for the header, where the label itself may be wrong."""
    if xlsx:
        return _("kolonne %(letter)s (%(label)s)") % {"letter": _letter(index), "label": label}
    return _("kolonne %(number)s ('%(label)s')") % {"number": index + 1, "label": label}


class _CellError(Exception):
    pass


@dataclass
class _Part:
    total: float = 0.0
    groups: set[int] = field(default_factory=set)
    suppressed: bool = False


@dataclass
class _Parsed:
    extracted_on: dt.date
    values: Values
    rows_used: int
    skipped: Counter
    values_suppressed: int


class _Errors:
    def __init__(self) -> None:
        self.listed: list[str] = []
        self.count = 0

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.listed) < MAX_ERRORS:
            self.listed.append(message)

    def raise_if_any(self) -> None:
        if self.count:
            errors = list(self.listed)
            if self.count > len(errors):
                errors.append(
                    _("... og %(count)s fejl mere.") % {"count": self.count - len(errors)}
                )
            raise StatisticsImportError(errors)


class _Reader:
    def __init__(self, *, file_name: str, extracted_on: dt.date | None) -> None:
        self.file_name = file_name
        self.extracted_on = extracted_on
        self.errors = _Errors()
        self.xlsx = False
        municipalities = list(Municipality.objects.only("id", "code", "name"))
        self.by_code = {m.code: m for m in municipalities}
        self.by_name = {normalise(m.name): m for m in municipalities}
        self.names = {m.id: m.name for m in municipalities}
        # (area, figure, kind, month, benefit total?) -> part -> sums
        self.parts: dict[tuple[int | None, str, str, int, bool], dict[str, _Part]] = {}
        self.first_row: dict[tuple, int] = {}
        self.skipped: Counter = Counter()
        # Rows used or suppressed, by whether their Ydelse is "I alt" (decided in _finish).
        self.used_by_class: Counter = Counter()
        self.suppressed_by_class: Counter = Counter()
        self.benefit_named = False
        self.date_invalid = False

    # -- reading ---------------------------------------------------------------------------

    def read(self, data: BinaryIO) -> _Parsed:
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

    def _csv_rows(self, data: BinaryIO) -> Iterator[tuple[int, list[Any]]]:
        encoding = _encoding(data)
        data.seek(0)
        lines = (line.decode(encoding) for line in data)
        reader = csv.reader(_strip_bom(lines), delimiter=";")
        try:
            for row in reader:
                yield reader.line_num, row
        except csv.Error as error:
            self.errors.add(
                _("Række %(row)s: linjen kan ikke læses som CSV (%(reason)s).")
                % {"row": reader.line_num, "reason": error}
            )

    def _xlsx_rows(self, data: BinaryIO) -> Iterator[tuple[int, list[Any]]]:
        from openpyxl import load_workbook  # only when a workbook comes: it is slow to load

        try:
            workbook = load_workbook(data, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises zip, XML and key errors alike
            raise StatisticsImportError(
                [_("Filen kan ikke læses som et Excel-regneark (XLSX).")]
            ) from error
        try:
            sheet = workbook.worksheets[0]
            # The size a file declares can be wrong, and read-only mode would then stop early
            # without a word: read every row there is.
            sheet.reset_dimensions()
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                yield number, [_xlsx_value(cell) for cell in cells]
        finally:
            workbook.close()

    def _read_rows(self, rows: Iterator[tuple[int, list[Any]]]) -> None:
        header: list[_Column | None] | None = None
        for number, cells in rows:
            if header is None:
                if any(normalise(_text(c)) == normalise(AREA_COLUMN) for c in cells):
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
        line = " ".join(_text(c) for c in cells if _text(c))
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

    def _header(self, number: int, cells: list[Any]) -> list[_Column | None] | None:
        known = {normalise(label): label for label in KNOWN_COLUMNS}
        columns: list[_Column | None] = []
        seen: dict[str, _Column] = {}
        errors_before = self.errors.count
        for index, cell in enumerate(cells):
            label = _text(cell)
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
                        "column": _position(index, label, self.xlsx),
                        "allowed": ", ".join(KNOWN_COLUMNS),
                    }
                )
                columns.append(None)
                continue
            column = _Column(index, label, key, self.xlsx)
            if key in seen:
                self.errors.add(
                    _("Række %(row)s: kolonnen '%(label)s' står to gange (%(a)s og %(b)s).")
                    % {
                        "row": number,
                        "label": key,
                        "a": _position(seen[key].index, seen[key].label, self.xlsx),
                        "b": _position(index, label, self.xlsx),
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
        self.share = self.value.key in SHARE_COLUMNS
        self.breakdowns = [c for c in seen.values() if c.key in BREAKDOWN_COLUMNS]
        return columns

    # -- one data row ----------------------------------------------------------------------

    def _row(self, number: int, cells: list[Any], header: list[_Column | None]) -> None:
        filled = [i for i, c in enumerate(cells) if _text(c)]
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
                        "place": _letter(index) if self.xlsx else index + 1,
                        "value": _text(cells[index]),
                    }
                )

        def cell(column: _Column) -> Any:
            return cells[column.index] if column.index < len(cells) else None

        area = self._area(number, _text(cell(self.area)))
        period = self._period(number, _text(cell(self.period)))
        categories = {c.key: self._category(number, c, _text(cell(c))) for c in self.breakdowns}
        value: float | object = _SUPPRESSED
        try:
            value = _number(cell(self.value), share=self.share)
        except _CellError as error:
            self.errors.add(
                _("Række %(row)s, %(column)s: %(reason)s")
                % {"row": number, "column": self.value, "reason": error}
            )
        if self.errors.count > errors_before:
            return
        assert period is not None
        self._count(number, area, period, categories, value)

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

    def _period(self, number: int, text: str) -> Period | None:
        try:
            return parse_period(text)
        except ValueError as error:
            self.errors.add(
                _("Række %(row)s, %(column)s: %(reason)s")
                % {"row": number, "column": self.period, "reason": error}
            )
            return None

    def _category(self, number: int, column: _Column, text: str) -> str:
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

    def _count(
        self,
        number: int,
        area: int | None,
        period: Period,
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
            sums = self.parts.setdefault(key, {}).setdefault(part, _Part())
            sums.groups.add(group)
            if value is _SUPPRESSED:
                sums.suppressed = True
            else:
                sums.total += value  # type: ignore[operator]
        if value is _SUPPRESSED:
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

    # -- the figures -----------------------------------------------------------------------

    def _finish(self) -> _Parsed:
        if self.errors.count:
            # Rows with errors were not counted, so the checks of whole figures would only
            # repeat them as missing parts.
            self._check_extracted_on()
            self.errors.raise_if_any()
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
            value = self._figure(area, figure, Period(kind, month), parts)
            if value is not None:
                values[(area, figure, kind, month)] = value
        if not values and not self.errors.count:
            self.errors.add(
                _(
                    "Ingen rækker i filen kunne bruges til M1, M2 eller M3 (rækker sprunget "
                    "over: %(skipped)s)."
                )
                % {"skipped": sum(self.skipped.values())}
            )
        self._check_extracted_on()
        self.errors.raise_if_any()
        assert self.extracted_on is not None
        return _Parsed(
            extracted_on=self.extracted_on,
            values=values,
            rows_used=self.used_by_class[use_total],
            skipped=Counter({k: v for k, v in self.skipped.items() if v}),
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

    def _figure(
        self, area: int | None, figure: str, period: Period, parts: dict[str, _Part]
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

    def _where(self, area: int | None, period: Period) -> str:
        return f"{self.names[area] if area is not None else NATIONAL}, {period.code}"


KNOWN_VALUE_LABELS = (*COUNT_COLUMNS, SHARE_COLUMNS[0])


def _encoding(data: BinaryIO) -> str:
    """UTF-8 when the whole file decodes as such, else Windows' Western encoding."""
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        data.seek(0)
        try:
            while chunk := data.read(1 << 16):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"  # decodes any byte; a wrong guess shows as an unknown value


def _strip_bom(lines: Iterator[str]) -> Iterator[str]:
    first = True
    for line in lines:
        yield line.removeprefix("\ufeff") if first else line
        first = False


def _xlsx_value(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A cell formatted as a percentage holds the fraction (0.452 shown as 45,2 %).
        if "%" in (getattr(cell, "number_format", "") or ""):
            return value * 100
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


def _number(raw: Any, *, share: bool) -> float | object:
    """A Danish number ("1.234,5"), the suppression markers, or _CellError."""
    if isinstance(raw, bool):
        raise _CellError(_("'%(value)s' er ikke et tal.") % {"value": raw})
    if isinstance(raw, int | float):
        number = float(raw)
        text = format_number(number)
    else:
        text = _text(raw)
        if not text:
            raise _CellError(_("feltet er tomt."))
        if text in SUPPRESSED_MARKERS:
            return _SUPPRESSED
        digits = text.removesuffix("%").strip() if share else text
        if not _NUMBER.match(digits):
            raise _CellError(_("'%(value)s' er ikke et tal.") % {"value": text})
        number = float(digits.replace(".", "").replace(",", "."))
    if number < 0:
        raise _CellError(
            _("'%(value)s' er negativt; et antal kan ikke være under 0.") % {"value": text}
        )
    if share and number > 100:
        raise _CellError(_("'%(value)s' er ikke en andel mellem 0 og 100.") % {"value": text})
    return number
