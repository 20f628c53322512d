"""The printed theory: A4 landscape, read back with poppler's pdftotext and pdfinfo."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse

from fremdrift.results.models import FigureValue
from fremdrift.results.selectors import latest_month
from fremdrift.toolbox.models import Horizon
from fremdrift.toolbox.theory.services import item_bind, target_group_save
from tests.conftest import login
from tests.plans.test_pdf import _poppler, pdf_text
from tests.toolbox.boundary_theory import build_theory

pytestmark = pytest.mark.django_db


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_holds_the_whole_theory(tmp_path, odense, odense_manager, odense_consultant):
    month = latest_month()
    FigureValue.objects.create(
        municipality=odense, figure="M3", month=month, numerator=62, denominator=200
    )
    FigureValue.objects.create(
        municipality=odense, figure="M3", month=month - 12, numerator=25, denominator=100
    )
    theory = build_theory(odense_manager)
    target_group_save(
        actor=odense_manager,
        theory=theory,
        data={
            "title": theory.title, "target_group": theory.target_group, "segment": theory.segment,
            "can_not_wants": "Passer børn derhjemme", "education": "Få års skolegang",
        },
        expected_version=theory.edit_version,
    )  # fmt: skip
    item_bind(actor=odense_manager, item=theory.items.get(horizon=Horizon.LONG), figure="M3")
    response = login(odense_consultant).get(reverse("toolbox:theory_pdf", kwargs={"pk": theory.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert "forandringsteori-" in response["Content-Disposition"]
    text = flat(pdf_text(response.content, tmp_path))
    for expected in (
        "Aktivitetsparate på vej mod job",
        "Forandringsteori · version 1 · Odense",
        "0 borgere i målgruppen",
        "Kan ikke",
        "Passer børn derhjemme",
        "Få års skolegang",
        "Langsigtede resultater",  # the diagram's header and the item tables
        "M3: 31,0 % (baseline 25,0 %)",
        "Definitioner",
        "Population",
        "Fremdrift: beregnet ud fra borgernes registrerede perioder",
        "Historik",
        "Tilføjede aktivitet: Kompetenceafklaring",
        "Lars Bach",
    ):
        assert expected in text, expected
    # The diagram is vector text in the PDF: its boxes are searchable too.
    assert text.count("Borgeren søger selv praktik") >= 2
    info = subprocess.run(  # noqa: S603 - a fixed tool on our own file
        [_poppler("pdfinfo"), "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    width, height = (float(n) for n in info.split("Page size:")[1].split("pts")[0].split(" x "))
    assert width > height and round(width) == 842 and round(height) == 595  # A4 landscape


def test_the_pdf_is_danish_for_a_user_reading_english(tmp_path, odense_manager):
    theory = build_theory(odense_manager)
    client = login(odense_manager)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("toolbox:theory_detail", kwargs={"pk": theory.pk}))
    assert "Long-term" in page.content.decode()  # the page itself follows the user
    response = client.get(reverse("toolbox:theory_pdf", kwargs={"pk": theory.pk}))
    text = flat(pdf_text(response.content, tmp_path))
    assert "Langsigtede resultater" in text and "Aktiviteter" in text
    assert "Long-term" not in text
