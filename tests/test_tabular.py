"""core.tabular: CSV and XLSX read row by row, and the error collector both importers use."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from fremdrift.core import tabular


def rows(data: bytes | str, **options) -> list[tuple[int, list]]:
    stream = io.StringIO(data) if isinstance(data, str) else io.BytesIO(data)
    return list(tabular.csv_rows(stream, **options))


# --- CSV -----------------------------------------------------------------------------------


def test_rows_are_numbered_from_one_with_blank_ones_kept():
    assert rows(b"a;b\r\n1;2\r\n\r\n3;4\r\n") == [
        (1, ["a", "b"]),
        (2, ["1", "2"]),
        (3, []),
        (4, ["3", "4"]),
    ]


def test_a_byte_order_mark_is_dropped_from_the_first_cell_only():
    assert rows("\ufeffa;b\n\ufeffc;d\n".encode()) == [(1, ["a", "b"]), (2, ["\ufeffc", "d"])]


def test_a_text_stream_is_read_as_it_is():
    assert rows("a;b\nc;d\n") == [(1, ["a", "b"]), (2, ["c", "d"])]


def test_the_delimiter_can_be_chosen():
    assert rows(b"a,b\n", delimiter=",") == [(1, ["a", "b"])]


def test_a_line_break_in_a_quoted_value_does_not_shift_record_numbers():
    data = b'a;b\n"two\nlines";x\nc;d\n'
    assert [n for n, _cells in rows(data)] == [1, 2, 3]
    assert [n for n, _cells in rows(data, numbering="line")] == [1, 3, 4]


def test_an_undecodable_line_names_its_row_after_the_rows_before_it():
    stream = io.BytesIO("a;b\nø;1\n".encode("cp1252") + b"x;y\n")
    read = tabular.csv_rows(stream)
    assert next(read) == (1, ["a", "b"])
    with pytest.raises(tabular.NotDecodable) as caught:
        next(read)
    assert caught.value.row == 2


def test_another_encoding_is_decoded_when_named():
    assert rows("a;ø\n".encode("cp1252"), encoding="cp1252") == [(1, ["a", "ø"])]


def test_broken_csv_names_its_row_and_the_reason():
    # A field past the csv module's size limit is one of the few things it still refuses.
    data = b"a;b\n" + b"x" * 200_000 + b";y\n"
    for numbering in ("record", "line"):
        with pytest.raises(tabular.NotCsv) as caught:
            rows(data, numbering=numbering)
        assert caught.value.row == 2
        assert "field limit" in caught.value.reason


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Område;Antal\n".encode(), "utf-8"),
        ("Område;Antal\n".encode("cp1252"), "cp1252"),
        (b"\x81\x8d\x8f\x90\x9d", "latin-1"),  # undefined in cp1252 too
    ],
)
def test_the_encoding_is_detected_over_the_whole_file(data, expected):
    assert tabular.detect_encoding(io.BytesIO(data)) == expected


def test_a_stream_that_cannot_seek_is_copied():
    class OneWay(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self.inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            chunk = self.inner.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    copy = tabular.seekable(OneWay(b"abc"))  # type: ignore[arg-type]
    assert copy.read() == b"abc"
    copy.seek(0)
    assert copy.read() == b"abc"


# --- XLSX ----------------------------------------------------------------------------------


def workbook_bytes(*lines: list) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for line in lines:
        sheet.append(line)
    sheet["B2"].number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_xlsx_rows_are_numbered_and_a_percentage_reads_as_shown():
    read = list(tabular.xlsx_rows(workbook_bytes(["Område", "Andel"], ["Odense", 0.452])))
    assert read[0] == (1, ["Område", "Andel"])
    assert read[1][0] == 2
    assert read[1][1][0] == "Odense"
    assert read[1][1][1] == pytest.approx(45.2)


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(tabular.NotAWorkbook):
        list(tabular.xlsx_rows(io.BytesIO(b"PK\x03\x04 not a zip")))


def test_column_letters():
    assert [tabular.column_letter(i) for i in (0, 25, 26)] == ["A", "Z", "AA"]


# --- Errors --------------------------------------------------------------------------------


def test_errors_are_counted_in_full_and_listed_up_to_the_limit():
    errors = tabular.ErrorCollector(2)
    for n in range(5):
        errors.add(f"fejl {n}")
    assert errors.listed == ["fejl 0", "fejl 1"]
    assert (errors.count, errors.more) == (5, 3)


def test_an_error_is_placed_by_file_row_and_column():
    errors = tabular.ErrorCollector(10)
    errors.add_at("borgere.csv", "Skal udfyldes.", 3, "cpr")
    errors.add_at("borgere.csv", "For mange felter.", 4)
    errors.add_at("borgere.csv", "Filen er tom.")
    assert errors.listed == [
        "borgere.csv, række 3, kolonne 'cpr': Skal udfyldes.",
        "borgere.csv, række 4: For mange felter.",
        "borgere.csv: Filen er tom.",
    ]


def test_placed_errors_past_the_limit_are_counted():
    errors = tabular.ErrorCollector(1)
    errors.add_at("perioder.csv", "a", 2, "art")
    errors.add_at("perioder.csv", "b", 3, "art")
    assert len(errors.listed) == 1
    assert errors.count == 2


def test_a_text_stream_stays_open_when_reading_stops_early():
    stream = io.StringIO("a;b\nc;d\n")
    read = tabular.csv_rows(stream)
    assert next(read) == (1, ["a", "b"])
    read.close()  # a file refused at its header is not read to the end
    assert not stream.closed


# --- CSV by line, a row at a time or in batches (the statistics import) --------------------


def test_csv_lines_numbers_rows_and_batches_by_line():
    data = 'head\na;b\n1;2\n"two\nlines";x\n\n3;4\n'
    lines = tabular.CsvLines(io.StringIO(data))
    first = iter(lines)
    assert next(first) == (1, ["head"])
    batches = [(list(numbers), rows) for numbers, rows in lines.batches(2)]
    assert batches == [
        ([2, 3], [["a", "b"], ["1", "2"]]),
        ([5, 6], [["two\nlines", "x"], []]),
        ([7], [["3", "4"]]),
    ]
    # The same numbers as row by row.
    assert [n for n, _cells in rows(data, numbering="line")] == [1, 2, 3, 5, 6, 7]


def test_csv_lines_hands_over_the_rows_before_a_broken_one():
    # A field past the csv module's size limit (see above) on line 3.
    data = "a;b\n1;2\n" + "x" * 200_000 + ";y\n4;5\n"
    got = []
    with pytest.raises(tabular.NotCsv) as caught:
        for numbers, batch in tabular.CsvLines(io.StringIO(data)).batches(10):
            got.append((list(numbers), batch))
    assert got == [([1, 2], [["a", "b"], ["1", "2"]])]
    assert caught.value.row == 3
    assert "field limit" in caught.value.reason
