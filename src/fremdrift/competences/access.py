"""Who reads and writes the card, and the scoped look-ups the views use.

Reading is `Permission.VIEW_CITIZEN` (caseworkers, consultants, managers). Writing is
either `EDIT_CITIZEN` (the caseworker, who keeps the citizen's record) or `EDIT_PLACEMENT`
(the company consultant, who fills in the card with the citizen and the employer): the card
is filled in together, and the role table has no permission of its own for it. Today both
amount to the caseworker, the consultant and the manager.
"""

from __future__ import annotations

from django.http import Http404

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import access_by_id
from fremdrift.competences.models import Competence

WRITE_PERMISSIONS = (Permission.EDIT_PLACEMENT, Permission.EDIT_CITIZEN)


def write_permission(user: User) -> Permission:
    """The permission the user writes the card with: the first of WRITE_PERMISSIONS they
    hold, else the first (which they lack, so `require` refuses)."""
    for permission in WRITE_PERMISSIONS:
        if user.can(permission):
            return permission
    return WRITE_PERMISSIONS[0]


def may_write(user: User) -> bool:
    return user.is_authenticated and any(user.can(p) for p in WRITE_PERMISSIONS)


def require_writer(user: User) -> None:
    """404, as `require_permission` answers, for a role that may not write the card."""
    if not may_write(user):
        raise Http404


def access_competence(user: User, pk: object) -> Competence:
    """A competence to assess again, inside the user's boundary (404 otherwise)."""
    return access_by_id(
        user,
        Competence,
        pk,
        write_permission(user),
        select_related=("citizen__municipality",),
    )
