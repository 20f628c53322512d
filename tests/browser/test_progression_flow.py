"""The progression reading in a real browser: the caseworker records a new conversation,
scores the nine areas, lets the citizen answer their eight one at a time in Arabic (right to
left) and finish on a thank-you screen that asks for the screen back, takes it back with
their own button, and sees both the citizen's star and the comparison star move to the new
values."""

from __future__ import annotations

import re

import pytest
from django.db.models import Count, Max, Q
from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import Locator, Page, expect

from fremdrift.accounts.models import User
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.citizens.models import Citizen
from fremdrift.conversations.models import Conversation
from fremdrift.core import clock
from fremdrift.instruments.models import InstrumentVersion, Response
from fremdrift.instruments.response_services import current_version
from tests.browser.test_citizen_flow import CASEWORKER, log_in

SPECIAL_DA = {"dont_know": "Ved ikke", "not_relevant": "Ikke relevant"}
NOT_RELEVANT_AR = "لا ينطبق"
THANKS_AR = "شكرًا. تم حفظ إجاباتك."
HAND_BACK_AR = "من فضلك أعِد الشاشة الآن إلى الموظف المسؤول عن ملفك."
JOURNAL_TEXT = "Vi gennemgik progressionsmålingen sammen."


def _citizen_with_readings() -> Citizen:
    """One of the caseworker's citizens with completed readings from both respondents, none
    of them dated after today (so the new reading is the latest), whose own language is not
    Arabic (so the Arabic form is a choice made on the page)."""
    today = clock.today()
    citizen = (
        Citizen.objects.filter(caseworker__username=CASEWORKER)
        .exclude(preferred_language="ar")
        .annotate(
            by_citizen=Count(
                "instrument_responses",
                filter=Q(
                    instrument_responses__respondent="citizen",
                    instrument_responses__completed_at__isnull=False,
                ),
            ),
            by_caseworker=Count(
                "instrument_responses",
                filter=Q(
                    instrument_responses__respondent="caseworker",
                    instrument_responses__completed_at__isnull=False,
                ),
            ),
            last_reading=Max("instrument_responses__taken_on"),
        )
        .filter(by_citizen__gte=2, by_caseworker__gte=2, last_reading__lt=today)
        .order_by("id")
        .first()
    )
    assert citizen is not None, "the demo has no citizen of the caseworker with readings"
    return citizen


def _latest(citizen: Citizen, respondent: str) -> dict[str, str]:
    response = (
        Response.objects.filter(citizen=citizen, respondent=respondent, completed_at__isnull=False)
        .order_by("taken_on", "id")
        .last()
    )
    return {
        a.item: str(a.value) if a.value is not None else a.special for a in response.answers.all()
    }


def _differing(previous: dict[str, str], keys: list[str], low: int, high: int) -> dict[str, str]:
    """For each item a score from low..high that differs from the previous reading's."""
    return {key: str(high if previous.get(key) != str(high) else low) for key in keys}


def _table(section: Locator) -> dict[str, list[str]]:
    """The star's table in a section: row header -> the cells' texts."""
    table = section.locator("table.star-table")
    expect(table).to_be_visible()
    rows = {}
    for row in table.locator("tbody tr").all():
        rows[row.locator("th").inner_text().strip()] = [
            cell.strip() for cell in row.locator("td").all_inner_texts()
        ]
    return rows


def _marker_titles(page: Page, chart_id: str) -> list[str]:
    star = page.locator(f"svg.star:has(#{chart_id}-title)")
    expect(star).to_have_count(1)
    return [
        t.strip()
        for t in star.locator("circle > title, rect > title, polygon > title").all_text_contents()
    ]


def _assert_markers(titles: list[str], series: str, answers: dict[str, str], short: dict) -> None:
    """One marker per scored answer, titled with the series, the area and the score; none
    where the answer is "don't know" or "not relevant"."""
    for key, answer in answers.items():
        found = [t for t in titles if t.startswith(f"{series}: {short[key]} ")]
        expected = [f"{series}: {short[key]} {answer}"] if answer.isdigit() else []
        assert found == expected, (series, key)


def _shown(answer: str) -> str:
    return SPECIAL_DA.get(answer, answer)


@pytest.mark.browser
def test_caseworker_and_citizen_readings_move_the_star(
    page: Page, live_server, demo_data, problems, screenshot
):
    base = live_server.url
    caseworker = User.objects.get(username=CASEWORKER)
    citizen = _citizen_with_readings()
    version: InstrumentVersion = current_version(citizen.municipality, "progression")
    short = {item["key"]: item["short"]["da"] for item in version.items()}
    caseworker_keys = [item["key"] for item in version.items_for("caseworker")]
    citizen_keys = [item["key"] for item in version.items_for("citizen")]
    assert len(caseworker_keys) == 9 and len(citizen_keys) == 8

    # New scores that differ from the latest earlier ones, and one special answer each.
    caseworker_answers = _differing(_latest(citizen, "caseworker"), caseworker_keys, 8, 9)
    caseworker_answers["job_search"] = "dont_know"
    citizen_answers = _differing(_latest(citizen, "citizen"), citizen_keys, 6, 7)
    citizen_answers["network"] = "not_relevant"
    today = clock.today()
    with translation.override("da"):
        day = date_format(today, "DATE_FORMAT")

    log_in(page, base, CASEWORKER)
    expect(page).to_have_url(re.compile(r"/borgere/"))

    # The progression page before: the latest readings there are the earlier ones.
    page.goto(f"{base}/progression/borger/{citizen.pk}/")
    caseworker_section = page.locator("section[aria-labelledby='heading-caseworker']")
    before = _table(caseworker_section)
    readings_before = Response.objects.filter(
        citizen=citizen, respondent="caseworker", completed_at__isnull=False
    ).count()
    expect(caseworker_section.get_by_text(f"{readings_before} målinger")).to_be_visible()
    markers_before = _marker_titles(page, "star-caseworker") + _marker_titles(page, "star-both")
    assert markers_before
    assert not [t for t in markers_before if day in t], "a reading is already dated today"

    # A new conversation, from the citizen's page.
    page.goto(f"{base}/borgere/{citizen.pk}/")
    page.get_by_role("link", name="Registrér samtale").click()
    page.get_by_label("Dato").fill(today.isoformat())
    page.get_by_label("Personligt fremmøde").check()
    page.get_by_label("Status siden sidst").fill(JOURNAL_TEXT)
    page.get_by_role("button", name="Gem og underskriv").click()
    expect(page.get_by_text("Underskrevet af")).to_be_visible()
    conversation = Conversation.objects.filter(citizen=citizen).latest("id")
    assert conversation.held_on == today
    expect(page).to_have_url(f"{base}/samtaler/{conversation.pk}/")

    section = page.locator("section[aria-labelledby='progression-heading']")
    expect(section.get_by_role("heading", name="Progressionsmåling")).to_be_visible()
    caseworker_row = section.locator("tr", has=page.get_by_role("rowheader", name="Sagsbehandler"))
    citizen_row = section.locator("tr", has=page.get_by_role("rowheader", name="Borger"))
    expect(caseworker_row).to_contain_text("Ikke udfyldt")
    expect(citizen_row).to_contain_text("Ikke udfyldt")
    assert not Response.objects.filter(conversation=conversation).exists()

    # The caseworker's own reading: all nine items on one page.
    caseworker_row.get_by_role("link", name="Udfyld skemaet").click()
    expect(page).to_have_url(f"{base}/progression/samtale/{conversation.pk}/caseworker/")
    expect(page.get_by_role("heading", name="Progressionsmåling: Sagsbehandler")).to_be_visible()
    expect(page.locator("form fieldset")).to_have_count(9)
    for key, answer in caseworker_answers.items():
        page.locator(f"label.scale-option[for='svar-{key}-{answer}']").click()
        expect(page.locator(f"#svar-{key}-{answer}")).to_be_checked()
    expect(page.locator("#aftalt")).not_to_be_checked()
    screenshot("progression-caseworker-form")
    page.get_by_role("button", name="Gem målingen").click()

    expect(page).to_have_url(f"{base}/samtaler/{conversation.pk}/")
    expect(page.get_by_text("Målingen er gemt.")).to_be_visible()
    expect(caseworker_row).to_contain_text("Afsluttet: 9 af 9 besvaret")
    expect(caseworker_row.locator("td").nth(1)).to_have_text("Nej")
    expect(caseworker_row.get_by_role("link", name="Ret svarene")).to_be_visible()
    expect(caseworker_row.get_by_role("link", name="Hent som PDF")).to_be_visible()
    expect(citizen_row).to_contain_text("Ikke udfyldt")
    screenshot("progression-conversation-saved")

    # The citizen's own form, one question a page; the citizen picks Arabic.
    start = citizen_row.get_by_role("link", name="Borgeren svarer selv")
    expect(start).to_have_attribute(
        "href",
        f"/progression/samtale/{conversation.pk}/borgerens-skema/1/"
        f"?sprog={citizen.preferred_language or 'da'}",
    )
    start.click()
    page.locator("nav.citizen-languages a[lang='ar']").click()
    expect(page).to_have_url(re.compile(r"/borgerens-skema/1/\?sprog=ar$"))
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.locator(".citizen-progress")).to_have_text("السؤال 1 من 8")
    expect(page.locator("h1")).to_have_text("الدنماركية")
    # Every text of the item exists in Arabic: no Danish fallback note.
    expect(page.locator(".scale-missing")).to_have_count(0)
    screenshot("progression-citizen-arabic")

    next_button = page.locator("button[name='handling'][value='naeste']")
    expect(next_button).to_have_text("احفظ وتابع")
    for step, key in enumerate(citizen_keys, start=1):
        expect(page).to_have_url(re.compile(rf"/borgerens-skema/{step}/\?sprog=ar$"))
        expect(page.locator(".citizen-progress")).to_have_text(f"السؤال {step} من 8")
        expect(html).to_have_attribute("dir", "rtl")
        page.locator(f"label.scale-option[for='svar-{citizen_answers[key]}']").click()
        expect(page.locator(f"#svar-{citizen_answers[key]}")).to_be_checked()
        next_button.click()

    # The summary in Arabic, then finish.
    expect(page).to_have_url(re.compile(r"/borgerens-skema/afslut/\?sprog=ar$"))
    expect(html).to_have_attribute("dir", "rtl")
    summary = page.locator("table.citizen-summary tbody tr")
    expect(summary).to_have_count(8)
    for index, key in enumerate(citizen_keys):
        shown = NOT_RELEVANT_AR if key == "network" else citizen_answers[key]
        expect(summary.nth(index).locator("td")).to_have_text(shown)
    page.locator("label[for='aftalt']").click()
    expect(page.locator("#aftalt")).to_be_checked()
    screenshot("progression-citizen-finish")
    page.locator("main form button[type='submit']").click()

    # The thank-you screen, still in Arabic: it asks for the screen to be handed back and
    # shows nothing of the caseworker's interface, the journal or the citizen's record.
    expect(page).to_have_url(re.compile(r"/borgerens-skema/tak/\?sprog=ar$"))
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text(THANKS_AR)
    expect(page.locator(".citizen-hand-back")).to_have_text(HAND_BACK_AR)
    expect(page.locator(".app-header, .app-nav, .app-user, .app-footer")).to_have_count(0)
    expect(page.get_by_text(JOURNAL_TEXT)).to_have_count(0)
    shown = page.locator("body").inner_text()
    for private in (f"{citizen.first_name} {citizen.last_name}", citizen.cpr_masked):
        assert private not in shown
    expect(page.locator("a[href*='/samtaler/'], a[href*='/borgere/']")).to_have_count(0)
    back = page.get_by_role("button", name="Tilbage til samtalen – for sagsbehandleren")
    expect(back).to_be_visible()
    expect(back).to_have_count(1)
    expect(page.locator("form.caseworker-return")).to_have_attribute("lang", "da")
    screenshot("progression-citizen-thanks")
    back.click()

    expect(page).to_have_url(f"{base}/samtaler/{conversation.pk}/")
    expect(page.get_by_text(JOURNAL_TEXT)).to_be_visible()
    expect(html).to_have_attribute("lang", "da")
    expect(page.get_by_text("Borgerens måling er gemt.")).to_be_visible()
    expect(citizen_row).to_contain_text("Afsluttet: 8 af 8 besvaret")
    expect(citizen_row.locator("td").nth(1)).to_have_text("Ja")
    expect(caseworker_row).to_contain_text("Afsluttet: 9 af 9 besvaret")

    # The database: one completed response per respondent, in the exact answers given.
    responses = {r.respondent: r for r in Response.objects.filter(conversation=conversation)}
    assert set(responses) == {"caseworker", "citizen"}
    for respondent, expected in (("caseworker", caseworker_answers), ("citizen", citizen_answers)):
        response = responses[respondent]
        assert response.completed_at is not None
        assert response.taken_on == today
        assert response.citizen_id == citizen.pk
        assert response.recorded_by_id == caseworker.pk
        assert response.version_id == version.pk
        stored = {
            a.item: str(a.value) if a.value is not None else a.special
            for a in response.answers.all()
        }
        assert stored == expected
    assert responses["citizen"].language == "ar"
    assert responses["caseworker"].language == "da"
    assert responses["citizen"].agreed_together is True
    assert responses["caseworker"].agreed_together is False

    # The audit log: each response started once, then each save with the items it touched.
    entries = list(AuditEntry.objects.filter(citizen=citizen, actor=caseworker).order_by("seq"))
    expected_saves = {
        "caseworker": [[], [*caseworker_keys, "completed_at"]],
        "citizen": [[], *([key] for key in citizen_keys), ["agreed_together", "completed_at"]],
    }
    for respondent, response in responses.items():
        own = [e for e in entries if e.details.get("response") == response.pk]
        assert [(e.action, e.purpose) for e in own] == [
            (Action.CREATE, "Progressionsmåling påbegyndt"),
            *[(Action.UPDATE, "Progressionsmåling besvaret")] * (len(own) - 1),
        ]
        assert [e.details["fields"] for e in own] == expected_saves[respondent]
        assert {e.details["respondent"] for e in own} == {respondent}
        assert {e.municipality_id for e in own} == {citizen.municipality_id}
        assert {e.actor_username for e in own} == {CASEWORKER}
    # Every form page served about the citizen's reading was recorded as a read: the
    # caseworker's form, the eight steps, the summary and the thank-you screen at least.
    form_reads = [
        e
        for e in entries
        if e.action == Action.VIEW and e.purpose == "Udfyldning af progressionsmåling"
    ]
    assert len(form_reads) >= 1 + 8 + 1 + 1

    # The progression page after: the new reading is the latest in both stars.
    page.get_by_role("link", name="Se stjernen og udviklingen over tid").click()
    expect(page).to_have_url(f"{base}/progression/borger/{citizen.pk}/")
    comparison = page.locator("section[aria-labelledby='both-heading']")
    expect(
        comparison.get_by_role("heading", name="Borgerens og sagsbehandlerens seneste måling")
    ).to_be_visible()
    expect(comparison.locator("thead th").nth(1)).to_have_text(f"Borger {day}")
    expect(comparison.locator("thead th").nth(2)).to_have_text(f"Sagsbehandler {day}")
    both = _table(comparison)
    for key in caseworker_keys:
        mine = _shown(citizen_answers[key]) if key in citizen_answers else "–"
        assert both[short[key]][:2] == [mine, _shown(caseworker_answers[key])], key
    # The caseworker scored 8 or 9 and the citizen 6 or 7: the difference is positive.
    for key in citizen_keys:
        if citizen_answers[key].isdigit() and caseworker_answers[key].isdigit():
            delta = int(caseworker_answers[key]) - int(citizen_answers[key])
            assert both[short[key]][2].startswith(f"+{delta}"), key
        else:
            assert both[short[key]][2] == "–", key

    caseworker_section = page.locator("section[aria-labelledby='heading-caseworker']")
    expect(
        caseworker_section.get_by_role("heading", name="Sagsbehandler: første og seneste måling")
    ).to_be_visible()
    expect(caseworker_section.get_by_text(f"{readings_before + 1} målinger")).to_be_visible()
    after = _table(caseworker_section)
    assert list(after) == [short[key] for key in caseworker_keys]
    for key in caseworker_keys:
        first, previous, latest = after[short[key]][:3]
        assert latest == _shown(caseworker_answers[key]), key
        assert previous == before[short[key]][2], key  # the old latest is now the previous
        assert first == before[short[key]][0], key
    citizen_table = _table(page.locator("section[aria-labelledby='heading-citizen']"))
    assert [row[2] for row in citizen_table.values()] == [
        _shown(citizen_answers[key]) for key in citizen_keys
    ]

    # The stars' markers carry the new scores; no marker where the answer is not a score.
    latest_series = f"Seneste måling {day}"
    _assert_markers(
        _marker_titles(page, "star-caseworker"), latest_series, caseworker_answers, short
    )
    _assert_markers(_marker_titles(page, "star-citizen"), latest_series, citizen_answers, short)
    both_titles = _marker_titles(page, "star-both")
    _assert_markers(both_titles, f"Borger {day}", citizen_answers, short)
    _assert_markers(both_titles, f"Sagsbehandler {day}", caseworker_answers, short)
    screenshot("progression-page")
    problems.assert_none()


@pytest.mark.browser
def test_the_blank_forms_are_a_list_of_languages(
    page: Page, live_server, demo_data, problems, screenshot
):
    """Each language its own item, its own name laid out in its own direction beside the
    Danish name, so right-to-left names do not run into their neighbours."""
    log_in(page, live_server.url, CASEWORKER)
    page.goto(f"{live_server.url}/progression/")
    listing = page.get_by_test_id("blank-languages")
    expect(listing.locator("li")).to_have_count(8)
    arabic = listing.locator("li", has=page.locator("a[hreflang='ar']"))
    expect(arabic.locator("span[lang='ar'][dir='rtl']")).to_have_text("العربية")
    expect(arabic).to_contain_text("(Arabisk)")
    expect(listing.locator("span[dir='rtl']")).to_have_count(3)  # Arabic, Dari, Farsi
    listing.scroll_into_view_if_needed()
    screenshot("progression-blank-forms", on=None)
    problems.assert_none()
