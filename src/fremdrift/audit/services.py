"""Writing to the audit log. Callers run inside their own transaction, so the entry and the
change it records are committed together or not at all.

Purposes are stored in Danish as written, not translated: the log is a record, and must read
the same whichever language the user had chosen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from fremdrift.accounts.models import Municipality, User
from fremdrift.audit.chain import entry_hash
from fremdrift.audit.models import Action, AuditChainHead, AuditEntry
from fremdrift.core import clock
from fremdrift.core.request_context import current_request_id

if TYPE_CHECKING:
    from fremdrift.citizens.models import Citizen


def audit_record(
    *,
    actor: User | None,
    action: Action,
    purpose: str,
    municipality: Municipality,
    citizen: Citizen | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    with transaction.atomic():
        # The head row serialises appenders so the chain never forks.
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=clock.now(),
            actor=actor,
            actor_username=actor.username if actor else "system",
            actor_role=actor.role if actor else "",
            municipality=municipality,
            citizen=citizen,
            action=action,
            purpose=purpose[:200],
            request_id=current_request_id(),
            details=details or {},
            prev_hash=head.hash,
        )
        entry.hash = entry_hash(entry)
        entry.save()
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry
