"""The import of national statistics (Jobindsats tables) into the figure table: the format,
the mapping to M1-M3, all-or-nothing errors with row and column, the page and the command."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from fremdrift.results.models import FigureValue, Source, StatisticsImport
from fremdrift.results.statistics.errors import StatisticsImportError
from fremdrift.results.statistics.export import write_csv
from fremdrift.results.statistics.mapping import MAX_ERRORS
from fremdrift.results.statistics.writer import import_statistics
from tests.conftest import login
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
EXTRACTED = dt.date(2024, 3, 15)
JAN_2024 = 2024 * 12 + 0
PREAMBLE = ["Jobindsats: integrationsydelse", "Udtrukket fra Jobindsats.dk den 15-03-2024"]


def csv_bytes(columns: list[str], *rows: list[str], preamble=PREAMBLE) -> bytes:
    return write_csv(
        [dict(zip(columns, row, strict=True)) for row in rows], columns, preamble=preamble
    )


def run(data: bytes, file_name: str = "jobindsats.csv", **kwargs):
    return import_statistics(io.BytesIO(data), file_name=file_name, **kwargs)


def stored() -> dict:
    """(municipality code or None, figure, period kind, month) -> (numerator, denominator)."""
    return {
        (v.municipality.code if v.municipality else None, v.figure, v.period_kind, v.month): (
            v.numerator,
            v.denominator,
        )
        for v in FigureValue.objects.select_related("municipality")
    }


M2_COLUMNS = ["Område", "Periode", "Visitationskategori", "Antal personer"]


def m2_rows(area="Odense", period="2024M01", ready="40", total="100") -> list[list[str]]:
    return [[area, period, "Jobparat", ready], [area, period, "I alt", total]]


# -- the format ----------------------------------------------------------------------------


def test_a_csv_export_with_title_lines_decimal_comma_and_thousands(odense, holbaek, facilitator):
    summary = import_statistics(
        (FIXTURES / "m2_visitation.csv").open("rb"),
        file_name="m2_visitation.csv",
        user=facilitator,
        note="Januar",
    )
    assert stored() == {
        (None, "M2", "M", JAN_2024): (1234.5, 4000.0),
        ("461", "M2", "M", JAN_2024): (123.0, 410.5),
        ("316", "M2", "M", JAN_2024): (12.3, 41.0),
    }
    assert (summary.values, summary.rows_used, summary.rows_skipped) == (3, 6, 1)
    assert summary.skipped_reasons == {"other_category": 1}  # Aktivitetsparat
    batch = summary.batch
    assert batch.extracted_on == EXTRACTED  # from the line "Udtrukket ... 15-03-2024"
    assert (batch.source, batch.file_name, batch.note) == (
        "jobindsats",
        "m2_visitation.csv",
        "Januar",
    )
    assert (batch.rows, batch.values, batch.imported_by) == (7, 3, facilitator)
    value = FigureValue.objects.get(municipality=odense)
    assert (value.source, value.dim, value.value_key, value.batch) == ("jobindsats", "", "", batch)
    assert value.extracted_on == EXTRACTED


def test_a_windows_encoded_csv_without_bom_is_read(odense, holbaek):
    text = (FIXTURES / "m2_visitation.csv").read_text(encoding="utf-8-sig")
    run(text.encode("cp1252"))
    assert stored()[("316", "M2", "M", JAN_2024)] == (12.3, 41.0)


def test_the_extraction_date_given_wins_over_the_files(odense):
    summary = run(csv_bytes(M2_COLUMNS, *m2_rows()), extracted_on=dt.date(2024, 4, 2))
    assert summary.batch.extracted_on == dt.date(2024, 4, 2)
    assert FigureValue.objects.get().extracted_on == dt.date(2024, 4, 2)


@pytest.mark.parametrize(
    "line", ["Udtrukket: 2024-03-15", "Data udtrukket 15.03.2024 kl. 08:00", "UDTRUKKET 15-3-2024"]
)
def test_the_extraction_date_in_the_title_lines(odense, line):
    assert run(csv_bytes(M2_COLUMNS, *m2_rows(), preamble=[line])).batch.extracted_on == EXTRACTED


def test_an_xlsx_export_streamed_from_the_first_sheet(tmp_path, odense, holbaek):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Integrationsydelse: personer efter indsats"])
    sheet.append(["Udtrukket fra Jobindsats.dk den", dt.datetime(2024, 3, 15)])
    sheet.append([])
    sheet.append(["område", " Periode ", "INDSATS", "Antal personer"])  # case and spaces
    sheet.append(["Hele landet", "2023Q4", "Virksomhedsrettet aktivering", 2500])
    sheet.append(["Hele landet", "2023Q4", "Vejledning og opkvalificering", 1200.5])
    sheet.append(["Hele landet", "2023Q4", "I alt", 10000])
    sheet.append([461, "2023Y01", "Virksomhedsrettet indsats", "1.234,5"])  # code as a number
    sheet.append(["461 Odense", "2023Y01", "I alt", 4321])
    workbook.create_sheet("Noter").append(["Område", "Periode", "Farve"])  # not read
    path = tmp_path / "export.bin"  # no .xlsx suffix: recognised by the zip signature
    workbook.save(path)
    with path.open("rb") as data:
        summary = import_statistics(data, file_name=path.name)
    assert stored() == {
        (None, "M3", "Q", 2023 * 12 + 11): (2500.0, 10000.0),
        ("461", "M3", "Y", 2023 * 12 + 11): (1234.5, 4321.0),
    }
    assert summary.batch.extracted_on == EXTRACTED
    assert summary.skipped_reasons == {"other_category": 1}


def test_an_xlsx_error_names_the_column_by_letter_and_counts_empty_rows(tmp_path, odense):
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Jobindsats"
    for column, label in enumerate(M2_COLUMNS, start=1):  # row 2 is not in the file at all
        workbook.active.cell(row=3, column=column, value=label)
    workbook.active.append(["Odense", "2024M01", "Jobparat", "mange"])
    workbook.active.append(["Odense", "2024M01", "I alt", 100])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    with pytest.raises(StatisticsImportError) as error, path.open("rb") as data:
        import_statistics(data, file_name=path.name, extracted_on=EXTRACTED)
    assert error.value.errors == ["Række 4, kolonne D (Antal personer): 'mange' er ikke et tal."]


def test_an_xlsx_that_declares_too_small_a_size_is_read_to_the_end(tmp_path, odense):
    workbook = openpyxl.Workbook()
    for row in [M2_COLUMNS, *m2_rows(), *m2_rows(period="2024M02", ready="7")]:
        workbook.active.append(row)
    saved = tmp_path / "saved.xlsx"
    workbook.save(saved)
    path = tmp_path / "wrong-size.xlsx"
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:D5" />' in content
                content = content.replace(b'ref="A1:D5"', b'ref="A1:B2"')
            target.writestr(item, content)
    with path.open("rb") as data:
        import_statistics(data, file_name=path.name, extracted_on=EXTRACTED)
    assert stored()[("461", "M2", "M", JAN_2024 + 1)] == (7.0, 100.0)


def test_a_percentage_formatted_xlsx_share_is_read_as_percent(tmp_path, odense):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Område", "Periode", "Visitationskategori", "Andel (pct.)"])
    workbook.active.append(["Odense", "2024M01", "Jobparat", 0.425])
    workbook.active["D2"].number_format = "0.0%"
    path = tmp_path / "andel.xlsx"
    workbook.save(path)
    with path.open("rb") as data:
        import_statistics(data, file_name=path.name, extracted_on=EXTRACTED)
    assert stored() == {("461", "M2", "M", JAN_2024): (42.5, 100.0)}


@pytest.mark.parametrize("area", ["Odense", "461", "461 Odense", "Odense Kommune", " odense "])
def test_a_municipality_by_name_code_or_both(odense, holbaek, area):
    run(csv_bytes(M2_COLUMNS, *m2_rows(area=area)))
    assert FigureValue.objects.get().municipality == odense


def test_the_genitive_with_kommune_names_the_municipality(db):
    copenhagen = MunicipalityFactory(code="101", name="København")
    run(csv_bytes(M2_COLUMNS, *m2_rows(area="Københavns Kommune")))
    assert FigureValue.objects.get().municipality == copenhagen


def test_periods_months_quarters_and_years(odense):
    rows = [*m2_rows(period="2024M02"), *m2_rows(period="2024Q1"), *m2_rows(period="2023Y01")]
    run(csv_bytes(M2_COLUMNS, *rows))
    kinds = set(FigureValue.objects.values_list("period_kind", "month"))
    assert kinds == {("M", 2024 * 12 + 1), ("Q", 2024 * 12 + 2), ("Y", 2023 * 12 + 11)}


def test_write_csv_writes_what_jobindsats_writes():
    data = write_csv(
        [{"Område": "Holbæk", "Antal personer": "1.234,5"}], ["Område", "Antal personer"]
    )
    assert data == "\ufeffOmråde;Antal personer\r\nHolbæk;1.234,5\r\n".encode()


# -- the mapping to M1, M2 and M3 ----------------------------------------------------------


def test_m1_is_self_supporting_plus_education_out_of_all(odense):
    columns = ["Område", "Periode", "Status", "Antal personer"]
    rows = [
        ["Odense", "2024M01", "Selvforsørgende", "30"],
        ["Odense", "2024M01", "Ordinær uddannelse", "12,5"],
        ["Odense", "2024M01", "Offentlig forsørgelse", "57,5"],
        ["Odense", "2024M01", "I alt", "100"],
    ]
    summary = run(csv_bytes(columns, *rows))
    assert stored() == {("461", "M1", "M", JAN_2024): (42.5, 100.0)}
    assert (summary.rows_used, summary.skipped_reasons) == (3, {"other_category": 1})


def test_m1_without_one_of_its_numerator_categories_is_an_error(odense):
    columns = ["Område", "Periode", "Status", "Antal personer"]
    rows = [["Odense", "2024M01", "Selvforsørgende", "30"], ["Odense", "2024M01", "I alt", "100"]]
    with pytest.raises(StatisticsImportError) as error:
        run(csv_bytes(columns, *rows))
    assert error.value.errors == [
        "Odense, 2024M01: M1 mangler tælleren (Status = Ordinær uddannelse)."
    ]


def test_one_cross_table_gives_m2_and_m3_and_breakdowns_are_skipped(odense):
    columns = ["Område", "Periode", "Visitationskategori", "Indsats", "Køn", "Antal personer"]
    rows = [
        ["Odense", "2024M01", "Jobparat", "I alt", "I alt", "60"],
        ["Odense", "2024M01", "I alt", "Virksomhedsrettet aktivering", "I alt", "45"],
        ["Odense", "2024M01", "I alt", "I alt", "I alt", "150"],
        ["Odense", "2024M01", "Jobparat", "Virksomhedsrettet aktivering", "I alt", "30"],
        ["Odense", "2024M01", "I alt", "I alt", "Kvinder", "70"],
        ["Odense", "2024M01", "I alt", "I alt", "Mænd", "80"],
    ]
    summary = run(csv_bytes(columns, *rows))
    assert stored() == {
        ("461", "M2", "M", JAN_2024): (60.0, 150.0),
        ("461", "M3", "M", JAN_2024): (45.0, 150.0),
    }
    assert summary.rows_used == 3
    assert summary.skipped_reasons == {"breakdown": 3}


def test_named_benefits_of_ours_are_summed_and_others_skipped(odense):
    columns = ["Område", "Periode", "Ydelse", "Visitationskategori", "Antal personer"]
    rows = [
        ["Odense", "2024M01", "Integrationsydelse", "Jobparat", "10"],
        ["Odense", "2024M01", "Integrationsydelse", "I alt", "40"],
        ["Odense", "2024M01", "Selvforsørgelses- og hjemrejseydelse", "Jobparat", "5"],
        ["Odense", "2024M01", "Selvforsørgelses- og hjemrejseydelse", "I alt", "20"],
        ["Odense", "2024M01", "Kontanthjælp", "Jobparat", "300"],
        ["Odense", "2024M01", "I alt", "Jobparat", "315"],
        ["Odense", "2024M01", "I alt", "I alt", "1060"],
    ]
    summary = run(csv_bytes(columns, *rows))
    assert stored() == {("461", "M2", "M", JAN_2024): (15.0, 60.0)}
    assert (summary.rows_used, summary.skipped_reasons) == (4, {"other_benefit": 3})


def test_benefit_i_alt_is_used_when_the_file_names_no_benefit(odense):
    columns = ["Område", "Periode", "Ydelse", "Visitationskategori", "Antal personer"]
    rows = [
        ["Odense", "2024M01", "I alt", "Jobparat", "15"],
        ["Odense", "2024M01", "I alt", "I alt", "60"],
    ]
    run(csv_bytes(columns, *rows))
    assert stored() == {("461", "M2", "M", JAN_2024): (15.0, 60.0)}


def test_a_share_table_stores_the_share_out_of_100(odense):
    columns = ["Område", "Periode", "Visitationskategori", "Andel (pct.)"]
    rows = [
        ["Hele landet", "2024M01", "Jobparat", "38,4"],
        ["Hele landet", "2024M01", "Aktivitetsparat", "61,6"],
        ["Hele landet", "2024M01", "I alt", "100"],
    ]
    summary = run(csv_bytes(columns, *rows))
    assert stored() == {(None, "M2", "M", JAN_2024): (38.4, 100.0)}
    assert summary.skipped_reasons == {"other_category": 1, "share_total": 1}


def test_suppressed_numbers_are_skipped_and_their_figure_left_out(odense, holbaek):
    rows = [
        *m2_rows(area="Hele landet"),
        *m2_rows(area="Odense", ready="-"),
        *m2_rows(area="Holbæk", total=".."),
        ["Odense", "2024M01", "Aktivitetsparat", ".."],  # not used anyway
    ]
    summary = run(csv_bytes(M2_COLUMNS, *rows))
    assert stored() == {(None, "M2", "M", JAN_2024): (40.0, 100.0)}
    assert summary.skipped_reasons == {"suppressed": 2, "other_category": 1}
    assert (summary.values, summary.values_suppressed, summary.rows_used) == (1, 2, 4)


# -- storing -------------------------------------------------------------------------------


def test_importing_again_replaces_the_same_keys_and_keeps_the_rest(odense, holbaek):
    own = FigureValue.objects.create(
        municipality=odense, figure="M2", month=JAN_2024, numerator=1, denominator=2
    )
    first = csv_bytes(M2_COLUMNS, *m2_rows(), *m2_rows(area="Holbæk", period="2023M12"))
    run(first)
    run(first)
    assert FigureValue.objects.filter(source=Source.JOBINDSATS).count() == 2
    run(csv_bytes(M2_COLUMNS, *m2_rows(ready="41")))
    assert stored()[("461", "M2", "M", JAN_2024)] == (41.0, 100.0)
    assert stored()[("316", "M2", "M", 2023 * 12 + 11)] == (40.0, 100.0)  # not in the file
    assert FigureValue.objects.filter(source=Source.JOBINDSATS).count() == 2
    own.refresh_from_db()  # the product's own figure is another source
    assert (own.numerator, own.source) == (1, Source.OWN)
    latest = StatisticsImport.objects.order_by("-pk").first()
    assert FigureValue.objects.get(municipality=odense, source=Source.JOBINDSATS).batch == latest
    assert StatisticsImport.objects.count() == 3


def test_a_national_value_is_replaced_too(db):
    run(csv_bytes(M2_COLUMNS, *m2_rows(area="Hele landet")))
    run(csv_bytes(M2_COLUMNS, *m2_rows(area="Hele landet", ready="42")))
    assert stored() == {(None, "M2", "M", JAN_2024): (42.0, 100.0)}


# -- errors: all or nothing, each naming row and column ------------------------------------

H = ",".join  # a header line, for readability below


def raw(*lines: str, preamble: str = "Udtrukket 15-03-2024") -> bytes:
    return "\r\n".join([preamble, *lines]).replace(",", ";").encode()


ERROR_CASES = {
    "not a number": (
        raw(H(M2_COLUMNS), "Odense,2024M01,Jobparat,12|3|4", "Odense,2024M01,I alt,100"),
        "Række 3, kolonne 'Antal personer': '12,3,4' er ikke et tal.",
    ),
    "empty value": (
        raw(H(M2_COLUMNS), "Odense,2024M01,Jobparat,", "Odense,2024M01,I alt,100"),
        "Række 3, kolonne 'Antal personer': feltet er tomt.",
    ),
    "negative": (
        raw(H(M2_COLUMNS), "Odense,2024M01,Jobparat,-4", "Odense,2024M01,I alt,100"),
        "Række 3, kolonne 'Antal personer': '-4' er negativt; et antal kan ikke være under 0.",
    ),
    "unknown municipality": (
        raw(H(M2_COLUMNS), "Odense,2024M01,Jobparat,4", "Atlantis,2024M01,I alt,100"),
        "Række 4, kolonne 'Område': 'Atlantis' er hverken 'Hele landet' eller en kendt kommune "
        "(navn eller kommunekode).",
    ),
    "code and name disagree": (
        raw(H(M2_COLUMNS), "316 Odense,2024M01,Jobparat,4", "Odense,2024M01,I alt,100"),
        "Række 3, kolonne 'Område': '316 Odense' er hverken 'Hele landet' eller en kendt kommune "
        "(navn eller kommunekode).",
    ),
    "bad period": (
        raw(H(M2_COLUMNS), "Odense,2024M13,Jobparat,4", "Odense,2024M01,I alt,100"),
        "Række 3, kolonne 'Periode': Måneden i 2024M13 findes ikke.",
    ),
    "running year": (
        raw(H(M2_COLUMNS), "Odense,2023QMAT02,Jobparat,4", "Odense,2024M01,I alt,100"),
        "Række 3, kolonne 'Periode': Perioden 2023QMAT02 er et løbende år (MAT); brug måneder, "
        "kvartaler eller år.",
    ),
    "unknown category": (
        raw(H(M2_COLUMNS), "Odense,2024M01,Jobparatt,4", "Odense,2024M01,I alt,100"),
        "Række 3, kolonne 'Visitationskategori': 'Jobparatt' er ikke en kendt værdi. Tilladte "
        "værdier: Jobparat, Jobparate, I alt, Aktivitetsparat, Aktivitetsparate, Ikke visiteret, "
        "Uoplyst, Øvrige.",
    ),
    "unknown column": (
        raw(H([*M2_COLUMNS, "Farve"]), "Odense,2024M01,Jobparat,4,blå"),
        "Række 2, kolonne 5 ('Farve'): kolonnen kendes ikke. Tilladte kolonner: Område, Periode, "
        "Antal personer, Antal fuldtidspersoner, Andel (pct.), Andel (%), Andel, Ydelse, Status, "
        "Visitationskategori, Indsats, Køn, Herkomst, Alder.",
    ),
    "value without a header": (
        raw(H(M2_COLUMNS), "Odense,2024M01,Jobparat,4,5", "Odense,2024M01,I alt,100"),
        "Række 3, kolonne 5: der står en værdi ('5') i en kolonne uden overskrift.",
    ),
    "two value columns": (
        raw(H([*M2_COLUMNS, "Andel (pct.)"]), "Odense,2024M01,Jobparat,4,4"),
        "Række 2: der må kun være én talkolonne, men der er 'Antal personer', 'Andel (pct.)'.",
    ),
    "no value column": (
        raw(H(M2_COLUMNS[:3]), "Odense,2024M01,Jobparat"),
        "Række 2: der er ingen talkolonne. Brug én af 'Antal personer', "
        "'Antal fuldtidspersoner', 'Andel (pct.)'.",
    ),
    "no period column": (
        raw("Område,Visitationskategori,Antal personer", "Odense,Jobparat,4"),
        "Række 2: kolonnen 'Periode' mangler.",
    ),
    "no column for any figure": (
        raw("Område,Periode,Køn,Antal personer", "Odense,2024M01,I alt,4"),
        "Række 2: der er ingen af kolonnerne Status, Visitationskategori, Indsats, så filen kan "
        "ikke give nogen af tallene M1, M2 eller M3.",
    ),
    "no header": (
        "Område,Periode,Visitationskategori,Antal personer\r\nOdense,2024M01,I alt,4".encode(),
        "Filen har ingen overskriftsrække med kolonnen 'Område'. Brug en CSV-fil med semikolon "
        "(;) som skilletegn eller et XLSX-regneark fra Jobindsats.",
    ),
    "missing denominator": (
        raw(
            H(M2_COLUMNS),
            "Hele landet,2024M01,Jobparat,4",
            "Hele landet,2024M01,I alt,10",
            "Odense,2024Q1,Jobparat,4",
        ),
        "Odense, 2024Q1: M2 mangler nævneren (Visitationskategori = I alt).",
    ),
    "numerator above denominator": (
        raw(H(M2_COLUMNS), "Odense,2024M01,Jobparat,140", "Odense,2024M01,I alt,100"),
        "Odense, 2024M01: M2 har en tæller (140), der er større end nævneren (100).",
    ),
    "the same row twice": (
        raw(
            H(M2_COLUMNS),
            "Odense,2024M01,Jobparat,4",
            "461,2024M01,Jobparate,4",
            "Odense,2024M01,I alt,100",
        ),
        "Række 4: samme område, periode og kategorier som række 3.",
    ),
    "no extraction date": (
        raw(
            H(M2_COLUMNS),
            *["Odense,2024M01,Jobparat,4", "Odense,2024M01,I alt,100"],
            preamble="Jobindsats",
        ),
        "Udtrækningsdatoen mangler. Angiv den, eller brug filen med linjen 'Udtrukket ...' fra "
        "Jobindsats.",
    ),
    "an impossible extraction date": (
        raw(H(M2_COLUMNS), "Odense,2024M01,Jobparat,4", preamble="Udtrukket 30-02-2024"),
        "Række 1: datoen efter 'Udtrukket' findes ikke (Udtrukket 30-02-2024).",
    ),
    "nothing usable": (
        raw(H(M2_COLUMNS), "Odense,2024M01,Aktivitetsparat,4"),
        "Ingen rækker i filen kunne bruges til M1, M2 eller M3 (rækker sprunget over: 1).",
    ),
    "an old Excel file": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
        "Filen er i det gamle Excel-format (.xls). Gem den som .xlsx eller CSV.",
    ),
    "not really a workbook": (
        b"PK\x03\x04 not a zip",
        "Filen kan ikke læses som et Excel-regneark (XLSX).",
    ),
    "empty file": (b"", "Filen er tom."),
}


@pytest.fixture
def earlier_import(odense, holbaek):
    """Something stored before, so 'nothing changed' is not the same as 'nothing there'."""
    run(csv_bytes(M2_COLUMNS, *m2_rows(), *m2_rows(area="Holbæk")))
    return stored()


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_an_error_names_row_and_column_and_nothing_changes(earlier_import, case):
    data, message = ERROR_CASES[case]
    data = data.replace(b"|", b",")  # "12,3,4" in a ;-separated line
    with pytest.raises(StatisticsImportError) as error:
        run(data)
    assert error.value.errors == [message]
    assert stored() == earlier_import
    assert StatisticsImport.objects.count() == 1


def test_every_error_in_the_file_is_listed_up_to_fifty(earlier_import):
    rows = [f"Odense,2024M{month:02d},Jobparat,x" for month in range(1, 13)] * 6
    with pytest.raises(StatisticsImportError) as error:
        run(raw(H(M2_COLUMNS), *rows))
    errors = error.value.errors
    assert len(errors) == MAX_ERRORS + 1
    assert errors[0] == "Række 3, kolonne 'Antal personer': 'x' er ikke et tal."
    assert errors[49].startswith("Række 52, ")
    assert errors[-1] == "... og 22 fejl mere."
    assert stored() == earlier_import


def test_several_errors_in_one_row_are_all_listed(odense):
    with pytest.raises(StatisticsImportError) as error:
        run(raw(H(M2_COLUMNS), "Atlantis,2024X01,Jobparatt,"))
    assert [e.split(":")[0] for e in error.value.errors] == [
        "Række 3, kolonne 'Område'",
        "Række 3, kolonne 'Periode'",
        "Række 3, kolonne 'Visitationskategori'",
        "Række 3, kolonne 'Antal personer'",
    ]


# -- the page ------------------------------------------------------------------------------

URL = "/statistik/"


def upload(data: bytes, name: str = "jobindsats.csv", **fields) -> dict:
    return {"file": SimpleUploadedFile(name, data), **fields}


def test_the_page_is_the_facilitators(facilitator):
    assert reverse("statistics:import") == URL
    page = login(facilitator).get(URL)
    assert page.status_code == 200
    assert "Ingen statistik er indlæst endnu." in page.content.decode()


@pytest.mark.parametrize("persona", ["odense_manager", "odense_caseworker", "odense_admin"])
def test_anyone_else_gets_404_and_nothing_is_stored(request, persona, odense):
    client = login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404
    assert client.post(URL, upload(csv_bytes(M2_COLUMNS, *m2_rows()))).status_code == 404
    assert not StatisticsImport.objects.exists()


def test_anonymous_is_sent_to_the_login(client):
    response = client.post(URL, upload(csv_bytes(M2_COLUMNS, *m2_rows())))
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not StatisticsImport.objects.exists()


def test_the_facilitator_uploads_and_sees_the_summary(facilitator, odense):
    client = login(facilitator)
    rows = [*m2_rows(), ["Odense", "2024M01", "Aktivitetsparat", "60"]]
    response = client.post(URL, upload(csv_bytes(M2_COLUMNS, *rows), note="Første import"))
    assert response.status_code == 302 and response["Location"] == URL
    body = html.unescape(client.get(URL).content.decode())
    assert "jobindsats.csv er indlæst" in body
    assert "Tal gemt: 1" in body and "Rækker brugt: 2" in body
    assert "Rækker sprunget over: 1" in body
    assert "En kategori, der ikke indgår i M1, M2 eller M3: 1" in body
    assert "15. marts 2024" in body and "Frida Facilitator" in body and "Første import" in body
    assert stored() == {("461", "M2", "M", JAN_2024): (40.0, 100.0)}
    assert "jobindsats.csv er indlæst" not in client.get(URL).content.decode()  # shown once


def test_the_facilitator_uploads_a_workbook(facilitator, odense):
    workbook = openpyxl.Workbook()
    for row in [["Udtrukket 15-03-2024"], M2_COLUMNS, *m2_rows()]:
        workbook.active.append(row)
    data = io.BytesIO()
    workbook.save(data)
    response = login(facilitator).post(URL, upload(data.getvalue(), name="Jobindsats.XLSX"))
    assert response.status_code == 302
    assert stored() == {("461", "M2", "M", JAN_2024): (40.0, 100.0)}


def test_the_date_field_gives_the_extraction_date(facilitator, odense):
    data = csv_bytes(M2_COLUMNS, *m2_rows(), preamble=[])
    response = login(facilitator).post(URL, upload(data, extracted_on="2024-04-30"))
    assert response.status_code == 302
    assert StatisticsImport.objects.get().extracted_on == dt.date(2024, 4, 30)


def test_an_error_page_lists_every_error_with_400(facilitator, odense):
    data = raw(H(M2_COLUMNS), "Atlantis,2024M01,Jobparat,4", "Odense,2024M01,I alt,x")
    response = login(facilitator).post(URL, upload(data, name="fejl.csv"))
    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    assert "fejl.csv blev afvist" in body and "Intet er gemt" in body
    assert "Række 3, kolonne 'Område': 'Atlantis' er hverken" in body
    assert "Række 4, kolonne 'Antal personer': 'x' er ikke et tal." in body
    assert not StatisticsImport.objects.exists() and not FigureValue.objects.exists()


def test_no_file_is_a_form_error(facilitator):
    response = login(facilitator).post(URL, {"note": "x"})
    assert response.status_code == 400
    assert "Der er fejl i formularen" in response.content.decode()


def test_a_file_over_20_mb_is_refused(facilitator, odense):
    data = csv_bytes(M2_COLUMNS, *m2_rows()) + b" " * (20 * 1024 * 1024)
    response = login(facilitator).post(URL, upload(data))
    assert response.status_code == 400
    assert "Filen er for stor (højst 20 MB)." in response.content.decode()
    assert not StatisticsImport.objects.exists()


# -- the command ---------------------------------------------------------------------------


def test_the_command_imports_and_prints_the_summary(tmp_path, odense, holbaek):
    out = io.StringIO()
    call_command(
        "import_statistics",
        str(FIXTURES / "m2_visitation.csv"),
        "--note",
        "Fra kommandolinjen",
        "--extracted",
        "2024-03-20",
        stdout=out,
    )
    text = out.getvalue()
    assert (
        "m2_visitation.csv er indlæst (udtrukket 20-03-2024): 3 tal gemt, 6 rækker brugt, "
        "1 sprunget over." in text
    )
    assert "En kategori, der ikke indgår i M1, M2 eller M3: 1" in text
    batch = StatisticsImport.objects.get()
    assert (batch.note, batch.extracted_on, batch.imported_by) == (
        "Fra kommandolinjen",
        dt.date(2024, 3, 20),
        None,
    )


def test_the_page_lists_an_import_made_by_the_command_without_a_person(
    facilitator, odense, holbaek
):
    call_command(
        "import_statistics",
        str(FIXTURES / "m2_visitation.csv"),
        "--extracted",
        "2024-03-20",
        stdout=io.StringIO(),
    )
    page = login(facilitator).get(URL)
    assert page.status_code == 200
    row = next(line for line in page.content.decode().splitlines() if "m2_visitation.csv" in line)
    assert "<td>Kommandolinjen (ingen bruger)</td>" in row and "20. marts 2024" in row


def test_the_command_prints_each_error_and_fails(tmp_path, earlier_import):
    path = tmp_path / "fejl.csv"
    path.write_bytes(raw(H(M2_COLUMNS), "Atlantis,2024M01,Jobparat,4", "Odense,2024M01,I alt,x"))
    err = io.StringIO()
    with pytest.raises(CommandError, match=re.escape("fejl.csv blev afvist. Intet er gemt.")):
        call_command("import_statistics", str(path), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("Række 3, kolonne 'Område': 'Atlantis'")
    assert lines[1] == "Række 4, kolonne 'Antal personer': 'x' er ikke et tal."
    assert stored() == earlier_import and StatisticsImport.objects.count() == 1


def test_the_command_refuses_a_bad_date_and_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Datoen '15-03-2024' kan ikke læses"):
        call_command(
            "import_statistics", str(FIXTURES / "m2_visitation.csv"), "--extracted", "15-03-2024"
        )
    with pytest.raises(CommandError, match="kan ikke åbnes"):
        call_command("import_statistics", str(tmp_path / "findes-ikke.csv"))
