"""Instruments, their versions and the responses given to them (architecture idea 2).

A version's definition never changes once it is published (only published versions can be
answered, so a version with answers is immutable): a new version is a new row, and every
response points to the exact version it was given in.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import Municipality
from fremdrift.accounts.scoping import PersonalData


class Instrument(models.Model):
    # None: the product's own instrument, offered to every municipality.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    key = models.CharField(_("nøgle"), max_length=50)
    name = models.CharField(_("navn"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("spørgeskema")
        verbose_name_plural = _("spørgeskemaer")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key"], name="instrument_unique_key_per_municipality"
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(municipality__isnull=True),
                name="instrument_unique_global_key",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    PUBLISHED = "published", _("Udgivet")


class PublishedVersionIsImmutable(Exception):
    pass


class InstrumentVersion(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    checksum = models.CharField(max_length=64)
    source = models.CharField(_("fil"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["instrument", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "version"], name="instrument_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            stored = InstrumentVersion.objects.filter(pk=self.pk).values("status", "checksum").get()
            frozen = stored["status"] == VersionStatus.PUBLISHED or self.responses.exists()
            if frozen and stored["checksum"] != self.checksum:
                raise PublishedVersionIsImmutable(
                    "En udgivet version kan ikke ændres: læg en ny version ind."
                )
        super().save(*args, **kwargs)

    def items(self) -> list[dict]:
        return [item for section in self.definition["sections"] for item in section["items"]]

    def items_for(self, respondent: str) -> list[dict]:
        return [item for item in self.items() if respondent in item["respondents"]]

    def has_respondent(self, respondent: str) -> bool:
        return any(r["key"] == respondent for r in self.definition["respondents"])

    def language_or_danish(self, language: str | None) -> str:
        """`language` when the definition has it, else Danish (which every definition has)."""
        return language if language in self.definition["languages"] else "da"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class Special(models.TextChoices):
    """Answers that are not a point on the scale, and not the same as no answer."""

    DONT_KNOW = "dont_know", _("Ved ikke")
    NOT_RELEVANT = "not_relevant", _("Ikke relevant")


class Response(PersonalData):
    """One respondent's answers about a citizen, in one exact version: at one conversation
    (a progression reading), about one placement at a company (a follow-up, where the
    respondent is the company's contact person or the consultant), or carried over from the
    municipality a citizen moved from (a reading taken there). The citizen is set either
    way, so scoping and erasure treat both alike.

    `completed_at` is empty while the citizen is still stepping through the form: each step
    is saved at once, so nothing is lost if the conversation is interrupted.
    """

    citizen_path = "citizen"  # whose row it is (accounts.scoping)

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="responses"
    )
    # The instrument again, so one conversation has at most one response per respondent.
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.PROTECT, related_name="instrument_responses"
    )
    conversation = models.ForeignKey(
        "conversations.Conversation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
    )
    # A follow-up's subject: the placement, not a conversation (several per placement).
    placement = models.ForeignKey(
        "companies.Placement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_up_responses",
    )
    # A reading carried over when the municipality took over the case of a citizen who moved
    # here (journey.takeover_services): the name of the municipality where it was taken. Its
    # conversation stays there, so this is its subject instead.
    carried_from = models.CharField(_("målt i"), max_length=200, blank=True, db_default="")
    respondent = models.CharField(_("besvarer"), max_length=50)
    taken_on = models.DateField(_("dato"))
    agreed_together = models.BooleanField(_("aftalt i fællesskab"), default=False)
    language = models.CharField(_("sprog"), max_length=3, default="da")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    # The optimistic lock (core.versioning): not Versioned's `version`, which here names the
    # instrument version answered. 0 while no answer has been saved (response_start), so two
    # caseworkers filling in the same new reading conflict; raised by every save of answers.
    edit_version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["citizen", "taken_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "instrument", "respondent"],
                name="response_one_per_respondent_per_conversation",
            ),
            models.CheckConstraint(
                condition=models.Q(conversation__isnull=False)
                | models.Q(placement__isnull=False)
                | ~models.Q(carried_from=""),
                name="response_has_a_subject",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "instrument", "taken_on"])]

    def __str__(self) -> str:
        return f"{self.version} {self.respondent} {self.taken_on}"


class Answer(PersonalData):
    """One item's answer: a point on the scale, or a special answer. No row: not answered."""

    citizen_path = "response__citizen"  # whose row it is (accounts.scoping)

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=50)
    value = models.SmallIntegerField(null=True, blank=True)
    special = models.CharField(max_length=12, choices=Special.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="answer_one_per_item"),
            models.CheckConstraint(
                condition=(models.Q(value__isnull=False) & models.Q(special=""))
                | (models.Q(value__isnull=True) & ~models.Q(special="")),
                name="answer_value_or_special",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}={self.value if self.value is not None else self.special}"
