"""The employer reference, printed with the real WeasyPrint in Danish, English and the
citizen's language, read back from its tags (tests/pdf.py) and as text."""

import datetime as dt

import polib
import pytest
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.citizens.cpr import mask
from fremdrift.competences import printing
from fremdrift.competences.print_labels import REFERENCE_PRINT
from fremdrift.competences.selectors import card_for
from fremdrift.competences.services import record_follow_up_assessments
from fremdrift.competences.vocabulary import Kind
from tests.competences.factories import competence
from tests.conftest import login
from tests.pdf import pdf_table
from tests.plans.test_pdf import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(odense_citizen):
    competence(odense_citizen, "Lager og truck", level=4, name="Jens Mentor", role="employer")
    competence(
        odense_citizen,
        "Gymnasium, Aleppo",
        kind=Kind.EDUCATION,
        level=None,
        origin="home",
        year_from=2010,
        year_to=2013,
        role="citizen",
        name="",
    )
    record_follow_up_assessments(
        user=None,
        citizen=odense_citizen,
        scores={"punctuality": 5},
        assessor_role="employer",
        assessor_name="Jens Mentor",
        assessed_on=dt.date(2026, 6, 10),
        source="Opfølgning",
    )
    return odense_citizen


def _pdf(user, citizen, language):
    url = reverse("competences:pdf", kwargs={"citizen_pk": citizen.pk})
    response = login(user).get(url, {"sprog": language})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    return response.content


def _somali_catalogue(tmp_path, settings, translated):
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in translated.items():
        catalogue.append(polib.POEntry(msgctxt="kompetencekort", msgid=msgid, msgstr=msgstr))
    (tmp_path / "so" / "LC_MESSAGES").mkdir(parents=True)
    catalogue.save_as_mofile(str(tmp_path / "so" / "LC_MESSAGES" / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path]


def test_danish_one_page_with_who_and_when_and_no_cpr(tmp_path, odense_consultant, card):
    pdf = _pdf(odense_consultant, card, "da")
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert pdf_pages(pdf, tmp_path) == 1
    assert "Reference fra jobcentret" in text and "Rama Al-Hassan" in text
    assert mask(card.birth_date) not in text and card.birth_date.strftime("%d%m%y") not in text
    professional = pdf_table(pdf, "Faglige kompetencer")
    assert professional.row("Lager og truck") == [
        "4 – Kan selv",
        "arbejdsgiver, Jens Mentor, 01.05.2026",
    ]
    personal = pdf_table(pdf, "Personlige kompetencer")
    assert personal.row("Stabilt fremmøde og til tiden")[0] == "5 – Kan lære andre det"
    education = pdf_table(pdf, "Uddannelse")
    assert education.row("Gymnasium, Aleppo") == [
        "2010–2013",
        "Fra hjemlandet",
        "borgeren, 01.05.2026",
    ]
    assert "Erhvervserfaring" in text and "Intet registreret" in text
    entry = AuditEntry.objects.get(action=Action.VIEW)
    assert entry.citizen == card and entry.details == {"language": "da"}
    assert "Udskrift af kompetencekort" in entry.purpose


def test_english_and_a_missing_translation_is_said(tmp_path, settings, odense_caseworker, card):
    # English labels come from the catalogue's `kompetencekort` context; until translated,
    # a label is printed in Danish and the printout says so.
    pdf = _pdf(odense_caseworker, card, "en")
    text = " ".join(pdf_text(pdf, tmp_path).split())
    labels, incomplete = printing.reference_labels("en")
    if incomplete:
        assert "shown in Danish" in text and "English" in text
    assert labels["title"] in text
    assert AuditEntry.objects.get(action=Action.VIEW).details == {"language": "en"}


def test_the_citizens_language_from_the_record(tmp_path, settings, odense_caseworker, card):
    _somali_catalogue(
        tmp_path,
        settings,
        {
            "Reference fra jobcentret": "Tixraac xafiiska shaqada",
            "Faglige kompetencer": "Xirfadaha shaqada",
            "Kan selv": "Keligii ayuu samayn karaa",
            "arbejdsgiver": "loo-shaqeeye",
        },
    )
    card.preferred_language = "so"
    card.save(update_fields=["preferred_language"])
    pdf = _pdf(odense_caseworker, card, "borger")
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert "Tixraac xafiiska shaqada" in text
    table = pdf_table(pdf, "Xirfadaha shaqada")
    assert table.row("Lager og truck") == [
        "4 – Keligii ayuu samayn karaa",
        "loo-shaqeeye, Jens Mentor, 01.05.2026",
    ]
    # What has no translation yet is printed in Danish, and the printout says so.
    assert "Personlige kompetencer" in text and "De vises på dansk." in text and "Somali" in text
    assert AuditEntry.objects.get(action=Action.VIEW).details == {"language": "so"}


def test_an_unknown_language_choice_prints_danish(tmp_path, odense_caseworker, card):
    pdf = _pdf(odense_caseworker, card, "<script>")
    assert "Reference fra jobcentret" in pdf_text(pdf, tmp_path)


def test_a_right_to_left_language_sets_the_direction(odense_caseworker, odense_citizen):
    odense_citizen.preferred_language = "ar"
    assert printing.print_language("borger", odense_citizen) == "ar"
    assert printing.print_language("en", odense_citizen) == "en"
    assert printing.print_language(None, odense_citizen) == "da"
    card = card_for(odense_caseworker, odense_citizen)
    assert printing.reference_context(card=card, language="ar")["rtl"] is True


def test_every_label_is_in_the_kompetencekort_context():
    assert REFERENCE_PRINT.context == "kompetencekort"
    assert {f"level_{n}" for n in range(1, 6)} <= set(REFERENCE_PRINT.texts)
