"""The one check a service makes before it writes: may this actor do this, here?"""

from __future__ import annotations

from typing import Protocol

from django.core.exceptions import PermissionDenied

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission


class InMunicipality(Protocol):
    @property
    def municipality_id(self) -> int | None: ...


def require(
    actor: User, permission: Permission, *, within: InMunicipality | int | None = None
) -> int:
    """The actor's municipality id, when the actor has `permission` and belongs to a
    municipality, and `within` (a record, or a municipality id) is in that municipality.
    Anything else is PermissionDenied: the views check first, so reaching this refusal
    means a view forgot, and the answer is 403, never a write."""
    if not actor.can(permission) or actor.municipality_id is None:
        raise PermissionDenied(f"{actor.username} may not {permission.value}")
    if getattr(within, "anonymised_at", None) is not None:
        # An anonymised citizen keeps only the figures' facts; nothing is written to it again.
        raise PermissionDenied(f"{actor.username}: the citizen is anonymised")
    if within is not None:
        where = within if isinstance(within, int) else within.municipality_id
        if where != actor.municipality_id:
            raise PermissionDenied(f"{actor.username}: outside the municipality")
    return actor.municipality_id
