"""Every document's history: who changed what and when, and the document as it then was."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Max

from fremdrift.accounts.models import User
from fremdrift.toolbox.models import Revision, ToolboxDocument


def _label(document: models.Model) -> str:
    return document._meta.label_lower


def record_revision(
    document: ToolboxDocument, *, actor: User | None, summary: str, snapshot: dict
) -> Revision:
    """Append the next revision. Call inside the transaction that made the change."""
    label = _label(document)
    # Lock the document's row so two simultaneous changes cannot take the same number.
    type(document)._default_manager.select_for_update().filter(pk=document.pk).exists()
    last = Revision.objects.filter(document_type=label, document_id=document.pk).aggregate(
        last=Max("number")
    )["last"]
    # Round-trip through JSON so dates and decimals are stored as plain strings.
    encoded = DjangoJSONEncoder().encode(snapshot)
    return Revision.objects.create(
        municipality_id=document.municipality_id,
        document_type=label,
        document_id=document.pk,
        number=(last or 0) + 1,
        changed_by=actor,
        summary=summary[:300],
        snapshot=json.loads(encoded),
    )


def history(document: ToolboxDocument) -> list[Revision]:
    """The document's revisions, newest first, with who made them."""
    return list(
        Revision.objects.filter(document_type=_label(document), document_id=document.pk)
        .select_related("changed_by")
        .order_by("-number")
    )
