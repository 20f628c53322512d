"""The printed work agreement, rendered with the real WeasyPrint and read back with poppler and
the tagged-PDF helpers (tests/pdf.py)."""

import datetime as dt

import pytest
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.citizens.cpr_storage import cpr_decrypt
from fremdrift.companies.agreement_printing import AGREEMENT_PRINT
from fremdrift.companies.agreement_services import agreement_new_version
from fremdrift.companies.models import Placement
from fremdrift.plans.printing import print_labels
from tests.companies.boundary import placement_period
from tests.companies.factories import CompanyFactory, ContactPersonFactory, agreement_for
from tests.conftest import login
from tests.pdf import pdf_table, pdf_tables
from tests.plans.test_pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(odense, odense_citizen, odense_consultant):
    company = CompanyFactory(
        municipality=odense, name="Fynsk Lager ApS", p_number="1012345678", cvr="12345674"
    )
    period = placement_period(company, odense_citizen)
    contact = ContactPersonFactory(company=company, name="Jette Skov", phone="61 22 33 44")
    agreement = agreement_for(
        period,
        odense_consultant,
        signed=True,
        follow_ups=(dt.date(2026, 6, 1), dt.date(2026, 7, 1)),
        hours_friday="4 timer",
    )
    Placement.objects.filter(pk=agreement.placement_id).update(
        contact_person=contact, consultant=odense_consultant
    )
    return agreement


def get_pdf(user, agreement, **query):
    url = reverse("companies:agreement_pdf", kwargs={"pk": agreement.pk})
    response = login(user).get(url, query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    return response.content


def test_the_danish_copy_has_the_parties_the_content_and_three_signature_lines(
    tmp_path, odense_consultant, odense_citizen, signed
):
    pdf = get_pdf(odense_consultant, signed)
    text = " ".join(pdf_text(pdf, tmp_path).split())
    for expected in (
        "Arbejdsaftale",
        "Version 1",
        "Fynsk Lager ApS",
        "1012345678",
        "Jette Skov, 61 22 33 44",
        "Rama Al-Hassan",
        odense_consultant.get_full_name(),
        "Møder til tiden",
        "Kan pakke en ordre selv",
        "Plukke og pakke ordrer",
        "01.06.2026 · 01.07.2026",
        "Arbejdsgiver",
        "Borger",
        "Jobkonsulent",
    ):
        assert expected in text, expected
    assert "Erstatter" not in text and "Kladde" not in text
    assert "الأهداف" not in text  # the Danish copy is in Danish only
    digits = cpr_decrypt(odense_citizen.cpr_encrypted)
    assert digits[:6] not in text and odense_citizen.cpr_masked not in text
    # The tagged tables read cell by cell, whatever wraps.
    days = pdf_table(pdf, "Arbejdstid")
    assert days.row("Mandag") == ["8.00-12.00"]
    assert days.row("Tirsdag") == ["Fri"]
    assert days.row("Fredag") == ["4 timer"]
    assert days.row("I alt pr. uge") == ["12"]
    wage = pdf_table(pdf, "Hvornår der skal tales om løn")
    assert wage.row("Score i opfølgningen (1-5)") == ["4"]
    assert wage.row("Timer pr. uge") == ["20"]
    assert pdf_table(pdf, "Mål for ordinære timer").row("Timer pr. uge") == ["15"]
    signatures = next(t for t in pdf_tables(pdf) if t.heading == "Underskrifter").rows[0]
    assert len(signatures) == 3
    assert signatures[0].startswith("Arbejdsgiver Dato / Underskrift")
    assert "Underskriver employer, 01.05.2026" in signatures[0]
    entry = AuditEntry.objects.get(citizen=odense_citizen)
    assert (entry.action, entry.purpose) == (Action.VIEW, "Udskrift af arbejdsaftale (PDF)")
    assert entry.details == {"period": signed.placement.period_id, "agreement": signed.pk}


def test_the_citizens_copy_is_also_in_arabic(tmp_path, odense_consultant, odense_citizen, signed):
    assert odense_citizen.preferred_language == "ar"
    text = " ".join(
        pdf_text(get_pdf(odense_consultant, signed, eksemplar="borger"), tmp_path).split()
    )
    # Labels the plan's printout shares are translated already; the rest are said to be
    # Danish only until the translators have them (the plan's own mechanism).
    # (pdftotext splits the lam-alef ligature, so the phrases are matched past it.)
    assert "Delmål" in text and "الفرعية" in text
    assert "Udskrevet den" in text and "تاريخ الطباعة" in text
    if print_labels("ar", AGREEMENT_PRINT)[1]:
        assert "De vises kun på dansk." in text and "Arabic" in text
    entry = AuditEntry.objects.get(citizen=odense_citizen)
    assert entry.purpose == "Udskrift af arbejdsaftale, borgerens eksemplar (PDF)"


def test_a_new_version_says_which_it_replaces_and_is_a_draft(tmp_path, odense_consultant, signed):
    second = agreement_new_version(actor=odense_consultant, agreement=signed)
    text = " ".join(pdf_text(get_pdf(odense_consultant, second), tmp_path).split())
    assert "Version 2 · Erstatter version 1" in text
    assert "Kladde, ikke underskrevet" in text


def test_the_agreement_labels_use_the_citizen_printout_context():
    labels, _incomplete = print_labels("ar", AGREEMENT_PRINT)
    assert set(labels) == set(AGREEMENT_PRINT.texts)
    assert labels["sub_goals"].translated == "الأهداف الفرعية"
    assert AGREEMENT_PRINT.context == "borgerplan"
    danish, none_missing = print_labels("da", AGREEMENT_PRINT)
    assert str(danish["title"]) == '<span class="da" lang="da">Arbejdsaftale</span>'
    assert not none_missing
