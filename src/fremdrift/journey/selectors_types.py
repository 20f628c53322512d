"""The municipality's changes to its offer and benefit types, read back from the audit log."""

from __future__ import annotations

import dataclasses
import datetime as dt

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.journey.retired_types import TYPE_PURPOSES


@dataclasses.dataclass(frozen=True)
class TypeChange:
    at: dt.datetime
    who: str
    what: str
    details: dict[str, object]


def type_change_log(actor: User, limit: int = 50) -> list[TypeChange]:
    """The municipality's changes to its offer and benefit types, newest first, read from
    the audit log (the log is the record; nothing else keeps them)."""
    municipality_id = require(actor, Permission.MANAGE_USERS)
    entries = AuditEntry.objects.filter(
        municipality_id=municipality_id,
        action=Action.SETTINGS,
        purpose__in=TYPE_PURPOSES,
    ).order_by("-seq")[:limit]
    return [
        TypeChange(at=e.at, who=e.actor_username, what=e.purpose, details=dict(e.details))
        for e in entries
    ]
