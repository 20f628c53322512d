from __future__ import annotations

from django.db.models import QuerySet

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.audit.models import AuditEntry
from fremdrift.citizens.models import Citizen


def audit_entries_for_citizen(user: User, citizen: Citizen) -> QuerySet[AuditEntry]:
    """Every entry about `citizen`, newest first, inside the manager's municipality: one
    chain, whose seq is the order the entries were appended in."""
    return (
        scoped_queryset(user, AuditEntry, Permission.VIEW_AUDIT_LOG)
        .filter(citizen=citizen)
        .select_related("actor")
        .order_by("-seq")
    )
