"""What the printed plan tells the citizen beside the plan: their caseworker and how to reach
them, the offers they are in now, and when the next conversation is due.

It once said "Sagsbehandler –" and nothing more. The facts are gathered by one function
(`plan_print_facts`), tested directly, and read back from the real PDF.
"""

from __future__ import annotations

import datetime as dt

import pytest

from fremdrift.companies.models import Company
from fremdrift.journey.models import Period
from fremdrift.journey.types import PeriodKind
from fremdrift.plans import printing
from fremdrift.plans.selectors import CaseworkerContact, plan_print_facts
from tests.conversations.helpers import make_conversation
from tests.factories import CitizenFactory, UserFactory
from tests.pdf import pdf_table
from tests.plans.factories import PlanFactory, offer_period
from tests.plans.test_pdf import pdf_text

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 4, 20)
TAKEOVER = dt.date(2026, 1, 5)
# Four conversations in the first six months, one every six weeks: after the one on
# 10 April the next is due six weeks later.
HELD = dt.date(2026, 4, 10)
NEXT = dt.date(2026, 5, 22)


@pytest.fixture
def caseworker(odense_caseworker):
    odense_caseworker.email = "mette.holm@odense.kommune.example"
    odense_caseworker.save(update_fields=["email"])
    return odense_caseworker


def _citizen_in_the_programme(odense, caseworker, *, language: str = "da"):
    citizen = CitizenFactory(
        municipality=odense, caseworker=caseworker, takeover_date=TAKEOVER,
        preferred_language=language, first_name="Amal", last_name="Yusuf",
    )  # fmt: skip
    Period.objects.create(
        municipality=odense, citizen=citizen, kind=PeriodKind.PROGRAMME, start=TAKEOVER,
        planned_end=dt.date(2027, 1, 4),
    )  # fmt: skip
    return citizen


@pytest.fixture
def citizen(odense, caseworker):
    citizen = _citizen_in_the_programme(odense, caseworker)
    make_conversation(citizen, caseworker, HELD)
    return citizen


@pytest.fixture
def placement(odense, citizen):
    offer = offer_period(citizen, code="virksomhedspraktik", start=dt.date(2026, 4, 1))
    offer.company = Company.objects.create(
        municipality=odense, cvr="10000009", name="Fynsk Lager ApS"
    )
    offer.save(update_fields=["company"])
    return offer


@pytest.fixture
def finished_offer(citizen):
    offer = offer_period(citizen, code="afklaringspraktik", start=dt.date(2026, 2, 2))
    offer.end = dt.date(2026, 2, 27)
    offer.save(update_fields=["end"])
    return offer


def test_the_facts_name_the_caseworker_the_current_offers_and_the_next_conversation(
    citizen, placement, finished_offer
):
    facts = plan_print_facts(citizen, today=DAY)
    assert facts.caseworker == CaseworkerContact("Mette Holm", "mette.holm@odense.kommune.example")
    assert facts.offers == [placement]  # the finished one is not an offer now
    assert facts.next_conversation == NEXT


def test_a_citizen_without_a_caseworker_or_programme_has_neither(odense):
    citizen = CitizenFactory(municipality=odense, caseworker=None, takeover_date=TAKEOVER)
    facts = plan_print_facts(citizen, today=DAY)
    assert facts.caseworker is None and facts.offers == [] and facts.next_conversation is None


def test_a_caseworker_of_another_municipality_is_not_printed(odense, holbaek_caseworker):
    citizen = CitizenFactory(municipality=odense, caseworker=holbaek_caseworker)
    assert plan_print_facts(citizen, today=DAY).caseworker is None


def test_the_pdf_names_the_caseworker_their_address_an_offer_and_the_next_conversation(
    tmp_path, citizen, placement, finished_offer
):
    plan = PlanFactory(citizen=citizen)
    pdf = printing.render_plan_pdf(citizen=citizen, plan=plan, today=DAY)
    facts = pdf_table(pdf, "Min plan")
    assert facts.row("Sagsbehandler") == ["Mette Holm"]
    assert facts.row("Kontakt") == ["mette.holm@odense.kommune.example Jobcenter Odense"]
    assert facts.row("Næste samtale senest") == ["22.05.2026"]
    assert facts.row("Udskrevet den") == ["20.04.2026"]
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert "Mine tilbud nu" in text
    assert f"{placement.label}, Fynsk Lager ApS, 01.04.2026–29.04.2026" in text
    assert "Afklaringspraktik" not in text  # finished before the day of printing


def test_the_pdf_says_there_is_no_caseworker_yet_instead_of_a_dash(tmp_path, odense):
    citizen = CitizenFactory(
        municipality=odense, caseworker=None, takeover_date=TAKEOVER, preferred_language="da"
    )
    pdf = printing.render_plan_pdf(citizen=citizen, plan=PlanFactory(citizen=citizen), today=DAY)
    facts = pdf_table(pdf, "Min plan")
    assert facts.row("Sagsbehandler") == ["Ingen sagsbehandler endnu"]
    assert facts.row("Næste samtale senest") == ["Ikke fastsat"]
    assert not [row for row in facts.rows if row[0] == "Kontakt"]
    assert "–" not in " ".join(cell for row in facts.rows for cell in row)
    assert "Ingen tilbud lige nu" in pdf_text(pdf, tmp_path)


def test_the_facts_are_labelled_in_the_citizens_language_too(tmp_path, odense, caseworker):
    citizen = _citizen_in_the_programme(odense, caseworker, language="ar")
    pdf = printing.render_plan_pdf(citizen=citizen, plan=PlanFactory(citizen=citizen), today=DAY)
    text = pdf_text(pdf, tmp_path)
    # (pdftotext splits the lam-alef ligature, so the phrases are matched past it.)
    for arabic in ("التواصل", "عروضي الحالية", "توجد عروض حاليًا"):
        assert arabic in text, arabic
    assert "mette.holm@odense.kommune.example" in text
    # The Arabic citizen's Danish labels are there as well: the printout is bilingual.
    assert "Næste samtale senest" in text and "Kontakt" in text
    # No caseworker: the Arabic citizen reads that in Arabic as well.
    citizen.caseworker = None
    citizen.save(update_fields=["caseworker"])
    pdf = printing.render_plan_pdf(citizen=citizen, plan=citizen.plan, today=DAY)
    assert "يوجد موظف مسؤول عن ملفك بعد" in pdf_text(pdf, tmp_path)


def test_a_user_without_an_address_is_printed_without_a_contact_row(odense):
    caseworker = UserFactory(municipality=odense, first_name="Bo", last_name="Skov", email="")
    citizen = CitizenFactory(municipality=odense, caseworker=caseworker, preferred_language="da")
    pdf = printing.render_plan_pdf(citizen=citizen, plan=PlanFactory(citizen=citizen), today=DAY)
    facts = pdf_table(pdf, "Min plan")
    assert facts.row("Sagsbehandler") == ["Bo Skov"]
    assert not [row for row in facts.rows if row[0] == "Kontakt"]
