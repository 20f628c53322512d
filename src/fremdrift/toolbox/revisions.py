"""Every document's history: who changed what and when, and the document as it then was."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.toolbox.models import Revision, ShareableDocument, ToolboxDocument


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


def latest_revision(document: ToolboxDocument) -> int:
    """The number of the document's latest revision (0 before the first). Every change to
    the document or its parts records one, so a form over the whole document (the status
    round) carries it as its version (core/versioning.py)."""
    last = Revision.objects.filter(
        document_type=_label(document), document_id=document.pk
    ).aggregate(last=Max("number"))["last"]
    return last or 0


def history(document: ToolboxDocument) -> list[Revision]:
    """The document's revisions, newest first, with who made them."""
    return list(
        Revision.objects.filter(document_type=_label(document), document_id=document.pk)
        .select_related("changed_by")
        .order_by("-number")
    )


def set_shared(
    *,
    actor: User,
    document: ShareableDocument,
    shared: bool,
    snapshot: Callable[[ShareableDocument], dict],
) -> bool:
    """Share the document with the facilitator, or stop sharing it; False when unchanged."""
    if document.shared == shared:
        return False
    with transaction.atomic():
        document.shared = shared
        document.save(update_fields=["shared", "updated_at"])
        record_revision(
            document,
            actor=actor,
            summary=_("Delte dokumentet med facilitatoren")
            if shared
            else _("Stoppede delingen med facilitatoren"),
            snapshot=snapshot(document),
        )
    return True
