import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.conversations.models import Conversation, EntryStatus, JournalEntry
from fremdrift.conversations.selectors import citizen_section
from fremdrift.conversations.services import journal_entry_correct, journal_template_save
from fremdrift.core import clock
from tests.conftest import login
from tests.conversations.helpers import make_conversation, texts

pytestmark = pytest.mark.django_db
TODAY = clock.today()


def new_url(citizen) -> str:
    return reverse("conversations:new", kwargs={"citizen_pk": citizen.pk})


def form_data(**overrides) -> dict:
    values = {
        "held_on": TODAY.isoformat(),
        "form": "in_person",
        "interpreter_used": "on",
        "participants": "tolk, mentor",
        "section_status": "Borgeren er startet i praktik.",
        "section_agreements": "Borgeren søger to job om ugen.",
        "handling": "underskriv",
    }
    values.update(overrides)
    return values


def entry_url(name, entry) -> str:
    return reverse(
        f"conversations:{name}", kwargs={"pk": entry.conversation_id, "entry_pk": entry.pk}
    )


def test_new_form_shows_the_template_with_help_and_both_buttons(odense_caseworker, odense_citizen):
    body = login(odense_caseworker).get(new_url(odense_citizen)).content.decode()
    assert "Status siden sidst" in body and "Næste skridt" in body
    assert "Hvad er sket siden sidste samtale?" in body
    assert "Gem som kladde" in body and "Gem og underskriv" in body
    assert "Personligt fremmøde" in body and "Digitalt (video)" in body
    assert 'name="interpreter_used" class="form-checkbox" id="id_interpreter_used" checked' in body
    assert AuditEntry.objects.filter(citizen=odense_citizen, action=Action.VIEW).count() == 1


def test_record_and_sign_then_detail(odense_caseworker, odense_citizen):
    client = login(odense_caseworker)
    response = client.post(new_url(odense_citizen), form_data())
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("conversations:detail", kwargs={"pk": conversation.pk})
    assert conversation.entries.get().status == EntryStatus.SIGNED
    body = client.get(response.url).content.decode()
    assert "Borgeren søger to job om ugen." in body
    assert "1. samtale i" in body
    assert "Underskrevet" in body and "Ret notat" in body
    assert "Redigér kladde" not in body


def test_save_as_draft(odense_caseworker, odense_citizen):
    client = login(odense_caseworker)
    client.post(new_url(odense_citizen), form_data(handling="kladde", section_status=""))
    entry = JournalEntry.objects.get()
    assert entry.status == EntryStatus.DRAFT
    body = client.get(reverse("conversations:detail", kwargs={"pk": entry.conversation_id}))
    assert "Redigér kladde" in body.content.decode() and "Kladde" in body.content.decode()


def test_errors_are_danish_on_the_fields_and_input_is_kept(odense_caseworker, odense_citizen):
    future = (TODAY + dt.timedelta(days=2)).isoformat()
    response = login(odense_caseworker).post(
        new_url(odense_citizen), form_data(held_on=future, participants="tolk og mentor")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_held_on_error"' in body and "ligger i fremtiden" in body
    assert 'value="tolk og mentor"' in body
    assert "Borgeren søger to job om ugen.</textarea>" in body
    assert not Conversation.objects.exists()


def test_signing_without_text_puts_the_error_on_the_first_section(
    odense_caseworker, odense_citizen
):
    data = form_data(section_status="", section_agreements="", held_on="")
    body = login(odense_caseworker).post(new_url(odense_citizen), data).content.decode()
    assert "Dette felt er påkrævet" in body  # the date, from the form
    data = form_data(section_status="", section_agreements="")
    body = login(odense_caseworker).post(new_url(odense_citizen), data).content.decode()
    assert 'id="id_section_status_error"' in body
    assert "Skriv i mindst ét afsnit, før notatet underskrives." in body
    assert 'href="#id_section_status"' in body  # the error summary links to it


def test_list_shows_numbers_and_audits_the_read(
    odense_consultant, odense_caseworker, odense_citizen
):
    odense_citizen.takeover_date = dt.date(2026, 1, 1)
    odense_citizen.save()
    make_conversation(odense_citizen, odense_caseworker, dt.date(2026, 3, 2))
    make_conversation(odense_citizen, odense_caseworker, dt.date(2026, 4, 14), signed=False)
    url = reverse("conversations:list", kwargs={"citizen_pk": odense_citizen.pk})
    body = login(odense_consultant).get(url).content.decode()
    assert "2. marts 2026" in body and "1. i 2026" in body and "2. i 2026" in body
    assert "Kladde" in body and "Underskrevet" in body
    assert "Registrér samtale" not in body  # consultants read only
    entry = AuditEntry.objects.get(citizen=odense_citizen, action=Action.VIEW)
    assert entry.purpose == "Opslag i borgerens samtaler og journal"
    assert entry.actor == odense_consultant


def test_list_query_count_does_not_grow_with_rows(odense_caseworker, odense_citizen):
    client = login(odense_caseworker)
    url = reverse("conversations:list", kwargs={"citizen_pk": odense_citizen.pk})

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for i in range(3):
        make_conversation(odense_citizen, odense_caseworker, TODAY - dt.timedelta(days=i))
    count_queries()  # the first request also creates the audit chain's head row
    few = count_queries()
    for i in range(27):
        make_conversation(odense_citizen, odense_caseworker, TODAY - dt.timedelta(days=5 + i))
    many = count_queries()
    assert few == many
    assert many <= 12


def test_detail_audits_and_shows_the_correction_chain(
    odense_manager, odense_caseworker, odense_citizen
):
    conversation = make_conversation(odense_citizen, odense_caseworker, TODAY, text="Gammel tekst.")
    original = conversation.entries.get()
    journal_entry_correct(
        actor=odense_manager, entry=original, sections=texts(status="Ny tekst."), reason="Fejl"
    )
    client = login(odense_caseworker)
    before = AuditEntry.objects.filter(action=Action.VIEW).count()
    body = client.get(reverse("conversations:detail", kwargs={"pk": conversation.pk}))
    body = body.content.decode()
    assert AuditEntry.objects.filter(action=Action.VIEW).count() == before + 1
    assert body.index("Ny tekst.") < body.index("Tidligere udgaver") < body.index("Gammel tekst.")
    assert "Årsag: Fejl" in body and "Rettet" in body
    assert body.count("Ret notat") == 1  # only the entry in force can be corrected
    # The corrected entry can no longer be opened for correction.
    response = client.get(entry_url("correct_entry", original))
    assert response.status_code == 302


def test_edit_draft_keeps_its_text_and_saves(odense_caseworker, odense_citizen):
    conversation = make_conversation(
        odense_citizen, odense_caseworker, TODAY, signed=False, text="Før"
    )
    entry = conversation.entries.get()
    client = login(odense_caseworker)
    body = client.get(entry_url("edit_entry", entry)).content.decode()
    assert "Før</textarea>" in body and "Redigér kladde" in body
    data = form_data(section_status="Efter", handling="kladde", form="phone", version=1)
    assert client.post(entry_url("edit_entry", entry), data).status_code == 302
    entry.refresh_from_db()
    conversation.refresh_from_db()
    assert entry.text_of("status") == "Efter" and not entry.is_signed
    assert conversation.form == "phone"


def test_two_editors_of_one_draft_the_second_gets_the_conflict_page(
    odense_caseworker, odense_manager, odense_citizen
):
    conversation = make_conversation(
        odense_citizen, odense_caseworker, TODAY, signed=False, text="Før"
    )
    entry = conversation.entries.get()
    url = entry_url("edit_entry", entry)
    first, second = login(odense_caseworker), login(odense_manager)
    for client in (first, second):
        assert 'name="version" value="1"' in client.get(url).content.decode()
    mine = form_data(section_status="Den første version", handling="kladde", version=1)
    assert first.post(url, mine).status_code == 302
    theirs = form_data(section_status="Den anden version", handling="kladde", version=1)
    response = second.post(url, theirs)
    body = response.content.decode()
    assert response.status_code == 200 and 'id="conflict"' in body
    assert "Den første version" in body  # the saved text, in the comparison
    assert "Den anden version</textarea>" in body  # the second editor's text, kept
    assert 'name="version" value="2"' in body
    entry.refresh_from_db()
    assert entry.text_of("status") == "Den første version"
    # Having seen the saved text, the second editor may overwrite it deliberately.
    assert second.post(url, theirs | {"version": 2}).status_code == 302
    entry.refresh_from_db()
    assert entry.text_of("status") == "Den anden version"


def test_edit_of_a_signed_entry_goes_back_to_the_conversation(odense_caseworker, odense_citizen):
    entry = make_conversation(odense_citizen, odense_caseworker, TODAY).entries.get()
    response = login(odense_caseworker).post(entry_url("edit_entry", entry), form_data())
    assert response.status_code == 302
    assert response.url == reverse("conversations:detail", kwargs={"pk": entry.conversation_id})


def test_sign_button(odense_caseworker, odense_citizen):
    entry = make_conversation(odense_citizen, odense_caseworker, TODAY, signed=False).entries.get()
    client = login(odense_caseworker)
    assert client.post(entry_url("sign_entry", entry)).status_code == 302
    entry.refresh_from_db()
    assert entry.is_signed and entry.signed_by == odense_caseworker
    # Signing again says so rather than failing.
    response = client.post(entry_url("sign_entry", entry), follow=True)
    assert "kan ikke ændres" in response.content.decode()


def test_sign_button_on_an_empty_draft_sends_to_the_editor(odense_caseworker, odense_citizen):
    entry = make_conversation(odense_citizen, odense_caseworker, TODAY, signed=False, text="")
    entry = entry.entries.get()
    response = login(odense_caseworker).post(entry_url("sign_entry", entry))
    assert response.url == entry_url("edit_entry", entry)
    entry.refresh_from_db()
    assert not entry.is_signed


def test_correct_form(odense_caseworker, odense_citizen):
    entry = make_conversation(
        odense_citizen, odense_caseworker, TODAY, text="Forkert"
    ).entries.get()
    client = login(odense_caseworker)
    body = client.get(entry_url("correct_entry", entry)).content.decode()
    assert "Forkert</textarea>" in body and "Gem rettelse og underskriv" in body
    body = client.post(entry_url("correct_entry", entry), {"section_status": "Rigtigt"}).content
    assert "Dette felt er påkrævet" in body.decode() and "Rigtigt</textarea>" in body.decode()
    data = {"section_status": "Rigtigt", "reason": "Stavefejl"}
    assert client.post(entry_url("correct_entry", entry), data).status_code == 302
    correction = JournalEntry.objects.get(corrects=entry)
    assert correction.text_of("status") == "Rigtigt" and correction.is_signed


def test_entry_of_another_conversation_is_404(odense_caseworker, odense_citizen):
    first = make_conversation(odense_citizen, odense_caseworker, TODAY)
    other = make_conversation(odense_citizen, odense_caseworker, TODAY, signed=False)
    url = reverse(
        "conversations:edit_entry", kwargs={"pk": first.pk, "entry_pk": other.entries.get().pk}
    )
    assert login(odense_caseworker).get(url).status_code == 404


def test_administrator_edits_the_template(odense_admin, odense_caseworker, odense_citizen):
    client = login(odense_admin)
    url = reverse("conversations:template")
    body = client.get(url).content.decode()
    assert "Fremdrifts standardskabelon" in body
    assert "Status siden sidst | Hvad er sket siden sidste samtale?" in body
    response = client.post(
        url,
        {"sections": "Ønsker | Hvad vil borgeren?\n\nAftaler\n", "handling": "gem", "version": 0},
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "sin egen skabelon" in body and "Gå tilbage til standardskabelonen" in body
    form = login(odense_caseworker).get(new_url(odense_citizen)).content.decode()
    assert "Hvad vil borgeren?" in form and "Status siden sidst" not in form
    assert client.post(url, {"handling": "standard"}).status_code == 302
    assert "Fremdrifts standardskabelon" in client.get(url).content.decode()


def test_template_errors_keep_the_text(odense_admin):
    url = reverse("conversations:template")
    body = login(odense_admin).post(url, {"sections": "A\na\n", "handling": "gem", "version": 0})
    body = body.content.decode()
    assert "to gange" in body and "A\na\n</textarea>" in body


def test_template_page_is_for_administrators_only(odense_manager):
    assert login(odense_manager).get(reverse("conversations:template")).status_code == 404


def test_citizen_section_template(odense_caseworker, odense_citizen, odense_admin):
    journal_template_save(
        actor=odense_admin, sections=[{"title": "Kort", "help": ""}], expected_version=0
    )
    make_conversation(odense_citizen, odense_caseworker, TODAY)
    request = RequestFactory().get("/")
    request.user = odense_caseworker
    html = render_to_string(
        "conversations/_citizen_section.html",
        {"conversations_section": citizen_section(odense_caseworker, odense_citizen)},
        request=request,
    )
    assert "<h2" in html and "Samtaler" in html and "Registrér samtale" in html
    assert "Personligt fremmøde" in html and "Underskrevet" in html
    assert f"/samtaler/borger/{odense_citizen.pk}/" in html
