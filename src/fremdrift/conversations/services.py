"""Writes to conversations and the journal. Views, imports and commands all go through these.

Each write checks the actor's role and municipality, validates, saves in one transaction
together with its audit entry, and raises a Danish `ValidationError` keyed by field or a
`JournalStateError` when the entry is in the wrong state (e.g. signed already).

Audit entries use `Action.UPDATE` (the citizen's record changed); the purpose says what was
done. Purposes are stored in Danish as written (see audit/services.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.citizens.models import Citizen
from fremdrift.conversations.models import (
    Conversation,
    ConversationForm,
    EntryAlreadyCorrected,
    EntryIsSigned,
    EntryNotSigned,
    EntryStatus,
    JournalEntry,
)
from fremdrift.conversations.sections import (
    MAX_TEXT,
    Section,
    WrittenSection,
    has_text,
    template_sections,
    written_sections,
)
from fremdrift.conversations.template_services import (  # re-exported: one place for writes
    journal_template_reset,
    journal_template_save,
)
from fremdrift.core import changes, clock
from fremdrift.core.versioning import claim_version

__all__ = [
    "ConversationDetails",
    "conversation_record",
    "journal_entry_correct",
    "journal_entry_sign",
    "journal_entry_update",
    "journal_template_reset",
    "journal_template_save",
]

# A conversation may be registered a little before the formal takeover: the first meeting is
# often held while the move between municipalities is being completed. Earlier than that
# it belongs to another municipality's case, and is far more likely a typo in the year.
EARLIEST_BEFORE_TAKEOVER = dt.timedelta(days=30)


@dataclasses.dataclass(frozen=True)
class ConversationDetails:
    held_on: dt.date
    form: str
    interpreter_used: bool
    participants: str


def _details_errors(citizen: Citizen, details: ConversationDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    if details.held_on > clock.today():
        errors["held_on"] = _("Datoen ligger i fremtiden. Registrér samtalen, når den er holdt.")
    elif details.held_on < citizen.takeover_date - EARLIEST_BEFORE_TAKEOVER:
        errors["held_on"] = _(
            "Datoen ligger mere end 30 dage før kommunen overtog borgeren (%(date)s). "
            "Tjek årstallet."
        ) % {"date": date_format(citizen.takeover_date, "SHORT_DATE_FORMAT")}
    if details.form not in ConversationForm.values:
        errors["form"] = _("Vælg, hvordan samtalen blev holdt.")
    if len(details.participants) > 200:
        errors["participants"] = _("Skriv højst 200 tegn.")
    return errors


def _section_errors(
    written: list[WrittenSection], texts: dict[str, str], *, signing: bool
) -> dict[str, str]:
    known = {s["key"] for s in written}
    if set(texts) - known:
        return {"sections": _("Notatet har et afsnit, som skabelonen ikke kender.")}
    too_long = [s["title"] for s in written if len(s["text"]) > MAX_TEXT]
    if too_long:
        return {
            "sections": _("Afsnittet »%(title)s« er for langt (højst %(max)s tegn).")
            % {"title": too_long[0], "max": number_format(MAX_TEXT, force_grouping=True)}
        }
    if signing and not has_text(written):
        return {"sections": _("Skriv i mindst ét afsnit, før notatet underskrives.")}
    return {}


def _structure(entry: JournalEntry) -> list[Section]:
    """An entry's own sections as a template: its titles stay as they were written."""
    return [Section(key=s["key"], title=s["title"], help="") for s in entry.sections]


def _sign(entry: JournalEntry, actor: User) -> None:
    entry.status = EntryStatus.SIGNED
    entry.signed_by = actor
    entry.signed_at = clock.now()


def conversation_record(
    *,
    actor: User,
    citizen: Citizen,
    held_on: dt.date,
    form: str,
    interpreter_used: bool,
    participants: str,
    sections: dict[str, str],
    sign: bool,
) -> Conversation:
    """Register a held conversation with its journal entry; `sign` signs the entry at once."""
    require(actor, Permission.EDIT_CITIZEN, within=citizen.municipality_id)
    details = ConversationDetails(held_on, form, interpreter_used, participants.strip())
    written = written_sections(template_sections(citizen.municipality_id), sections)
    errors = _details_errors(citizen, details) | _section_errors(written, sections, signing=sign)
    if errors:
        raise ValidationError(errors)
    with audited_atomic():
        conversation = Conversation.objects.create(
            municipality_id=citizen.municipality_id,
            citizen=citizen,
            held_by=actor,
            **dataclasses.asdict(details),
        )
        entry = JournalEntry(
            municipality_id=citizen.municipality_id,
            conversation=conversation,
            citizen=citizen,
            sections=written,
            written_by=actor,
        )
        if sign:
            _sign(entry, actor)
        entry.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            purpose="Registrering af samtale og journalnotat",
            municipality=actor.municipality,
            citizen=citizen,
            details={"conversation": conversation.pk, "entry": entry.pk, "signed": sign},
        )
        # The next conversation's deadline runs from the last one held.
        changes.changed(citizen.pk)
    return conversation


def journal_entry_update(
    *,
    actor: User,
    entry: JournalEntry,
    sections: dict[str, str],
    expected_version: int,
    details: ConversationDetails | None = None,
    sign: bool = False,
) -> JournalEntry:
    """Replace a draft's texts (a missing key empties that section), optionally the
    conversation's details, and optionally sign it, all in one step. Drafts only, and only
    if nobody saved the draft since `expected_version` (else EditConflict)."""
    require(actor, Permission.EDIT_CITIZEN, within=entry.municipality_id)
    with audited_atomic():
        locked = (
            JournalEntry.objects.select_for_update()
            .select_related("conversation", "citizen")
            .get(pk=entry.pk)
        )
        if locked.is_signed:
            raise EntryIsSigned
        written = written_sections(_structure(locked), sections)
        errors = _section_errors(written, sections, signing=sign)
        if details is not None:
            details = dataclasses.replace(details, participants=details.participants.strip())
            errors = _details_errors(locked.citizen, details) | errors
        if errors:
            raise ValidationError(errors)
        claim_version(
            locked,
            expected_version,
            reload=JournalEntry.objects.select_related("conversation", "citizen"),
        )
        if details is not None:
            conversation = locked.conversation
            for name, value in dataclasses.asdict(details).items():
                setattr(conversation, name, value)
            conversation.save()
            changes.changed(locked.citizen_id)  # the date may have moved
        locked.sections = written
        if sign:
            _sign(locked, actor)
        locked.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            purpose="Ændring af kladde til journalnotat",
            municipality=actor.municipality,
            citizen=locked.citizen,
            details={"conversation": locked.conversation_id, "entry": locked.pk, "signed": sign},
        )
    return locked


def journal_entry_sign(*, actor: User, entry: JournalEntry) -> JournalEntry:
    """Sign a draft. From then on it is read-only; changes are made as corrections."""
    require(actor, Permission.EDIT_CITIZEN, within=entry.municipality_id)
    with audited_atomic():
        locked = JournalEntry.objects.select_for_update().select_related("citizen").get(pk=entry.pk)
        if locked.is_signed:
            raise EntryIsSigned
        errors = _section_errors(locked.sections, {}, signing=True)
        if errors:
            raise ValidationError(errors)
        _sign(locked, actor)
        # Signing raises the version too, so a form loaded before cannot save over it.
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            purpose="Underskrift af journalnotat",
            municipality=actor.municipality,
            citizen=locked.citizen,
            details={"conversation": locked.conversation_id, "entry": locked.pk},
        )
    return locked


def journal_entry_correct(
    *, actor: User, entry: JournalEntry, sections: dict[str, str], reason: str
) -> JournalEntry:
    """Correct a signed entry with a new, signed entry that points to it.

    The correction is signed at once: the journal then never holds a correction "on the
    way", and the old entry counts as corrected from the moment the new text exists.
    """
    require(actor, Permission.EDIT_CITIZEN, within=entry.municipality_id)
    reason = reason.strip()
    with audited_atomic():
        original = (
            JournalEntry.objects.select_for_update().select_related("citizen").get(pk=entry.pk)
        )
        if not original.is_signed:
            raise EntryNotSigned
        if JournalEntry.objects.filter(corrects=original).exists():
            raise EntryAlreadyCorrected
        written = written_sections(_structure(original), sections)
        errors = _section_errors(written, sections, signing=True)
        if not reason:
            errors["reason"] = _("Skriv kort, hvad der rettes og hvorfor.")
        elif len(reason) > 500:
            errors["reason"] = _("Skriv højst 500 tegn.")
        if not errors and written == original.sections:
            errors["sections"] = _("Rettelsen er magen til notatet. Ret teksten, eller fortryd.")
        if errors:
            raise ValidationError(errors)
        correction = JournalEntry(
            municipality_id=original.municipality_id,
            conversation_id=original.conversation_id,
            citizen=original.citizen,
            sections=written,
            written_by=actor,
            corrects=original,
            correction_reason=reason,
        )
        _sign(correction, actor)
        try:
            with transaction.atomic():
                correction.save()
        except IntegrityError as exc:
            # Lost a race with a colleague correcting the same entry at the same moment.
            raise EntryAlreadyCorrected from exc
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            purpose="Rettelse af underskrevet journalnotat",
            municipality=actor.municipality,
            citizen=original.citizen,
            details={
                "conversation": original.conversation_id,
                "entry": correction.pk,
                "corrects": original.pk,
            },
        )
    return correction
