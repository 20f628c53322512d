"""The end of the citizen's own form: a thank-you screen in the citizen's language that asks
them to hand the screen back, with nothing of the caseworker's interface on it. Only the
caseworker's button leads back to the conversation and its journal."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.citizens.languages import direction
from fremdrift.instruments.models import Response
from fremdrift.progression.labels import QUESTIONNAIRE, labels_for
from tests.conftest import login
from tests.conversations.helpers import make_conversation
from tests.progression.helpers import progression_version

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 4, 1)
JOURNAL = "Journalnotat som kun sagsbehandleren må se."
FORM_PURPOSE = "Udfyldning af progressionsmåling"


@pytest.fixture
def conversation(odense_citizen, odense_caseworker):
    progression_version(odense_citizen.municipality)
    return make_conversation(odense_citizen, odense_caseworker, DAY, text=JOURNAL)


def _answer_and_finish(client, conversation, language: str, **follow):
    """One answer, then the summary's finish button, as the citizen presses it."""
    step = reverse("progression:citizen_step", args=[conversation.pk, 1])
    client.post(step, {"svar": "6", "handling": "naeste", "sprog": language})
    finish = reverse("progression:citizen_finish", args=[conversation.pk])
    return client.post(finish, {"sprog": language, "aftalt": "ja"}, **follow)


def _thanks_url(conversation) -> str:
    return reverse("progression:citizen_thanks", args=[conversation.pk])


def _caseworkers_things(conversation, caseworker) -> list[str]:
    """What the caseworker's pages show and the citizen's screen must not."""
    citizen = conversation.citizen
    return [
        JOURNAL,
        'class="app-nav"',
        "Hovedmenu",
        "Log ud",
        reverse("conversations:detail", args=[conversation.pk]),
        reverse("citizens:detail", args=[citizen.pk]),
        citizen.first_name,
        citizen.last_name,
        citizen.cpr_masked,
        caseworker.get_full_name(),
    ]


def test_every_language_of_the_form_has_every_fixed_text(conversation):
    version = progression_version(conversation.municipality)
    for language in version.definition["languages"]:
        _labels, missing = labels_for(language)
        assert not missing, language


@pytest.mark.parametrize("language", ["da", "en", "ar", "prs", "fa", "ti", "so", "uk"])
def test_finishing_shows_thanks_in_the_citizens_language_and_nothing_of_the_caseworkers(
    conversation, odense_caseworker, language
):
    client = login(odense_caseworker)
    page = _answer_and_finish(client, conversation, language, follow=True)
    assert page.status_code == 200
    body = page.content.decode()
    # A CSRF token is random letters, and once in a while it spells a short name.
    visible = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    for thing in _caseworkers_things(conversation, odense_caseworker):
        assert thing not in visible, thing
    assert f'<html lang="{language}" dir="{direction(language)}">' in body
    labels, _missing = labels_for(language)
    assert escape(labels["thanks"]) in body
    assert escape(labels["hand_back"]) in body
    if language != "da":
        # translated, not the Danish fallback
        assert escape(QUESTIONNAIRE.danish()["hand_back"]) not in body
    assert 'http-equiv="refresh"' not in body  # the screen stays until the caseworker acts
    assert [url for url, _status in page.redirect_chain] == [
        f"{_thanks_url(conversation)}?sprog={language}"
    ]
    response = Response.objects.get(conversation=conversation, respondent="citizen")
    assert response.completed_at is not None and response.agreed_together


def test_only_the_caseworkers_button_leads_back_to_the_conversation(
    conversation, odense_caseworker
):
    client = login(odense_caseworker)
    thanks = _answer_and_finish(client, conversation, "ar")["Location"]
    body = client.get(thanks).content.decode()
    # The way back is one POST button, in Danish, apart from the citizen's Arabic text.
    assert body.count("<form") == 1
    assert re.search(
        r'<form method="post" class="caseworker-return" lang="da" dir="ltr">.*?'
        r"Tilbage til samtalen – for sagsbehandleren</button>\s*</form>",
        body,
        re.S,
    )
    main = body[body.index("<main") :]
    assert main.index(escape(labels_for("ar")[0]["hand_back"])) < main.index("<form")

    back = client.post(_thanks_url(conversation))
    assert back.status_code == 302
    assert back["Location"] == reverse("conversations:detail", args=[conversation.pk])
    conversation_page = client.get(back["Location"]).content.decode()
    assert "Borgerens måling er gemt." in conversation_page
    assert JOURNAL in conversation_page
    assert 'lang="da"' in conversation_page


def test_the_caseworkers_button_follows_the_caseworkers_interface_language(
    conversation, odense_caseworker
):
    client = login(odense_caseworker)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    thanks = _answer_and_finish(client, conversation, "so")["Location"]
    body = client.get(thanks).content.decode()
    assert '<html lang="so" dir="ltr">' in body
    assert escape(labels_for("so")[0]["hand_back"]) in body
    assert 'lang="en" dir="ltr"' in body
    assert "Back to the conversation – for the caseworker" in body
    assert "Tilbage til samtalen" not in body


def test_the_thank_you_screen_is_a_recorded_read(conversation, odense_caseworker):
    client = login(odense_caseworker)
    thanks = _answer_and_finish(client, conversation, "uk")["Location"]
    reads = AuditEntry.objects.filter(
        citizen=conversation.citizen, action=Action.VIEW, purpose=FORM_PURPOSE
    )
    before = reads.count()
    client.get(thanks)
    entry = reads.order_by("seq").last()
    assert reads.count() == before + 1
    assert entry.actor == odense_caseworker
    assert entry.municipality_id == conversation.municipality_id


def test_no_thanks_before_the_citizen_has_finished(conversation, odense_caseworker):
    client = login(odense_caseworker)
    nothing_yet = client.get(_thanks_url(conversation))
    assert nothing_yet.status_code == 302
    assert nothing_yet["Location"] == reverse("progression:citizen_step", args=[conversation.pk, 1])
    step = reverse("progression:citizen_step", args=[conversation.pk, 1])
    client.post(step, {"svar": "6", "handling": "naeste", "sprog": "ti"})
    unfinished = client.get(_thanks_url(conversation))
    assert unfinished.status_code == 302
    assert unfinished["Location"] == (
        f"{reverse('progression:citizen_finish', args=[conversation.pk])}?sprog=ti"
    )
    # Leaving an unfinished form through the caseworker's button claims nothing was saved.
    back = client.post(_thanks_url(conversation), follow=True)
    assert "Borgerens måling er gemt." not in back.content.decode()
