"""What every toolbox document shares: its municipality, its authors and its history.

The documents are the municipality's own planning papers, not personal data: nobody's case
is in them. They are still the municipality's alone; views reach them only through
toolbox.access, which answers 404 outside the user's municipality.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import Municipality


class Theme(models.TextChoices):
    """The action plan's five themes (toolbox step 1C)."""

    ORGANISATION = "organisation", _("Organisering")
    EMPLOYEES = "employees", _("Medarbejdere")
    TOOLS = "tools", _("Redskaber")
    PARTNERS = "partners", _("Samarbejdspartnere")
    LEADERSHIP = "leadership", _("Ledelse og projektstyring")


class ToolboxDocument(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("kommune")
    )
    title = models.CharField(_("titel"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking of the document's own edit form (core/versioning.py). Not named
    # `version`: on a theory that is the version taken on, on a checklist or a round the
    # instrument's version.
    edit_version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class ShareableDocument(ToolboxDocument):
    """A document the municipality may show the facilitator: theories, methods, plans."""

    # The facilitator sees a document's content only when the municipality shares it.
    shared = models.BooleanField(_("delt med facilitator"), default=False)

    class Meta:
        abstract = True


class Revision(models.Model):
    """One change to a document: who, when, what (in words) and the document as it then was.

    Written by the toolbox services in the same transaction as the change, so the history is
    complete: numbers run 1, 2, 3 ... per document.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    # The document's model label (e.g. "toolbox.theoryofchange") and id.
    document_type = models.CharField(max_length=60)
    document_id = models.PositiveBigIntegerField()
    number = models.PositiveIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    summary = models.CharField(_("ændring"), max_length=300)
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["document_type", "document_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "document_id", "number"], name="revision_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_type}#{self.document_id} r{self.number}"
