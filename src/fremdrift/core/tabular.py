"""Tabular files read as a stream, row by row, and the errors found in them.

Both importers (case data, national statistics) read CSV the same way: line by line, so
memory stays flat and a byte that cannot be decoded fails on the row that holds it; and
they list errors the same way: counted in full, listed up to a limit. What a row means,
and how each problem is worded, stays with each importer: the reader raises
`NotDecodable`, `NotCsv` or `NotAWorkbook` and the importer says it in its own words.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import tempfile
import zipfile
from collections.abc import Generator, Iterator, Sequence
from typing import IO, Any, BinaryIO, Literal

from django.utils.translation import gettext as _

Row = tuple[int, list[Any]]


class NotDecodable(Exception):
    """A line is not in the file's encoding; `row` is where reading stopped."""

    def __init__(self, row: int) -> None:
        super().__init__(row)
        self.row = row


class NotCsv(Exception):
    """The csv module refused a line (a stray quote, a NUL byte); `reason` is its words."""

    def __init__(self, row: int, reason: str) -> None:
        super().__init__(row, reason)
        self.row = row
        self.reason = reason


class NotAWorkbook(Exception):
    """openpyxl could not open the file as an XLSX workbook."""


class TooLargeUnpacked(Exception):
    """An XLSX file (a zip archive) would unpack to more than MAX_UNPACKED_BYTES."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


# A real workbook of a million statistics rows unpacks to about 150 MB; a "zip bomb" of a
# few kilobytes unpacks to gigabytes and would fill the worker's memory before a row is read.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024


class ErrorCollector:
    """Every error counted, the first `limit` kept as Danish sentences."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.listed: list[str] = []
        self.count = 0

    @property
    def more(self) -> int:
        """How many errors were counted but not listed."""
        return self.count - len(self.listed)

    def add(self, message: str) -> None:
        """An error whose message already says where it is."""
        self.count += 1
        if len(self.listed) < self.limit:
            self.listed.append(message)

    def add_at(self, file: str, message: str, row: int | None = None, column: str = "") -> None:
        """An error placed by file, and row and column when known."""
        if len(self.listed) >= self.limit:
            self.count += 1  # not listed: no need to word it
            return
        names = {"file": file, "row": row, "column": column, "message": message}
        if row is not None and column:
            text = _("%(file)s, række %(row)s, kolonne '%(column)s': %(message)s") % names
        elif row is not None:
            text = _("%(file)s, række %(row)s: %(message)s") % names
        else:
            text = _("%(file)s: %(message)s") % names
        self.add(text)


def detect_encoding(data: BinaryIO) -> str:
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


def lines(stream: IO[Any], encoding: str = "utf-8") -> Iterator[str]:
    """The file's lines as text, decoded one by one.

    Line by line rather than through io.TextIOWrapper, which decodes ahead in blocks: a byte
    that is not in the encoding then fails on the line that holds it, so the error names its
    row. A text stream is read as it is.
    """
    if isinstance(stream, io.TextIOBase):
        # A loop, not `yield from`: closing this generator early (a file refused at its
        # header) would close the caller's stream too.
        for line in stream:  # noqa: UP028
            yield line
        return
    for number, raw in enumerate(stream):
        text = raw.decode(encoding)
        # Spreadsheets write a byte order mark first when they save "CSV UTF-8".
        yield text.removeprefix("\ufeff") if number == 0 else text


def csv_rows(
    stream: IO[Any],
    *,
    encoding: str = "utf-8",
    delimiter: str = ";",
    numbering: Literal["record", "line"] = "record",
) -> Generator[Row, None, None]:
    """(row number, cells) for each CSV record, blank ones included.

    "record" numbers rows as a spreadsheet shows them, so a quoted value with a line break
    does not shift the numbers; "line" numbers them by the file's last line of each record.
    Raises NotDecodable or NotCsv with the row where reading stopped.
    """
    # A text stream goes to csv.reader as it is: one generator less per row.
    source = stream if isinstance(stream, io.TextIOBase) else lines(stream, encoding)
    reader = csv.reader(source, delimiter=delimiter)
    by_record = numbering == "record"
    record = 0
    try:
        for record, cells in enumerate(reader, start=1):
            yield (record if by_record else reader.line_num), cells
    except UnicodeDecodeError as error:
        row = record + 1 if numbering == "record" else reader.line_num + 1
        raise NotDecodable(row) from error
    except csv.Error as error:
        row = record + 1 if numbering == "record" else reader.line_num
        raise NotCsv(row, str(error)) from error


class CsvLines:
    """A decoded CSV text stream numbered by line, read a row at a time or in batches.

    Rows are numbered by the file's last line of each record, as `csv_rows` does with
    numbering="line". `batches` hands over many rows at once so that a caller can work on
    whole columns (a million rows cost a generator step each otherwise); it numbers a batch
    by counting lines, as the csv module does. Both raise NotCsv with the row where reading
    stopped.
    """

    def __init__(self, stream: IO[str], *, delimiter: str = ";") -> None:
        self.reader = csv.reader(stream, delimiter=delimiter)

    def __iter__(self) -> Iterator[Row]:
        reader = self.reader
        try:
            for cells in reader:
                yield reader.line_num, cells
        except csv.Error as error:
            raise NotCsv(reader.line_num, str(error)) from error

    def batches(self, size: int) -> Iterator[tuple[Sequence[int], list[list[str]]]]:
        """(row numbers, rows) of at most `size` rows, until the end of the file."""
        reader = self.reader
        while True:
            before, rows = reader.line_num, list[list[str]]()
            try:
                rows.extend(itertools.islice(reader, size))
            except csv.Error as error:
                # The rows before the one refused are the caller's, as they are row by row.
                if rows:
                    yield _numbered(before, rows), rows
                raise NotCsv(reader.line_num, str(error)) from error
            if not rows:
                return
            if reader.line_num - before == len(rows):
                yield range(before + 1, reader.line_num + 1), rows
            else:
                yield _numbered(before, rows), rows


def _numbered(before: int, rows: list[list[str]]) -> list[int]:
    """Each record's last line, after line `before`: a quoted value with a line break in
    it makes its record a line longer for each."""
    lengths = (1 + sum(cell.count("\n") for cell in cells) for cells in rows)
    return [before + number for number in itertools.accumulate(lengths)]


def xlsx_rows(data: BinaryIO) -> Generator[Row, None, None]:
    """(row number, values) for each row of the first sheet, read-only.

    A cell formatted as a percentage gives the number shown (45.2 for 45,2 %), not the
    fraction it holds. Raises NotAWorkbook when the file cannot be opened as one.
    """
    from openpyxl import load_workbook  # only when a workbook comes: it is slow to load

    unpacked = _unpacked_size(data)
    if unpacked > MAX_UNPACKED_BYTES:
        raise TooLargeUnpacked(unpacked)
    try:
        workbook = load_workbook(data, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zip, XML and key errors alike
        raise NotAWorkbook from error
    try:
        sheet = workbook.worksheets[0]
        # The size a file declares can be wrong, and read-only mode would then stop early
        # without a word: read every row there is.
        sheet.reset_dimensions()
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            yield number, [_shown(cell) for cell in cells]
    finally:
        workbook.close()


def _unpacked_size(data: BinaryIO) -> int:
    """What the archive's members declare they unpack to; 0 when it is no zip archive
    (openpyxl then says it is no workbook). A member may declare less than it holds, so
    openpyxl's own reading is bounded too: zipfile stops at the declared size."""
    try:
        with zipfile.ZipFile(data) as archive:
            return sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0
    finally:
        data.seek(0)


def column_letter(index: int) -> str:
    """The spreadsheet's name for the column at `index` (0 is A)."""
    from openpyxl.utils import get_column_letter  # see xlsx_rows

    return get_column_letter(index + 1)


def _shown(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A cell formatted as a percentage holds the fraction (0.452 shown as 45,2 %).
        if "%" in (getattr(cell, "number_format", "") or ""):
            return value * 100
    return value


def seekable(data: BinaryIO) -> BinaryIO:
    """The stream itself at its start when it can seek, else a spooled copy of it."""
    if getattr(data, "seekable", lambda: False)():
        data.seek(0)
        return data
    # A file may be read twice (the encoding check, then the rows) and openpyxl seeks.
    copy = tempfile.SpooledTemporaryFile(max_size=5 * 1024 * 1024)  # noqa: SIM115
    while chunk := data.read(1 << 16):
        copy.write(chunk)
    copy.seek(0)
    return copy  # type: ignore[return-value]
