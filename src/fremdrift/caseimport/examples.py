"""The example files offered for download beside the upload form."""

from __future__ import annotations

import csv
import io

from fremdrift.caseimport.formats import CITIZEN_COLUMNS, PERIOD_COLUMNS

# Synthetic people only: the names are made up for the example, and the example is meant to
# be replaced by the municipality's own export.
# fmt: off
EXAMPLE_CITIZENS: list[tuple[str, ...]] = [
    ("B-1001", "010190-1232", "Amal", "Eksempel", "SY", "refugee", "2025-09-01", "ar", "ja"),
    ("B-1002", "150385-1241", "Yonas", "Prøvesen", "ER", "family_reunified", "2025-10-15", "ti",
     "ja"),
    ("B-1003", "220792-0156", "Olena", "Testenko", "UA", "refugee", "2025-11-03", "uk", "nej"),
]
EXAMPLE_PERIODS: list[tuple[str, ...]] = [
    ("P-1", "B-1001", "programme", "", "2025-09-01", "", "2026-08-31", "", "", "", ""),
    ("P-2", "B-1001", "benefit", "selvforsoergelsesydelse", "2025-09-01", "", "", "", "", "", ""),
    ("P-3", "B-1001", "visitation", "job_ready", "2025-09-01", "", "", "", "", "", ""),
    ("P-4", "B-1001", "offer", "du2", "2025-09-15", "", "2026-06-30", "15", "", "Modul 2", ""),
    ("P-5", "B-1002", "programme", "", "2025-10-15", "", "2026-10-14", "", "", "", ""),
    ("P-6", "B-1002", "visitation", "activity_ready", "2025-10-15", "", "", "", "", "",
     "Dokumenteret behov for afklaring af helbred"),
    ("P-7", "B-1002", "absence", "sick", "2025-12-01", "2025-12-19", "", "", "", "", ""),
    ("P-8", "B-1003", "programme", "", "2025-11-03", "2026-02-27", "2026-11-02", "", "", "", ""),
    ("P-9", "B-1003", "outcome", "ordinary_job", "2026-03-02", "", "", "37", "", "", ""),
]
# fmt: on
EXAMPLES = {
    "borgere": (CITIZEN_COLUMNS, EXAMPLE_CITIZENS),
    "perioder": (PERIOD_COLUMNS, EXAMPLE_PERIODS),
}


def example_csv(kind: str) -> str:
    """The example file `kind` ("borgere" or "perioder") in the import format."""
    columns, rows = EXAMPLES[kind]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()
