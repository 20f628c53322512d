"""Conversations with a citizen and the journal entries written about them.

A journal entry is a record: once signed it is never changed. A correction is a new entry
that points to the one it corrects (`corrects`), so the old text stays readable and the
chain shows who changed what and when. "Number in the year" and "corrected" are derived,
never stored (see selectors.py and `Conversation.entry_chain`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import Municipality
from fremdrift.accounts.scoping import PersonalData
from fremdrift.core import clock
from fremdrift.core.versioning import Versioned


class ConversationForm(models.TextChoices):
    IN_PERSON = "in_person", _("Personligt fremmøde")
    PHONE = "phone", _("Telefon")
    DIGITAL = "digital", _("Digitalt (video)")


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    SIGNED = "signed", _("Underskrevet")


class JournalStateError(Exception):
    """The entry is in the wrong state for the change asked for; nothing was saved."""

    message = "Journalnotatet kan ikke ændres sådan."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)


class EntryIsSigned(JournalStateError):
    message = "Notatet er underskrevet og kan ikke ændres. Lav en rettelse i stedet."


class EntryNotSigned(JournalStateError):
    message = "Kun et underskrevet notat rettes; en kladde redigeres."


class EntryAlreadyCorrected(JournalStateError):
    message = "Notatet er allerede rettet. Ret den nyeste udgave."


class JournalTemplate(models.Model):
    """A municipality's sections for the journal entry. Not personal data: set-up only.

    Saving a new version deactivates the old row rather than changing it, so what the
    template said at any time can still be read.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="journal_templates",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=100)
    # [{"key": "status", "title": "Status siden sidst", "help": "..."}, ...]
    sections = models.JSONField(_("afsnit"), default=list)
    active = models.BooleanField(_("i brug"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("journalskabelon")
        verbose_name_plural = _("journalskabeloner")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=models.Q(active=True),
                name="journal_template_one_active",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Conversation(PersonalData):
    citizen_path = "citizen"  # whose row it is (accounts.scoping)
    # Indexed by (citizen, held_on) below, which serves every look-up by citizen.
    citizen = models.ForeignKey(
        "citizens.Citizen",
        on_delete=models.PROTECT,
        related_name="conversations",
        db_index=False,
        verbose_name=_("borger"),
    )
    held_on = models.DateField(_("dato"))
    form = models.CharField(_("form"), max_length=10, choices=ConversationForm.choices)
    interpreter_used = models.BooleanField(_("tolk brugt"), default=False)
    participants = models.CharField(_("deltagere"), max_length=200, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("holdt af"),
    )
    # A default rather than auto_now_add, so a bulk load (demo, import) can give the real time.
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("samtale")
        verbose_name_plural = _("samtaler")
        # A citizen's conversations by date: the lists, the numbers in the year and the
        # journey's "last conversation" per citizen.
        indexes = [models.Index(fields=["citizen", "held_on"])]

    def __str__(self) -> str:
        return f"{self.citizen_id}: {self.held_on}"

    def entry_chain(self) -> list[ChainedEntry]:
        """The entries newest first, each with the entry that corrects it, if any.

        Uses the prefetched `entries` when there are any, so a list costs no extra query.
        """
        entries = sorted(self.entries.all(), key=lambda e: (e.created_at, e.pk), reverse=True)
        by_corrected = {e.corrects_id: e for e in entries if e.corrects_id}
        return [ChainedEntry(entry, by_corrected.get(entry.pk)) for entry in entries]

    def current_entry(self) -> JournalEntry | None:
        """The entry in force: the one no other entry corrects."""
        return next((c.entry for c in self.entry_chain() if c.corrected_by is None), None)


@dataclass(frozen=True)
class ChainedEntry:
    """A journal entry in its conversation's chain, with the entry that corrects it."""

    entry: JournalEntry
    corrected_by: JournalEntry | None


class JournalEntryQuerySet(models.QuerySet):
    """Bulk writes may not reach a signed entry either (the model's save guards one row)."""

    def update(self, **kwargs: Any) -> int:
        if self.filter(status=EntryStatus.SIGNED).exists():
            raise EntryIsSigned
        return super().update(**kwargs)

    def delete(self) -> Any:
        if self.filter(status=EntryStatus.SIGNED).exists():
            raise EntryIsSigned
        return super().delete()

    def erase_texts(self) -> int:
        """Empty the entries' texts, signed ones too: the one exception to "signed is final",
        for the erasure of a citizen's personal data (fremdrift.retention). The rows stay, so
        the record still shows that an entry was written, signed and corrected, and when."""
        return super().update(sections=[], correction_reason="")


class JournalEntry(Versioned, PersonalData):
    citizen_path = "citizen"  # whose row it is (accounts.scoping)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.PROTECT, related_name="entries", verbose_name=_("samtale")
    )
    citizen = models.ForeignKey(
        "citizens.Citizen",
        on_delete=models.PROTECT,
        related_name="journal_entries",
        verbose_name=_("borger"),
    )
    # A snapshot: [{"key", "title", "text"}]. Copying the titles means a later change to the
    # template never alters what an old entry says.
    sections = models.JSONField(_("afsnit"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    # No index on the authors: nothing looks entries up by them, and the demo's and imports'
    # bulk loads are noticeably faster without. `corrects` is indexed by its unique constraint.
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    signed_at = models.DateTimeField(_("underskrevet"), null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("retter"),
    )
    correction_reason = models.CharField(_("årsag til rettelsen"), max_length=500, blank=True)
    # Defaults rather than auto_now(_add), so a bulk load can give the real times; save()
    # keeps updated_at current.
    created_at = models.DateTimeField(default=clock.now, editable=False)
    updated_at = models.DateTimeField(default=clock.now, editable=False)

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("journalnotat")
        verbose_name_plural = _("journalnotater")
        constraints = [
            # One original per conversation, and each entry corrected at most once: the
            # corrections form a single line, never a tree.
            models.UniqueConstraint(
                fields=["conversation"],
                condition=models.Q(corrects__isnull=True),
                name="journal_entry_one_original",
            ),
            models.UniqueConstraint(
                fields=["corrects"],
                condition=models.Q(corrects__isnull=False),
                name="journal_entry_corrected_once",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(signed_by__isnull=False, signed_at__isnull=False),
                name="journal_entry_signed_has_signer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}/{self.pk} ({self.status})"

    @classmethod
    def from_db(cls, db: str, field_names: Any, values: Any) -> JournalEntry:
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A signed row is final. The one update allowed is the signing itself, which loads
        # the row as a draft and saves it as signed.
        if not self._state.adding:
            stored = getattr(self, "_stored_status", None)
            if stored is None:
                stored = (
                    type(self)
                    ._default_manager.filter(pk=self.pk)
                    .values_list("status", flat=True)
                    .first()
                )
            if stored == EntryStatus.SIGNED:
                raise EntryIsSigned
            self.updated_at = clock.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.status == EntryStatus.SIGNED or getattr(self, "_stored_status", None) == "signed":
            raise EntryIsSigned
        return super().delete(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return self.status == EntryStatus.SIGNED

    def text_of(self, key: str) -> str:
        return next((s.get("text", "") for s in self.sections if s.get("key") == key), "")
