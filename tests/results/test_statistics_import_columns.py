"""The statistics import reads a CSV file in batches, each counted as columns when every row
in it is clean and row by row otherwise (results/statistics/columns.py): the batches change
neither what is stored nor the errors, whatever their size and wherever a batch ends."""

from __future__ import annotations

import io

import pytest

from fremdrift.results.models import FigureValue
from fremdrift.results.statistics import reader
from fremdrift.results.statistics.errors import StatisticsImportError
from fremdrift.results.statistics.writer import import_statistics

pytestmark = pytest.mark.django_db

HEAD = "Udtrukket 15-03-2024\r\nOmråde;Periode;Ydelse;Visitationskategori;Køn;Antal personer\r\n"


def rows_for(area: str, period: str, ready: str = "4", total: str = "10") -> list[str]:
    return [
        f"{area};{period};Integrationsydelse;Jobparat;I alt;{ready}",
        f"{area};{period};Integrationsydelse;Aktivitetsparat;I alt;3",  # other category
        f"{area};{period};Integrationsydelse;I alt;I alt;{total}",
        f"{area};{period};Integrationsydelse;Jobparat;Mænd;2",  # breakdown
        f"{area};{period};Kontanthjælp;I alt;I alt;50",  # other benefit
        f"{area};{period};Overgangsydelse;Jobparat;I alt;1",
        f"{area};{period};Overgangsydelse;I alt;I alt;{total}",
    ]


CLEAN = [
    *rows_for("Odense", "2024M01"),
    *rows_for("Holbæk", "2024M01", ready=".."),  # suppressed: not stored
    *rows_for("Hele landet", "2024M01", ready="40,5", total="1.000"),
    *rows_for("461", "2024Q1"),
]
FILES = {
    "clean": CLEAN,
    "blank lines and a note": [*CLEAN[:5], "", *CLEAN[5:], ";;;;;", "Kilde: Jobindsats.dk"],
    "an unknown area and a number that is not one": [
        *CLEAN[:3],
        "Atlantis;2024M01;Integrationsydelse;I alt;I alt;4",
        *CLEAN[3:9],
        "Odense;2024M02;Integrationsydelse;Jobparat;I alt;12,3,4",
        *CLEAN[9:],
    ],
    "a value under no header": [*CLEAN[:4], CLEAN[4] + ";x", *CLEAN[5:]],
    "rows twice, far apart": [*CLEAN, CLEAN[0], CLEAN[2].replace("Odense", "461 Odense")],
    "a figure without its denominator": [row for row in CLEAN if "461;" not in row][:-1],
}


def outcome(lines: list[str]) -> tuple:
    data = (HEAD + "\r\n".join(lines) + "\r\n").encode()
    FigureValue.objects.all().delete()
    try:
        summary = import_statistics(io.BytesIO(data), file_name="jobindsats.csv")
    except StatisticsImportError as error:
        return ("refused", error.errors)
    stored = sorted(
        FigureValue.objects.values_list(
            "municipality__code", "figure", "period_kind", "month", "numerator", "denominator"
        ),
        key=repr,
    )
    return (stored, summary.rows_used, summary.skipped_reasons, summary.values_suppressed)


@pytest.mark.parametrize("name", list(FILES))
def test_any_batch_size_gives_what_rows_one_by_one_give(name, odense, holbaek, monkeypatch):
    lines = FILES[name]
    # One row a batch: only a row that is not clean is read one by one.
    monkeypatch.setattr(reader, "BATCH", 1)
    expected = outcome(lines)
    for size in (2, 3, 7, 1000):
        monkeypatch.setattr(reader, "BATCH", size)
        assert outcome(lines) == expected, size


def test_what_the_files_give(odense, holbaek):
    stored, used, skipped, suppressed = outcome(FILES["clean"])
    jan, q1 = 2024 * 12, 2024 * 12 + 2
    assert stored == sorted(
        [
            ("461", "M2", "M", jan, 5.0, 20.0),
            ("461", "M2", "Q", q1, 5.0, 20.0),
            (None, "M2", "M", jan, 41.5, 2000.0),
        ],
        key=repr,
    )
    assert (used, suppressed) == (15, 1)
    assert skipped == {"other_category": 4, "breakdown": 4, "other_benefit": 4, "suppressed": 1}
    assert outcome(FILES["an unknown area and a number that is not one"])[1] == [
        "Række 6, kolonne 'Område': 'Atlantis' er hverken 'Hele landet' eller en kendt "
        "kommune (navn eller kommunekode).",
        "Række 13, kolonne 'Antal personer': '12,3,4' er ikke et tal.",
    ]
    assert outcome(FILES["rows twice, far apart"])[1] == [
        "Række 31: samme område, periode og kategorier som række 3.",
        "Række 32: samme område, periode og kategorier som række 5.",
    ]
    assert outcome(FILES["a value under no header"])[1] == [
        "Række 7, kolonne 7: der står en værdi ('x') i en kolonne uden overskrift."
    ]
