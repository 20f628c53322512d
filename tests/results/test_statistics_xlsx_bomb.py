"""An XLSX file that unpacks to gigabytes is refused before a row is read.

Found by an attack: a small upload that expanded to gigabytes killed a worker after 30 s.
"""

from __future__ import annotations

import datetime as dt
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from fremdrift.core import tabular
from fremdrift.results.models import StatisticsImport
from fremdrift.results.statistics.errors import StatisticsImportError
from fremdrift.results.statistics.writer import import_statistics

pytestmark = pytest.mark.django_db


SHEET = "xl/worksheets/sheet1.xml"


def _bomb(path: Path, unpacked: int) -> None:
    """A real workbook whose first sheet is padded with white space (legal between XML
    elements, and what openpyxl would read through) to `unpacked` bytes, compressed."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Område"
    workbook.save(path.with_suffix(".plain.xlsx"))
    with (
        zipfile.ZipFile(path.with_suffix(".plain.xlsx")) as plain,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for member in plain.infolist():
            if member.filename != SHEET:
                bomb.writestr(member, plain.read(member))
        head, tail = plain.read(SHEET).split(b"</worksheet>")
        with bomb.open(SHEET, "w") as sheet:
            sheet.write(head)
            block = b" " * (1 << 20)
            for _ in range(unpacked >> 20):
                sheet.write(block)
            sheet.write(b"</worksheet>" + tail)


def test_a_workbook_that_unpacks_past_the_limit_is_refused_at_once(tmp_path, odense):
    path = tmp_path / "bombe.xlsx"
    _bomb(path, tabular.MAX_UNPACKED_BYTES + (16 << 20))
    assert path.stat().st_size < 2 << 20  # a small upload
    tracemalloc.start()
    try:
        with pytest.raises(StatisticsImportError) as error, path.open("rb") as data:
            import_statistics(data, file_name=path.name, extracted_on=dt.date(2024, 3, 15))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    [message] = error.value.errors
    assert message.startswith("Regnearket fylder 416 MB, når det pakkes ud; højst 400 MB")
    assert peak < 20 << 20  # nothing was unpacked
    assert not StatisticsImport.objects.exists()


def test_a_file_that_is_no_zip_archive_is_still_no_workbook(tmp_path, odense):
    path = tmp_path / "tekst.xlsx"
    path.write_text("Område;Periode\n")
    with pytest.raises(StatisticsImportError) as error, path.open("rb") as data:
        import_statistics(data, file_name=path.name, extracted_on=dt.date(2024, 3, 15))
    assert error.value.errors == ["Filen kan ikke læses som et Excel-regneark (XLSX)."]
