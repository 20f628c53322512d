"""The audit log: append-only, each entry hash-chained to the one before it."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.scoping import PersonalData


class AuditLogIsAppendOnly(Exception):
    pass


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AuditLogIsAppendOnly("Revisionslogposter kan ikke ændres eller slettes.")


class AppendOnlyQuerySet(models.QuerySet):
    update = _refuse
    delete = _refuse
    bulk_update = _refuse
    update_or_create = _refuse


class Action(models.TextChoices):
    VIEW = "view", _("Så borgerens side")
    SEARCH = "search", _("Søgte efter borger")
    CREATE = "create", _("Oprettede borger")
    UPDATE = "update", _("Registrerede eller ændrede oplysninger")
    REVEAL_CPR = "reveal_cpr", _("Viste fuldt CPR-nummer")
    EXPORT_AUDIT = "export_audit", _("Eksporterede revisionslog")
    VIEW_AUDIT = "view_audit", _("Så revisionslog")


class AuditEntry(PersonalData):
    # `seq` orders the chain; it is handed out under the lock on AuditChainHead.
    seq = models.BigIntegerField(unique=True, editable=False)
    at = models.DateTimeField(_("tidspunkt"), editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("bruger"),
    )
    # Copies, so the entry still says who it was after a user is renamed.
    actor_username = models.CharField(_("brugernavn"), max_length=150)
    actor_role = models.CharField(_("rolle"), max_length=20)
    citizen = models.ForeignKey(
        "citizens.Citizen",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("borger"),
    )
    action = models.CharField(_("handling"), max_length=20, choices=Action.choices)
    purpose = models.CharField(_("formål"), max_length=200)
    request_id = models.CharField(_("forespørgsels-id"), max_length=64)
    details = models.JSONField(_("detaljer"), default=dict)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("revisionslogpost")
        verbose_name_plural = _("revisionslog")
        indexes = [models.Index(fields=["municipality", "citizen", "-seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()


class AuditChainHead(models.Model):
    """One row: the last sequence number and hash, locked while an entry is appended."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
