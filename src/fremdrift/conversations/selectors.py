"""Reads of conversations. "Number in the year" is derived here, never stored.

A conversation's number in the year is its place among the citizen's conversations held in
the same calendar year, ordered by date and then by id (two on one day keep the order they
were registered in). Computed with a window function, so a whole list costs one query and
the number is always right after a date is corrected or a conversation registered late.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet, Window, prefetch_related_objects
from django.db.models.functions import ExtractYear, RowNumber
from django.urls import reverse

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.citizens.models import Citizen
from fremdrift.conversations.models import ChainedEntry, Conversation, JournalEntry
from fremdrift.core import clock

SECTION_SIZE = 3
# SQLite caps the number of parameters in one statement; stay well under it.
_ID_CHUNK = 10_000


def with_number_in_year(queryset: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """Annotate `number_in_year`. Filter only by whole citizens, or the numbers change."""
    return queryset.annotate(
        number_in_year=Window(
            RowNumber(),
            partition_by=[F("citizen_id"), ExtractYear("held_on")],
            order_by=[F("held_on").asc(), F("id").asc()],
        )
    )


def _entries() -> Prefetch:
    return Prefetch(
        "entries",
        queryset=JournalEntry.objects.select_related("written_by", "signed_by").order_by(
            "created_at", "id"
        ),
    )


def conversations_for_citizen(user: User, citizen: Citizen) -> list[Conversation]:
    """The citizen's conversations, newest first, numbered, with their entries: 2 queries."""
    queryset = scoped_queryset(user, Conversation, Permission.VIEW_CITIZEN).filter(citizen=citizen)
    return list(
        with_number_in_year(queryset)
        .select_related("held_by")
        .prefetch_related(_entries())
        .order_by("-held_on", "-id")
    )


def number_in_year(conversation: Conversation) -> int:
    """One conversation's number in its year (for its own page)."""
    earlier = Conversation.objects.filter(
        citizen_id=conversation.citizen_id, held_on__year=conversation.held_on.year
    ).filter(
        Q(held_on__lt=conversation.held_on)
        | Q(held_on=conversation.held_on, id__lte=conversation.pk)
    )
    return earlier.count()


def conversation_entries(conversation: Conversation) -> list[ChainedEntry]:
    """The entries of a conversation already reached through an accessor, newest first,
    each with the entry that corrects it (one query)."""
    prefetch_related_objects([conversation], _entries())
    return conversation.entry_chain()


def is_corrected(entry: JournalEntry) -> bool:
    return JournalEntry.objects.filter(corrects=entry).exists()


def last_conversation_dates(citizen_ids: list[int]) -> dict[int, dt.date]:
    """The date of each citizen's latest conversation; citizens without one are left out.

    For the deadline code: the caller passes ids it got through the scoped accessors, and
    only dates come back. One aggregate query (one per 10,000 ids).
    """
    found: dict[int, dt.date] = {}
    ids = list(citizen_ids)
    for start in range(0, len(ids), _ID_CHUNK):
        rows = (
            Conversation.objects.filter(citizen_id__in=ids[start : start + _ID_CHUNK])
            .order_by()
            .values("citizen_id")
            .annotate(last=Max("held_on"))
        )
        found.update({row["citizen_id"]: row["last"] for row in rows})
    return found


def citizen_section(user: User, citizen: Citizen) -> dict[str, Any]:
    """What the small "Samtaler" section on the citizen's page shows (3 queries).

    No audit entry: the citizen's page records its own read.
    """
    scoped = scoped_queryset(user, Conversation, Permission.VIEW_CITIZEN).filter(citizen=citizen)
    year = clock.today().year
    counts = scoped.order_by().aggregate(
        total=Count("id"), this_year=Count("id", filter=Q(held_on__year=year)), last=Max("held_on")
    )
    recent = list(
        with_number_in_year(scoped)
        .select_related("held_by")
        .prefetch_related(_entries())
        .order_by("-held_on", "-id")[:SECTION_SIZE]
    )
    return {
        "citizen": citizen,
        "recent": recent,
        "total": counts["total"],
        "this_year": counts["this_year"],
        "last_held_on": counts["last"],
        "year": year,
        "list_url": reverse("conversations:list", kwargs={"citizen_pk": citizen.pk}),
        "new_url": reverse("conversations:new", kwargs={"citizen_pk": citizen.pk}),
        "can_record": user.can(Permission.EDIT_CITIZEN),
    }
