import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.conversations.models import (
    EntryAlreadyCorrected,
    EntryIsSigned,
    EntryNotSigned,
    EntryStatus,
    JournalEntry,
)
from fremdrift.conversations.sections import (
    DEFAULT_SECTIONS,
    template_sections,
    template_version,
)
from fremdrift.conversations.services import (
    ConversationDetails,
    conversation_record,
    journal_entry_correct,
    journal_entry_sign,
    journal_entry_update,
    journal_template_reset,
    journal_template_save,
)
from fremdrift.core import clock
from fremdrift.core.versioning import EditConflict
from tests.conversations.helpers import texts

pytestmark = pytest.mark.django_db
TODAY = clock.today()


def record(actor, citizen, *, sign=True, held_on=None, **section_texts):
    return conversation_record(
        actor=actor,
        citizen=citizen,
        held_on=held_on or TODAY,
        form="in_person",
        interpreter_used=True,
        participants=" tolk, mentor ",
        sections=texts(**(section_texts or {"status": "Borgeren er startet på sprogskolen."})),
        sign=sign,
    )


def test_record_creates_conversation_and_signed_entry_with_audit(odense_caseworker, odense_citizen):
    conversation = record(odense_caseworker, odense_citizen, agreements="Søger to job om ugen.")
    entry = conversation.entries.get()
    assert conversation.municipality == odense_citizen.municipality
    assert conversation.held_by == odense_caseworker
    assert conversation.participants == "tolk, mentor"
    assert entry.status == EntryStatus.SIGNED
    assert entry.signed_by == odense_caseworker and entry.signed_at is not None
    assert [s["title"] for s in entry.sections] == [s["title"] for s in DEFAULT_SECTIONS]
    assert entry.text_of("agreements") == "Søger to job om ugen."
    audit = AuditEntry.objects.get(citizen=odense_citizen)
    assert audit.action == Action.UPDATE
    assert audit.purpose == "Registrering af samtale og journalnotat"
    assert audit.details == {"conversation": conversation.pk, "entry": entry.pk, "signed": True}


def test_a_draft_can_be_edited_then_signed(odense_caseworker, odense_manager, odense_citizen):
    entry = record(odense_caseworker, odense_citizen, sign=False).entries.get()
    assert entry.status == EntryStatus.DRAFT
    entry = journal_entry_update(
        actor=odense_caseworker, entry=entry, sections=texts(status="Ny tekst."),
        expected_version=1,
    )  # fmt: skip
    assert entry.text_of("status") == "Ny tekst."
    signed = journal_entry_sign(actor=odense_manager, entry=entry)
    assert signed.status == EntryStatus.SIGNED and signed.signed_by == odense_manager
    purposes = list(
        AuditEntry.objects.filter(citizen=odense_citizen)
        .order_by("seq")
        .values_list("purpose", flat=True)
    )
    assert purposes == [
        "Registrering af samtale og journalnotat",
        "Ændring af kladde til journalnotat",
        "Underskrift af journalnotat",
    ]


def test_updating_a_draft_can_change_the_conversation_and_sign(odense_caseworker, odense_citizen):
    entry = record(odense_caseworker, odense_citizen, sign=False).entries.get()
    details = ConversationDetails(TODAY - dt.timedelta(days=1), "phone", False, "")
    entry = journal_entry_update(
        actor=odense_caseworker, entry=entry, sections=texts(plan="Praktik."), details=details,
        sign=True, expected_version=1,
    )  # fmt: skip
    entry.conversation.refresh_from_db()
    assert entry.conversation.form == "phone"
    assert entry.conversation.held_on == TODAY - dt.timedelta(days=1)
    assert entry.is_signed


def test_a_draft_saved_by_someone_else_meanwhile_is_a_conflict(
    odense_caseworker, odense_manager, odense_citizen
):
    entry = record(odense_caseworker, odense_citizen, sign=False).entries.get()
    journal_entry_update(
        actor=odense_caseworker, entry=entry, sections=texts(status="Først."),
        expected_version=1,
    )  # fmt: skip
    with pytest.raises(EditConflict) as conflict:
        journal_entry_update(
            actor=odense_manager, entry=entry, sections=texts(status="Bagefter."),
            expected_version=1,
        )  # fmt: skip
    assert conflict.value.version == 2
    assert conflict.value.current.text_of("status") == "Først."
    entry.refresh_from_db()
    assert entry.text_of("status") == "Først."
    # Signing raises the version too: a form loaded before it cannot undo the signature.
    signed = journal_entry_sign(actor=odense_caseworker, entry=entry)
    assert signed.version == 3


def test_a_signed_entry_is_read_only(odense_caseworker, odense_citizen):
    entry = record(odense_caseworker, odense_citizen).entries.get()
    with pytest.raises(EntryIsSigned):
        journal_entry_update(
            actor=odense_caseworker, entry=entry, sections=texts(status="x"), expected_version=1
        )
    with pytest.raises(EntryIsSigned):
        journal_entry_sign(actor=odense_caseworker, entry=entry)
    # The model refuses too, whatever the caller: save, queryset update and delete.
    entry.sections = []
    with pytest.raises(EntryIsSigned):
        entry.save()
    with pytest.raises(EntryIsSigned):
        JournalEntry.objects.filter(pk=entry.pk).update(sections=[])
    with pytest.raises(EntryIsSigned):
        JournalEntry.objects.filter(pk=entry.pk).delete()
    fresh = JournalEntry.objects.get(pk=entry.pk)
    with pytest.raises(EntryIsSigned):
        fresh.delete()
    assert fresh.text_of("status") == "Borgeren er startet på sprogskolen."


def test_correction_is_a_new_signed_entry_pointing_to_the_old(
    odense_caseworker, odense_manager, odense_citizen
):
    conversation = record(odense_caseworker, odense_citizen, offers="Praktik i et lager.")
    original = conversation.entries.get()
    correction = journal_entry_correct(
        actor=odense_manager,
        entry=original,
        sections=texts(
            status="Borgeren er startet på sprogskolen.", offers="Praktik i en kantine."
        ),
        reason=" Forkert arbejdsplads ",
    )
    assert correction.corrects == original
    assert correction.is_signed and correction.signed_by == odense_manager
    assert correction.correction_reason == "Forkert arbejdsplads"
    original.refresh_from_db()
    assert original.text_of("offers") == "Praktik i et lager."  # the old text stays
    chain = conversation.entry_chain()
    assert [c.entry for c in chain] == [correction, original]
    assert chain[1].corrected_by == correction and chain[0].corrected_by is None
    assert conversation.current_entry() == correction
    audit = AuditEntry.objects.filter(citizen=odense_citizen).order_by("-seq").first()
    assert audit.purpose == "Rettelse af underskrevet journalnotat"
    assert audit.details["corrects"] == original.pk


def test_a_correction_can_itself_be_corrected_but_each_entry_only_once(
    odense_caseworker, odense_citizen
):
    original = record(odense_caseworker, odense_citizen).entries.get()
    first = journal_entry_correct(
        actor=odense_caseworker, entry=original, sections=texts(status="A"), reason="r"
    )
    with pytest.raises(EntryAlreadyCorrected):
        journal_entry_correct(
            actor=odense_caseworker, entry=original, sections=texts(status="B"), reason="r"
        )
    second = journal_entry_correct(
        actor=odense_caseworker, entry=first, sections=texts(status="B"), reason="r"
    )
    assert [c.entry.pk for c in original.conversation.entry_chain()] == [
        second.pk,
        first.pk,
        original.pk,
    ]


def test_correction_needs_a_signed_entry_a_reason_and_a_change(odense_caseworker, odense_citizen):
    draft = record(odense_caseworker, odense_citizen, sign=False).entries.get()
    with pytest.raises(EntryNotSigned):
        journal_entry_correct(actor=odense_caseworker, entry=draft, sections=texts(), reason="r")
    signed = record(odense_caseworker, odense_citizen, status="Uændret.").entries.get()
    with pytest.raises(ValidationError) as error:
        journal_entry_correct(
            actor=odense_caseworker, entry=signed, sections=texts(status="Ny."), reason="  "
        )
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        journal_entry_correct(
            actor=odense_caseworker, entry=signed, sections=texts(status="Uændret."), reason="r"
        )
    assert "magen til" in error.value.message_dict["sections"][0]


def test_entries_keep_their_titles_when_the_template_changes_later(
    odense_admin, odense_caseworker, odense_citizen
):
    journal_template_save(
        actor=odense_admin,
        sections=[{"title": "Samtalens emne", "help": "Kort"}, {"title": "Aftaler", "help": ""}],
        expected_version=0,
    )
    draft = conversation_record(
        actor=odense_caseworker, citizen=odense_citizen, held_on=TODAY, form="phone",
        interpreter_used=False, participants="", sections={"samtalens_emne": "Praktik"},
        sign=False,
    )  # fmt: skip
    entry = draft.entries.get()
    assert [s["title"] for s in entry.sections] == ["Samtalens emne", "Aftaler"]
    journal_template_save(
        actor=odense_admin,
        sections=[{"title": "Helt nyt afsnit", "help": ""}],
        expected_version=template_version(odense_admin.municipality),
    )
    entry.refresh_from_db()
    assert [s["title"] for s in entry.sections] == ["Samtalens emne", "Aftaler"]
    # A draft keeps its own sections while it is edited and signed.
    signed = journal_entry_update(
        actor=odense_caseworker, entry=entry, sections={"samtalens_emne": "Praktik i køkken"},
        sign=True, expected_version=1,
    )  # fmt: skip
    assert [s["title"] for s in signed.sections] == ["Samtalens emne", "Aftaler"]
    assert signed.text_of("samtalens_emne") == "Praktik i køkken"


def test_template_save_keeps_one_active_version_and_reset_goes_back_to_default(odense_admin):
    municipality = odense_admin.municipality
    assert [s["key"] for s in template_sections(municipality)] == [
        s["key"] for s in DEFAULT_SECTIONS
    ]
    first = journal_template_save(
        actor=odense_admin, sections=[{"title": "Første", "help": ""}], expected_version=0
    )
    latest = journal_template_save(
        actor=odense_admin,
        sections=[
            {"title": "Ønsker og mål", "help": "h"},
            {"title": "Første", "help": "", "key": "forste"},
        ],
        expected_version=first.pk,
    )
    assert municipality.journal_templates.filter(active=True).get() == latest
    assert municipality.journal_templates.count() == 2
    assert [s["key"] for s in latest.sections] == ["oensker_og_maal", "forste"]
    journal_template_reset(actor=odense_admin)
    assert template_sections(municipality)[0]["title"] == "Status siden sidst"
    purposes = set(AuditEntry.objects.values_list("purpose", flat=True))
    assert "Ændring af kommunens journalskabelon" in purposes


def test_a_template_saved_by_another_administrator_meanwhile_is_a_conflict(odense_admin):
    loaded = template_version(odense_admin.municipality)
    saved = journal_template_save(
        actor=odense_admin, sections=[{"title": "Første", "help": ""}], expected_version=loaded
    )
    with pytest.raises(EditConflict) as conflict:
        journal_template_save(
            actor=odense_admin, sections=[{"title": "Anden", "help": ""}], expected_version=loaded
        )
    assert (conflict.value.current, conflict.value.version) == (saved, saved.pk)
    assert template_sections(odense_admin.municipality)[0]["title"] == "Første"


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        ([], "mindst ét afsnit"),
        ([{"title": " ", "help": ""}], "mangler en titel"),
        ([{"title": "A", "help": ""}, {"title": "a", "help": ""}], "to gange"),
        ([{"title": "x" * 101, "help": ""}], "for langt"),
    ],
)
def test_template_validation(odense_admin, sections, message):
    with pytest.raises(ValidationError) as error:
        journal_template_save(actor=odense_admin, sections=sections, expected_version=0)
    assert message in error.value.message_dict["sections"][0]


@pytest.mark.parametrize(
    ("held_on", "field", "message"),
    [
        (TODAY + dt.timedelta(days=1), "held_on", "fremtiden"),
        (dt.date(2025, 1, 1), "held_on", "30 dage før"),
    ],
)
def test_date_validation(odense_caseworker, odense_citizen, held_on, field, message):
    with pytest.raises(ValidationError) as error:
        record(odense_caseworker, odense_citizen, held_on=held_on)
    assert message in error.value.message_dict[field][0]


def test_a_conversation_shortly_before_takeover_is_accepted(odense_caseworker, odense_citizen):
    odense_citizen.takeover_date = TODAY
    conversation = record(odense_caseworker, odense_citizen, held_on=TODAY - dt.timedelta(days=30))
    assert conversation.pk


def test_signing_needs_text_in_a_section_but_a_draft_does_not(odense_caseworker, odense_citizen):
    with pytest.raises(ValidationError) as error:
        conversation_record(
            actor=odense_caseworker, citizen=odense_citizen, held_on=TODAY, form="in_person",
            interpreter_used=False, participants="", sections=texts(status="   "), sign=True,
        )  # fmt: skip
    assert "mindst ét afsnit" in error.value.message_dict["sections"][0]
    draft = conversation_record(
        actor=odense_caseworker, citizen=odense_citizen, held_on=TODAY, form="in_person",
        interpreter_used=False, participants="", sections=texts(), sign=False,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        journal_entry_sign(actor=odense_caseworker, entry=draft.entries.get())


def test_unknown_form_and_section_are_refused(odense_caseworker, odense_citizen):
    with pytest.raises(ValidationError) as error:
        conversation_record(
            actor=odense_caseworker, citizen=odense_citizen, held_on=TODAY, form="letter",
            interpreter_used=False, participants="", sections={"nope": "x"}, sign=False,
        )  # fmt: skip
    assert set(error.value.message_dict) == {"form", "sections"}


def test_nothing_is_saved_when_validation_fails(odense_caseworker, odense_citizen):
    with pytest.raises(ValidationError):
        record(odense_caseworker, odense_citizen, held_on=TODAY + dt.timedelta(days=3))
    assert not odense_citizen.conversations.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("persona", ["odense_consultant", "odense_admin", "facilitator"])
def test_roles_without_edit_permission_cannot_write(request, persona, odense_citizen):
    with pytest.raises(PermissionDenied):
        record(request.getfixturevalue(persona), odense_citizen)


def test_another_municipality_cannot_write(holbaek_caseworker, odense_caseworker, odense_citizen):
    with pytest.raises(PermissionDenied):
        record(holbaek_caseworker, odense_citizen)
    entry = record(odense_caseworker, odense_citizen, sign=False).entries.get()
    for write in (
        lambda: journal_entry_update(
            actor=holbaek_caseworker, entry=entry, sections=texts(), expected_version=1
        ),
        lambda: journal_entry_sign(actor=holbaek_caseworker, entry=entry),
    ):
        with pytest.raises(PermissionDenied):
            write()


@pytest.mark.parametrize("persona", ["odense_caseworker", "odense_manager", "facilitator"])
def test_only_administrators_change_the_template(request, persona):
    with pytest.raises(PermissionDenied):
        journal_template_save(
            actor=request.getfixturevalue(persona),
            sections=[{"title": "A", "help": ""}],
            expected_version=0,
        )
