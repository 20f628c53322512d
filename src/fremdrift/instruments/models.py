"""Instruments and their versions, kept as validated data (architecture idea 2).

A version's definition never changes once it is published: a new version is a new row,
and answers (which later issues add) point to the exact version they were given in.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import Municipality


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
            if stored["status"] == VersionStatus.PUBLISHED and stored["checksum"] != self.checksum:
                raise PublishedVersionIsImmutable(
                    "En udgivet version kan ikke ændres: læg en ny version ind."
                )
        super().save(*args, **kwargs)

    def items(self) -> list[dict]:
        return [item for section in self.definition["sections"] for item in section["items"]]
