"""The audit log: append-only, each entry hash-chained to the one before it in its chain.

There is one chain per municipality and one for entries without a municipality (the
facilitator's and the product administrator's actions): an appender locks only its own
chain's head, so one municipality never waits for another.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
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
    # A CPR number typed in another municipality (or again in the same) met this citizen.
    CPR_MATCH = "cpr_match", _("Fandt CPR-nummeret ved en oprettelse")
    # The personal data were erased; the entry keeps the fact, never what was erased.
    ERASE = "erase", _("Anonymiserede borgeren")
    # A rebuild that rewrote finished (frozen) months of the key figures.
    REWRITE_FIGURES = "rewrite_figures", _("Genberegnede afsluttede måneders nøgletal")
    SETTINGS = "settings", _("Ændrede kommunens indstillinger")
    # A page listed citizens (a list, a search, the board): one entry for the page, its
    # details name the query and every citizen shown; AuditAppearance finds it per citizen.
    LIST = "list", _("Viste borgeren på en liste")
    # The administrator's pages: a user or a team created, changed, deactivated ...
    USERS = "users", _("Ændrede en bruger eller et team")
    # Citizens moved from one caseworker or consultant to another, in one operation.
    CASELOAD = "caseload", _("Flyttede borgere til en anden medarbejder")
    # Logging in and out (single sign-on, second factor), and refused attempts.
    SIGN_IN = "sign_in", _("Loggede ind eller ud")
    # A citizen who moved: the case taken over from the municipality moved from.
    TAKEOVER = "takeover", _("Overtog sagen fra en anden kommune")


class AuditChain(models.Model):
    """A chain's head: its last sequence number and hash, locked while entries are appended.

    `municipality` is None for the chain of entries without a municipality."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, null=True, related_name="+"
    )
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [
            # Coalesce: a plain unique column would let any number of chains be None.
            models.UniqueConstraint(
                Coalesce("municipality", Value(0)), name="audit_one_chain_per_municipality"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id or '-'} #{self.seq} {self.hash[:12]}"


class AuditEntry(PersonalData):
    # None for what happens outside any municipality (the facilitator, the product's
    # administration); such entries are outside every municipality's scoped reads.
    municipality = models.ForeignKey(  # type: ignore[assignment]
        "accounts.Municipality",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("kommune"),
    )
    # The chain of the entry's municipality; `seq` numbers the entry inside it, handed out
    # under the lock on the chain's head.
    chain = models.ForeignKey(AuditChain, on_delete=models.PROTECT, related_name="+")
    seq = models.BigIntegerField(editable=False)
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
        # Newest first inside a chain; seq compares only within one chain (municipality).
        ordering = ["chain", "-seq"]
        verbose_name = _("revisionslogpost")
        verbose_name_plural = _("revisionslog")
        indexes = [models.Index(fields=["municipality", "citizen", "-seq"])]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_seq_unique_in_chain"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()


class AuditAppearance(PersonalData):
    """A citizen shown on a list page: the citizen's side of the list's one entry.

    The entry (hash-chained) holds the query and the ids shown in its details; these rows are
    the index the citizen's access report reads them through, so a citizen shown 10,000 times
    is found without reading every list entry. Written with the entry, never changed."""

    entry = models.ForeignKey(AuditEntry, on_delete=models.PROTECT, related_name="appearances")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.PROTECT, related_name="+")
    # The entry's seq, so the access report orders the citizen's own entries and appearances
    # together from the indexes alone.
    seq = models.BigIntegerField()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["municipality", "citizen", "-seq"])]
        constraints = [
            models.UniqueConstraint(fields=["entry", "citizen"], name="audit_shown_once_a_list"),
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} on #{self.seq}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()


class AccessReportPdf(PersonalData):
    """A citizen's access report (audit/access_report.py) rendered by the job worker, waiting
    to be downloaded. It holds the citizen's name and every look-up, so it is kept a day at
    most (audit/report_services.py, core.housekeeping) and goes with an erasure."""

    citizen_path = "citizen"  # whose report it is (accounts.scoping)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    citizen = models.ForeignKey("citizens.Citizen", on_delete=models.CASCADE, related_name="+")
    pdf = models.BinaryField()
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"indsigt {self.citizen_id} {self.created_at:%Y-%m-%d %H:%M}"
