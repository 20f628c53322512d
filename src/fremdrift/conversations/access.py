"""Scoped accessors for conversations and journal entries: the only way views reach them.

Each look-up goes through `access_by_id`, so a row outside the user's municipality or role
is a 404, the same as a missing one. `read_*` also writes the audit entry for the read.
"""

from __future__ import annotations

from django.http import Http404

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import access_by_id
from fremdrift.citizens.access import record_citizen_read
from fremdrift.citizens.models import Citizen
from fremdrift.conversations.models import Conversation, JournalEntry

READ_PURPOSE = "Opslag i borgerens samtaler og journal"


def access_conversation(
    user: User, pk: object, *, permission: Permission = Permission.VIEW_CITIZEN
) -> Conversation:
    return access_by_id(
        user,
        Conversation,
        pk,
        permission,
        select_related=("citizen", "citizen__municipality", "held_by"),
    )


def access_entry(
    user: User,
    conversation: Conversation,
    pk: object,
    *,
    permission: Permission = Permission.VIEW_CITIZEN,
) -> JournalEntry:
    """An entry of `conversation` (404 if it belongs to another, or is outside the boundary)."""
    entry = access_by_id(user, JournalEntry, pk, permission)
    if entry.conversation_id != conversation.pk:
        raise Http404
    entry.conversation = conversation
    entry.citizen = conversation.citizen
    return entry


def record_read(user: User, citizen: Citizen, *, purpose: str = READ_PURPOSE) -> None:
    """Every page that shows a citizen's conversations or journal is a recorded read."""
    record_citizen_read(user, citizen, purpose=purpose)


def read_conversation(user: User, pk: object) -> Conversation:
    conversation = access_conversation(user, pk)
    record_read(user, conversation.citizen)
    return conversation
