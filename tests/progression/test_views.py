"""The progression pages through the test client: forms, the citizen's own form, the star
page, printouts and reports (suppression and query counts)."""

import datetime as dt
import re

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.audit.models import AuditEntry
from fremdrift.instruments.models import Response
from fremdrift.instruments.services import DEFINITIONS, instrument_version_load
from tests.conftest import login
from tests.conversations.helpers import make_conversation
from tests.factories import CitizenFactory, UserFactory, next_cpr
from tests.plans.test_pdf import pdf_text
from tests.progression.helpers import CITIZEN_ITEMS, all_items, progression_version, reading

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 4, 1)


@pytest.fixture
def conversation(odense_citizen, odense_caseworker):
    progression_version(odense_citizen.municipality)
    return make_conversation(odense_citizen, odense_caseworker, DAY)


def form_url(conversation, respondent="caseworker"):
    return reverse("progression:form", args=[conversation.pk, respondent])


def test_the_caseworker_form_saves_every_answer_and_agreement(conversation, odense_caseworker):
    data = {f"svar-{k}": v for k, v in all_items(7).items()} | {
        "svar-health": "dont_know",
        "svar-skills": "",
        "aftalt": "ja",
        "version": 0,  # no reading saved yet
    }
    response = login(odense_caseworker).post(form_url(conversation), data)
    assert response.status_code == 302
    saved = Response.objects.get(conversation=conversation, respondent="caseworker")
    assert saved.completed_at and saved.agreed_together and saved.recorded_by == odense_caseworker
    answers = {a.item: a.value or a.special for a in saved.answers.all()}
    assert answers["danish"] == 7 and answers["health"] == "dont_know" and "skills" not in answers


def test_a_value_off_the_scale_is_refused_in_danish_and_nothing_is_saved(
    conversation, odense_caseworker
):
    data = {f"svar-{k}": v for k, v in all_items(7).items()} | {"svar-belief": "12", "version": 0}
    response = login(odense_caseworker).post(form_url(conversation), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Målingen er ikke gemt" in body and "Tro på job: 12 ligger uden for skalaen 1-10" in body
    # What was typed is kept on the page.
    assert re.search(r'value="7" aria-describedby="svar-danish-stage-4" checked', body)
    assert not Response.objects.filter(conversation=conversation).exists()


def test_the_citizens_own_form_one_question_at_a_time_in_arabic(conversation, odense_caseworker):
    client = login(odense_caseworker)
    step = reverse("progression:citizen_step", args=[conversation.pk, 1])
    page = client.get(step + "?sprog=ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "إلى أي حدّ تستطيع أن تتكلم الدنماركية" in page and "السؤال 1 من 8" in page
    assert "Hvor godt kan du tale" not in page  # no Danish fallback needed
    for number, item in enumerate(CITIZEN_ITEMS, start=1):
        url = reverse("progression:citizen_step", args=[conversation.pk, number])
        answer = "not_relevant" if item == "network" else str(number + 1)
        result = client.post(url, {"svar": answer, "handling": "naeste", "sprog": "ar"})
        assert result.status_code == 302
    assert result["Location"].endswith("/afslut/?sprog=ar")
    response = Response.objects.get(conversation=conversation, respondent="citizen")
    assert response.language == "ar" and response.completed_at is None
    assert response.answers.count() == 8
    summary = client.get(result["Location"]).content.decode()
    assert "لا ينطبق" in summary  # "not relevant", in Arabic
    client.post(result["Location"], {"aftalt": "ja", "sprog": "ar"})
    response.refresh_from_db()
    assert response.completed_at and response.agreed_together


def test_back_keeps_the_answer_and_skip_leaves_it_unanswered(conversation, odense_caseworker):
    client = login(odense_caseworker)
    second = reverse("progression:citizen_step", args=[conversation.pk, 2])
    result = client.post(second, {"svar": "4", "handling": "tilbage", "sprog": "da"})
    assert result["Location"].endswith("/borgerens-skema/1/?sprog=da")
    client.post(second.replace("/2/", "/3/"), {"svar": "9", "handling": "spring"})
    answers = dict(
        Response.objects.get(conversation=conversation).answers.values_list("item", "value")
    )
    assert answers == {"health": 4}


def test_a_missing_translation_shows_danish_and_says_so(odense, conversation, odense_caseworker):
    definition = yaml.safe_load((DEFINITIONS / "fremdrift-progression.yaml").read_text())
    definition["version"] = 2
    del definition["sections"][0]["items"][0]["text"]["citizen"]["uk"]
    instrument_version_load(
        text=yaml.safe_dump(definition, allow_unicode=True), source="own.yaml",
        municipality=odense, publish=True,
    )  # fmt: skip
    url = reverse("progression:citizen_step", args=[conversation.pk, 1]) + "?sprog=uk"
    page = login(odense_caseworker).get(url).content.decode()
    assert "Hvor godt kan du tale og forstå dansk i hverdagen?" in page
    assert "Цього тексту ще немає вашою мовою. Його показано данською." in page
    assert "Данська" in page  # the item's short name is there in Ukrainian


def test_the_citizen_page_draws_the_stars_with_their_tables_and_records_the_read(
    odense_citizen, odense_caseworker
):
    reading(odense_citizen, odense_caseworker, DAY, "caseworker", all_items(3))
    later = DAY + dt.timedelta(days=91)
    latest = reading(odense_citizen, odense_caseworker, later, "caseworker", all_items(6))
    reading(
        odense_citizen, odense_caseworker, later, "citizen", all_items(8, "citizen"),
        conversation=latest.conversation,
    )  # fmt: skip
    before = AuditEntry.objects.filter(citizen=odense_citizen, action="view").count()
    page = (
        login(odense_caseworker)
        .get(reverse("progression:citizen", args=[odense_citizen.pk]))
        .content.decode()
    )
    assert page.count('class="star"') == 3  # comparison, caseworker, citizen
    assert "Borgerens og sagsbehandlerens seneste måling" in page
    assert "<title>Seneste måling 1. juli 2026: Dansk 6</title>" in page
    assert '<span class="change change-up">+3' in page
    assert AuditEntry.objects.filter(citizen=odense_citizen, action="view").count() == before + 1


def test_filled_and_blank_questionnaires_print(odense_citizen, odense_caseworker, tmp_path):
    response = reading(odense_citizen, odense_caseworker, DAY, "citizen", all_items(5, "citizen"))
    client = login(odense_caseworker)
    filled = client.get(reverse("progression:pdf", args=[response.conversation_id, "citizen"]))
    assert filled["Content-Type"] == "application/pdf"
    text = pdf_text(filled.content, tmp_path)
    assert odense_citizen.full_name in text and "Hvor godt kan du tale og forstå dansk" in text
    assert "Første måling" in text  # the star's legend
    assert AuditEntry.objects.filter(
        citizen=odense_citizen, purpose="Udskrift af progressionsmåling (PDF)"
    ).exists()
    blank = client.get(reverse("progression:blank_pdf", args=["citizen"]) + "?sprog=en")
    text = pdf_text(blank.content, tmp_path)
    assert "How well can you speak and understand Danish in everyday life?" in text
    assert "Tick one box for each question" in text and odense_citizen.last_name not in text


MUNICIPALITY_REPORT = "/progression/?omfang=kommune"


def _measured_citizens(municipality, caseworker, count, start=0):
    for i in range(start, start + count):
        citizen = CitizenFactory(
            municipality=municipality, caseworker=caseworker, cpr=next_cpr(dt.date(1980, 1, 1 + i))
        )
        reading(citizen, caseworker, DAY, "caseworker", all_items(3))
        reading(citizen, caseworker, DAY + dt.timedelta(days=90), "caseworker", all_items(5))


def test_small_groups_are_hidden_except_in_the_caseworkers_own_caseload(
    odense, odense_caseworker, odense_manager
):
    progression_version(odense)
    _measured_citizens(odense, odense_caseworker, 3)
    own = login(odense_caseworker).get(reverse("progression:report")).content.decode()
    assert "Min sagsstamme" in own and "+2,0" in own and "Færre end 5" not in own
    municipality = (
        login(odense_manager)
        .get(reverse("progression:report") + "?omfang=kommune")
        .content.decode()
    )
    assert "Færre end 5 målte borgere" in municipality and "+2,0" not in municipality
    _measured_citizens(odense, odense_caseworker, 2, start=3)
    municipality = (
        login(odense_manager)
        .get(reverse("progression:report") + "?omfang=kommune")
        .content.decode()
    )
    assert "+2,0" in municipality and "100 %" in municipality
    assert odense_caseworker.get_full_name() in municipality  # the per-caseworker summary


def test_the_report_and_the_citizen_page_keep_a_constant_number_of_queries(
    odense, odense_caseworker
):
    progression_version(odense)
    client = login(odense_caseworker)
    url = reverse("progression:report") + "?omfang=kommune"
    counts = []
    for size in (2, 7):
        _measured_citizens(odense, odense_caseworker, size - len(counts) * 2, start=len(counts) * 2)
        client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    citizen = CitizenFactory(municipality=odense, caseworker=odense_caseworker)
    page = reverse("progression:citizen", args=[citizen.pk])
    counts = []
    for readings in (1, 5):
        while Response.objects.filter(citizen=citizen).count() < readings:
            n = Response.objects.filter(citizen=citizen).count()
            reading(citizen, odense_caseworker, DAY + dt.timedelta(days=90 * n), "caseworker",
                    all_items(2 + n))  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            client.get(page)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_caseworker_without_a_team_sees_their_caseload_and_the_municipality(odense):
    lone = UserFactory(username="lone", role="caseworker", municipality=odense)
    progression_version(odense)
    page = login(lone).get(reverse("progression:report")).content.decode()
    assert "Min sagsstamme" in page and "Hele kommunen" in page and "Mit team" not in page


def test_an_unknown_answer_on_a_step_is_refused_and_the_step_shown_again(
    conversation, odense_caseworker
):
    url = reverse("progression:citizen_step", args=[conversation.pk, 1])
    result = login(odense_caseworker).post(url, {"svar": "99", "sprog": "da"})
    assert result.status_code == 400
    assert "Dansk: 99 ligger uden for skalaen 1-10" in result.content.decode()
    assert not Response.objects.filter(conversation=conversation).exists()


def test_blank_questionnaires_are_offered_where_a_caseworker_needs_them(
    conversation, odense_caseworker, odense_citizen
):
    odense_citizen.preferred_language = "so"
    odense_citizen.save()
    client = login(odense_caseworker)
    page = client.get(reverse("conversations:detail", args=[conversation.pk])).content.decode()
    assert reverse("progression:blank_pdf", args=["citizen"]) + "?sprog=so" in page
    report = client.get(reverse("progression:report")).content.decode()
    assert '<a href="/progression/skema/citizen/pdf/?sprog=ti" hreflang="ti">' in report


def test_blank_forms_are_listed_one_language_per_item_with_its_direction(
    conversation, odense_caseworker
):
    """Right-to-left names printed side by side in one line read as one jumbled name: each
    language is its own list item, its own name marked with language and direction, with
    the Danish name beside it."""
    report = login(odense_caseworker).get(reverse("progression:report")).content.decode()
    listing = re.search(r'<ul class="blank-languages"[^>]*>(.*?)</ul>', report, re.S)
    assert listing, "the blank forms are not a list"
    items = re.findall(r"<li>(.*?)</li>", listing.group(1), re.S)
    assert len(items) == 8  # da, en, ar, prs, fa, ti, so, uk: one item each
    url = reverse("progression:blank_pdf", args=["citizen"])
    arabic = next(item for item in items if "?sprog=ar" in item)
    assert f'<a href="{url}?sprog=ar" hreflang="ar">' in arabic
    assert '<span lang="ar" dir="rtl">العربية</span>' in arabic
    assert '<span class="muted">(Arabisk)</span>' in arabic
    farsi = next(item for item in items if "?sprog=fa" in item)
    assert '<span lang="fa" dir="rtl">فارسی</span>' in farsi and "(Farsi (persisk))" in farsi
    dari = next(item for item in items if "?sprog=prs" in item)
    assert '<span lang="prs" dir="rtl">دری</span>' in dari and "(Dari)" in dari
    tigrinya = next(item for item in items if "?sprog=ti" in item)
    assert '<span lang="ti" dir="ltr">ትግርኛ</span>' in tigrinya and "(Tigrinya)" in tigrinya
    danish = next(item for item in items if "?sprog=da" in item)
    # Danish is named once: "Dansk (Dansk)" says nothing more.
    assert '<span lang="da" dir="ltr">Dansk</span></a>' in danish


def test_a_post_with_no_answers_leaves_a_finished_reading_as_it_was(
    conversation, odense_caseworker
):
    client = login(odense_caseworker)
    client.post(
        form_url(conversation), {f"svar-{k}": v for k, v in all_items(6).items()} | {"version": 0}
    )
    saved = Response.objects.get(conversation=conversation, respondent="caseworker")
    before = sorted(saved.answers.values_list("item", "value"))
    assert saved.completed_at and len(before) == len(all_items(6))
    response = client.post(form_url(conversation), {"version": saved.edit_version})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ingen spørgsmål er besvaret, så målingen er ikke ændret" in body
    assert sorted(saved.answers.values_list("item", "value")) == before
    assert re.search(r'value="6" aria-describedby="svar-danish-stage-3" checked', body)
