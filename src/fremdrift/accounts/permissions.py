"""The one check a service makes before it writes: may this actor do this, here?"""

from __future__ import annotations

from typing import Protocol

from django.core.exceptions import PermissionDenied

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import refuse_if_anonymised


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
    # An anonymised citizen keeps only the figures' facts; nothing is written to it again.
    refuse_if_anonymised(within)
    if within is not None:
        where = within if isinstance(within, int) else within.municipality_id
        if where != actor.municipality_id:
            raise PermissionDenied(f"{actor.username}: outside the municipality")
    return actor.municipality_id


def require_installation(actor: User, permission: Permission) -> None:
    """`require` for the roles that work across municipalities (the product's own
    administrator): the permission only, as they belong to no municipality."""
    if not actor.can(permission) or actor.municipality_id is not None:
        raise PermissionDenied(f"{actor.username} may not {permission.value}")
