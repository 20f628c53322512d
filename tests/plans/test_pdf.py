"""The printed plan, rendered with the real WeasyPrint and read back with poppler-utils."""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from fontTools.ttLib import TTFont

from fremdrift.audit.models import AuditEntry
from fremdrift.citizens.languages import CITIZEN_LANGUAGES, RTL_LANGUAGES
from fremdrift.plans import printing
from fremdrift.plans.print_labels import PLAN_PRINT
from tests.conftest import login
from tests.factories import CitizenFactory
from tests.plans.factories import FollowUpNoteFactory, PlanFactory, SubGoalFactory, offer_period


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is missing: install the Debian package poppler-utils")
    return path


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    file = tmp_path / "plan.pdf"
    file.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 - a fixed tool on our own file
        [_poppler("pdftotext"), "-enc", "UTF-8", str(file), "-"],
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def pdf_pages(pdf: bytes, tmp_path: Path) -> int:
    file = tmp_path / "plan.pdf"
    file.write_bytes(pdf)
    info = subprocess.run(  # noqa: S603
        [_poppler("pdfinfo"), str(file)], capture_output=True, check=True, text=True
    ).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.mark.django_db
def test_printed_plan_for_an_arabic_speaker(tmp_path, odense_caseworker, odense_citizen, plan):
    assert odense_citizen.preferred_language == "ar"
    goal = SubGoalFactory(plan=plan, text="Bestå Danskuddannelse 2 modul 3", status="in_progress")
    goal.offers.add(offer_period(odense_citizen))
    FollowUpNoteFactory(sub_goal=goal, written_by=odense_caseworker, text="Møder stabilt.")
    response = login(odense_caseworker).get(
        reverse("plans:pdf", kwargs={"citizen_pk": odense_citizen.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert pdf_pages(pdf, tmp_path) >= 1
    text = pdf_text(pdf, tmp_path)
    # Danish and Arabic labels; the words written in the plan as written.
    for expected in ("Min plan", "خطتي", "Delmål", "Måldato", "I gang", "Opfølgning", "Tilbud"):
        assert expected in text, expected
    for expected in ("Rama Al-Hassan", "Lager og logistik", "Bestå Danskuddannelse 2 modul 3"):
        assert expected in text, expected
    assert "Møder stabilt." in text and "Afklaringspraktik" in text
    entry = AuditEntry.objects.get(citizen=odense_citizen)
    assert entry.purpose == "Udskrift af borgerens plan (PDF)"


@pytest.mark.django_db
def test_printed_plan_for_a_tigrinya_speaker(tmp_path, odense, odense_caseworker):
    citizen = CitizenFactory(municipality=odense, preferred_language="ti", country_of_origin="ER")
    plan = PlanFactory(citizen=citizen, end_goal="education", field="SOSU-assistent")
    SubGoalFactory(plan=plan, status="reached")
    pdf = printing.render_plan_pdf(citizen=citizen, plan=plan)
    text = pdf_text(pdf, tmp_path)
    assert "ናተይ መደብ" in text and "Uddannelse" in text and "Nået" in text


@pytest.mark.django_db
def test_no_plan_no_printout(odense_caseworker, odense_citizen):
    response = login(odense_caseworker).get(
        reverse("plans:pdf", kwargs={"citizen_pk": odense_citizen.pk})
    )
    assert response.status_code == 302
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_missing_translation_is_printed_in_danish_and_said(
    tmp_path, settings, odense, odense_caseworker
):
    # A Somali catalogue that translates one label only, compiled as make messages does.
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalogue.append(polib.POEntry(msgctxt="borgerplan", msgid="Min plan", msgstr="Qorshahayga"))
    (tmp_path / "so" / "LC_MESSAGES").mkdir(parents=True)
    catalogue.save_as_mofile(str(tmp_path / "so" / "LC_MESSAGES" / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path]
    citizen = CitizenFactory(municipality=odense, preferred_language="so")
    plan = PlanFactory(citizen=citizen)
    pdf = printing.render_plan_pdf(citizen=citizen, plan=plan)
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert "Qorshahayga" in text and "Slutmål" in text
    assert "De vises kun på dansk." in text
    assert "shown in Danish only" in text and "Somali" in text


def test_every_citizen_language_has_every_label():
    for code, _name in CITIZEN_LANGUAGES:
        labels, incomplete = printing.print_labels(code)
        assert not incomplete, code
        assert set(labels) == set(PLAN_PRINT.texts)


def test_labels_carry_language_and_direction():
    labels, _ = printing.print_labels("ar")
    html = str(labels["title"])
    assert '<span class="da" lang="da">Min plan</span>' in html
    assert '<span class="tr" lang="ar" dir="rtl">خطتي</span>' in html
    assert 'dir="ltr"' in str(printing.print_labels("ku")[0]["title"])
    assert (
        str(printing.print_labels("da")[0]["title"]) == '<span class="da" lang="da">Min plan</span>'
    )
    assert {"ar", "fa", "prs", "ps"} == RTL_LANGUAGES


def test_the_installed_fonts_cover_every_printed_label():
    """A character no font has prints as an empty box: check the server's fonts (Debian's
    fonts-dejavu-core, fonts-sil-abyssinica and fonts-tlwg-loma-otf) cover every label."""
    covered: set[int] = set()
    files = [p for p in Path("/usr/share/fonts").rglob("*") if p.suffix in (".ttf", ".otf")]
    for file in files:
        covered |= set(TTFont(file, lazy=True, fontNumber=0).getBestCmap() or {})
    missing = {
        code: sorted({c for text in labels.values() for c in text or "" if ord(c) not in covered})
        for code, labels in (
            (code, PLAN_PRINT.in_language(code)) for code, _name in CITIZEN_LANGUAGES
        )
    }
    assert {code: chars for code, chars in missing.items() if chars} == {}
