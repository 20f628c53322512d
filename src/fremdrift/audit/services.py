"""Writing to the audit log. Callers run inside their own transaction, so the entry and the
change it records are committed together or not at all.

Purposes are stored in Danish as written, not translated: the log is a record, and must read
the same whichever language the user had chosen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
        head = _locked_head()
        entry = _chained(
            head,
            AuditEntry(
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
            ),
        )
        entry.save()
        head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class AuditItem:
    """One entry of a batch: the citizen (or None), what was done, why, and the details."""

    citizen_id: int | None
    action: str
    purpose: str
    details: dict[str, Any]


def audit_record_many(
    *, actor: User, municipality_id: int, items: Sequence[AuditItem]
) -> list[AuditEntry]:
    """The same entries, chain and lock as `audit_record`, for many at once (the case
    import): the chain head is locked once and the entries go in with one bulk insert, where
    one `audit_record` each would take several queries per citizen."""
    if not items:
        return []
    at, request_id = clock.now(), current_request_id()
    with transaction.atomic():
        head = _locked_head()
        entries = [
            _chained(
                head,
                AuditEntry(
                    at=at,
                    actor_id=actor.pk,
                    actor_username=actor.username,
                    actor_role=actor.role,
                    municipality_id=municipality_id,
                    citizen_id=item.citizen_id,
                    action=item.action,
                    purpose=item.purpose[:200],
                    request_id=request_id,
                    details=item.details,
                ),
            )
            for item in items
        ]
        AuditEntry.objects.bulk_create(entries)
        head.save(update_fields=["seq", "hash"])
    return entries


def _locked_head() -> AuditChainHead:
    # The head row serialises appenders so the chain never forks.
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    return head


def _chained(head: AuditChainHead, entry: AuditEntry) -> AuditEntry:
    """The entry as the chain's next link; the head moves on to it."""
    entry.seq, entry.prev_hash = head.seq + 1, head.hash
    entry.hash = entry_hash(entry)
    head.seq, head.hash = entry.seq, entry.hash
    return entry
