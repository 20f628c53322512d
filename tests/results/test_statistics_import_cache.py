"""The statistics import works out what a cell's text means once per distinct text
(results/statistics/cache.py) and writes the values in batches: a text keeps the meaning of
its own column and file whatever it meant elsewhere, and neither the caches' limits nor the
batches change what is stored."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from fremdrift.results.models import FigureValue, Source, StatisticsImport
from fremdrift.results.statistics import cache, writer
from fremdrift.results.statistics.errors import StatisticsImportError
from fremdrift.results.statistics.export import write_csv
from fremdrift.results.statistics.writer import import_statistics

pytestmark = pytest.mark.django_db
JAN = 2024 * 12
EXTRACTED = dt.date(2024, 3, 15)


def csv_bytes(columns: list[str], *rows: list[str]) -> bytes:
    """A file whose first data row is row 3 (the extraction date, the header)."""
    return write_csv(
        [dict(zip(columns, row, strict=True)) for row in rows],
        columns,
        preamble=["Udtrukket 15-03-2024"],
    )


def run(data: bytes, file_name: str = "jobindsats.csv"):
    return import_statistics(io.BytesIO(data), file_name=file_name)


def stored() -> dict:
    return {
        (v.municipality.code if v.municipality else None, v.figure, v.period_kind, v.month): (
            v.numerator,
            v.denominator,
        )
        for v in FigureValue.objects.select_related("municipality")
    }


def errors_of(data: bytes, file_name: str = "jobindsats.csv") -> list[str]:
    with pytest.raises(StatisticsImportError) as error:
        run(data, file_name)
    return error.value.errors


M2 = ["Område", "Periode", "Visitationskategori", "Antal personer"]
STATUS_AND_OFFER = ["Område", "Periode", "Status", "Indsats", "Antal personer"]
STATUS_AND_OFFER_ROWS = [
    ["Odense", "2024M01", "Selvforsørgende", "I alt", "30"],
    ["Odense", "2024M01", "I alt", "Ordinær uddannelse", "7"],
    ["Odense", "2024M01", "Ordinær uddannelse", "I alt", "12"],
    ["Odense", "2024M01", "I alt", "Virksomhedsrettet aktivering", "20"],
    ["Odense", "2024M01", "I alt", "Løntilskud", "9"],
    ["Odense", "2024M01", "I alt", "I alt", "100"],
]


@pytest.mark.parametrize("order", [1, -1], ids=["Indsats first", "Status first"])
def test_the_same_text_in_two_columns_keeps_each_columns_meaning(odense, order):
    # "Ordinær uddannelse" is half of M1's numerator under Status and a kind of offer under
    # Indsats, whichever of the two the file has first.
    summary = run(csv_bytes(STATUS_AND_OFFER, *STATUS_AND_OFFER_ROWS[::order]))
    assert stored() == {
        ("461", "M1", "M", JAN): (42.0, 100.0),
        ("461", "M3", "M", JAN): (20.0, 100.0),
    }
    assert summary.rows_used == 4
    # Status = I alt with a kind of offer is a breakdown of M1's population.
    assert summary.skipped_reasons == {"breakdown": 2}


@pytest.mark.parametrize("order", [1, -1], ids=["valid first", "unknown first"])
def test_a_text_known_in_one_column_is_unknown_in_another(odense, order):
    columns = ["Område", "Periode", "Status", "Visitationskategori", "Køn", "Antal personer"]
    rows = [
        ["Odense", "2024M01", "I alt", "Jobparat", "Jobparat", "4"],  # Køn takes any value
        ["Odense", "2024M02", "Jobparat", "I alt", "I alt", "4"],
    ][::order]
    errors = errors_of(csv_bytes(columns, *rows))
    row = 4 if order == 1 else 3
    assert [e.split(". Tilladte")[0] for e in errors] == [
        f"Række {row}, kolonne 'Status': 'Jobparat' er ikke en kendt værdi"
    ]


def test_the_same_number_text_is_read_for_its_own_file(odense):
    run(
        csv_bytes(
            M2, ["Odense", "2024M01", "Jobparat", "100"], ["Odense", "2024M01", "I alt", "120"]
        )
    )
    assert stored() == {("461", "M2", "M", JAN): (100.0, 120.0)}
    share = ["Område", "Periode", "Visitationskategori", "Andel (pct.)"]
    assert errors_of(csv_bytes(share, ["Odense", "2024M02", "Jobparat", "120"])) == [
        "Række 3, kolonne 'Andel (pct.)': '120' er ikke en andel mellem 0 og 100."
    ]


def test_a_known_wrong_text_is_an_error_on_every_row_that_has_it(odense):
    rows = [
        ["Atlantis", "2024M01", "Jobparat", "4"],
        ["Odense", "2024M01", "Jobparatt", "4"],
        ["Atlantis", "2024M01", "I alt", "10"],
        ["Odense", "2024M01", "Jobparatt", "4"],
    ]
    assert [e.split(":")[0] for e in errors_of(csv_bytes(M2, *rows))] == [
        "Række 3, kolonne 'Område'",
        "Række 4, kolonne 'Visitationskategori'",
        "Række 5, kolonne 'Område'",
        "Række 6, kolonne 'Visitationskategori'",
    ]


def test_spellings_of_one_area_period_and_category_are_one_key(odense):
    rows = [
        ["Odense", "2024M01", "Jobparat", "4"],
        ["461", "2024m01", "I alt", "10"],
        ["Hele landet", "2024M01", "Jobparat", "5"],
        ["hele  landet", " 2024M01 ", "i alt", "50"],
    ]
    run(csv_bytes(M2, *rows))
    assert stored() == {
        ("461", "M2", "M", JAN): (4.0, 10.0),
        (None, "M2", "M", JAN): (5.0, 50.0),
    }
    again = [*rows, ["461 Odense", "2024M01 ", "JOBPARAT", "5"]]
    assert errors_of(csv_bytes(M2, *again)) == [
        "Række 7: samme område, periode og kategorier som række 3."
    ]


@pytest.mark.parametrize("order", [1, -1], ids=["number first", "True first"])
def test_in_a_workbook_1_and_true_are_different_cells(tmp_path, odense, order):
    # As dict keys 1, 1.0 and True are one key; as cells they are a number and an error.
    workbook = openpyxl.Workbook()
    workbook.active.append(M2)
    rows = [["Odense", "2024M01", "Jobparat", 1], ["Odense", "2024M02", "Jobparat", True]]
    for row in rows[::order]:
        workbook.active.append(row)
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    with pytest.raises(StatisticsImportError) as error, path.open("rb") as data:
        import_statistics(data, file_name=path.name, extracted_on=EXTRACTED)
    true_row = 3 if order == 1 else 2
    assert error.value.errors == [
        f"Række {true_row}, kolonne D (Antal personer): 'True' er ikke et tal."
    ]


CROSS = ["Område", "Periode", "Ydelse", "Visitationskategori", "Indsats", "Køn", "Antal personer"]


def cross_table() -> bytes:
    """Benefits x visitation x offer x sex for two areas and three periods."""
    rows = []
    for area in ("Odense", "Holbæk"):
        for period in ("2024M01", "2024Q1", "2023Y01"):
            spelt = "461" if area == "Odense" and period != "2024M01" else area
            for benefit in ("Integrationsydelse", "Overgangsydelse", "Kontanthjælp", "I alt"):
                for visitation, offer, sex, count in [
                    ("Jobparat", "I alt", "I alt", "40"),
                    ("I alt", "Virksomhedsrettet aktivering", "I alt", "25,5"),
                    ("I alt", "I alt", "I alt", "1.100"),
                    ("Aktivitetsparat", "I alt", "I alt", "60"),
                    ("I alt", "I alt", "Kvinder", "-"),
                    ("Jobparat", "Løntilskud", "Mænd", ".."),
                ]:
                    rows.append([spelt, period, benefit, visitation, offer, sex, count])
    return csv_bytes(CROSS, *rows)


def summary_and_values(data: bytes) -> tuple:
    summary = run(data)
    values = sorted(
        FigureValue.objects.values_list(
            "municipality__code", "figure", "period_kind", "month", "numerator", "denominator"
        ),
        key=str,
    )
    result = (
        summary.values,
        summary.rows_used,
        summary.skipped_reasons,
        summary.values_suppressed,
        values,
    )
    FigureValue.objects.all().delete()
    return result


def test_caches_cut_off_at_their_limit_store_the_same(odense, holbaek, monkeypatch):
    data = cross_table()
    with_caches = summary_and_values(data)
    assert with_caches[0] == 2 * 3 * 2  # two areas, three periods, M2 and M3
    monkeypatch.setattr(cache, "LIMIT", 1)  # every cache keeps one entry, then works out
    assert summary_and_values(data) == with_caches


def test_values_written_and_replaced_in_small_batches(odense, holbaek, monkeypatch):
    monkeypatch.setattr(writer, "INSERT_BATCH", 2)
    monkeypatch.setattr(writer, "DELETE_MONTHS", 1)
    rows = [
        [area, period, category, count]
        for area in ("Hele landet", "Odense", "Holbæk")
        for period in ("2024M01", "2024M02", "2024M03", "2024Q1")
        for category, count in (("Jobparat", "3"), ("I alt", "10"))
    ]
    run(csv_bytes(M2, *rows))
    assert len(stored()) == 12
    assert set(stored().values()) == {(3.0, 10.0)}
    run(csv_bytes(M2, *([*row[:3], "7" if row[3] == "3" else "10"] for row in rows)))
    assert len(stored()) == 12
    assert set(stored().values()) == {(7.0, 10.0)}
    assert StatisticsImport.objects.count() == 2
    latest = StatisticsImport.objects.order_by("-pk").first()
    assert set(FigureValue.objects.values_list("batch", flat=True)) == {latest.pk}


def test_a_clash_while_writing_is_a_concurrent_import_and_nothing_stays(odense, monkeypatch):
    run(csv_bytes(M2, ["Odense", "2024M01", "Jobparat", "4"], ["Odense", "2024M01", "I alt", "10"]))
    # As if another import had written the same keys after this one deleted them.
    monkeypatch.setattr(writer, "_same_months", lambda values: {})
    clashing = csv_bytes(
        M2,
        ["Odense", "2024M02", "Jobparat", "5"],
        ["Odense", "2024M02", "I alt", "10"],
        ["Odense", "2024M01", "Jobparat", "6"],
        ["Odense", "2024M01", "I alt", "10"],
    )
    assert errors_of(clashing) == ["En anden import af de samme tal kørte samtidig. Prøv igen."]
    assert stored() == {("461", "M2", "M", JAN): (4.0, 10.0)}
    assert StatisticsImport.objects.count() == 1
    assert FigureValue.objects.get().source == Source.JOBINDSATS
