"""The toolbox's boundary: a municipality's documents are its own.

Staff reach their municipality's documents by role (VIEW_TOOLBOX to read, MANAGE_TOOLBOX to
change). The facilitator reads a document only when the municipality has shared it, and
only where a view asks for that (`shared_ok`). Everything else answers 404, so an outsider
cannot learn that an id exists.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import QuerySet

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission, Role
from fremdrift.accounts.scoping import one_or_404, scoped_queryset
from fremdrift.toolbox.models import ShareableDocument

D = TypeVar("D", bound=models.Model)


def documents(
    user: User, model: type[D], permission: Permission = Permission.VIEW_TOOLBOX
) -> QuerySet[D]:
    """`model`'s rows in the user's municipality, or none when the role does not allow it."""
    return scoped_queryset(user, model, permission)


def unscoped_shared_documents(user: User, model: type[D]) -> QuerySet[D]:
    """For the facilitator, across municipalities: the documents they have chosen to share."""
    shareable = issubclass(model, ShareableDocument)
    if not shareable or not user.is_authenticated or user.role != Role.FACILITATOR:
        return model._default_manager.none()
    return model._default_manager.filter(shared=True)


def access_document(
    user: User,
    model: type[D],
    pk: object,
    permission: Permission = Permission.VIEW_TOOLBOX,
    *,
    shared_ok: bool = False,
) -> D:
    queryset = documents(user, model, permission)
    if shared_ok and permission == Permission.VIEW_TOOLBOX and user.role == Role.FACILITATOR:
        queryset = unscoped_shared_documents(user, model)
    return one_or_404(queryset, pk)
