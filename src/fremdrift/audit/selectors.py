from __future__ import annotations

from collections.abc import Iterator
from typing import overload

from django.db.models import QuerySet

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.audit.models import AuditAppearance, AuditEntry
from fremdrift.citizens.models import Citizen


class CitizenAccessLog:
    """Every entry about a citizen, newest first: the entries naming them and the list
    entries that showed them (through their appearances), inside the manager's
    municipality. One chain, so seq is the order both kinds were appended in.

    Counted and sliced by Django's Paginator: a page reads the two indexes for one window
    of (entry, seq) pairs, then only that page's entries, so a citizen shown on 10,000 lists
    costs the same per page as one shown on ten."""

    def __init__(self, user: User, citizen: Citizen) -> None:
        self._own = scoped_queryset(user, AuditEntry, Permission.VIEW_AUDIT_LOG).filter(
            citizen=citizen
        )
        self._shown = scoped_queryset(user, AuditAppearance, Permission.VIEW_AUDIT_LOG).filter(
            citizen=citizen
        )

    def count(self) -> int:
        # No entry both names the citizen and lists them, so the two never overlap.
        return self._own.count() + self._shown.count()

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> AuditEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[AuditEntry]: ...

    def __getitem__(self, index: int | slice) -> AuditEntry | list[AuditEntry]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        return self._window(index)

    def _window(self, window: slice) -> list[AuditEntry]:
        keys: QuerySet = (
            self._own.order_by()
            .values_list("pk", "seq")
            .union(self._shown.order_by().values_list("entry_id", "seq"), all=True)
            .order_by("-seq")
        )[window]
        ids = [pk for pk, _seq in keys]
        found = AuditEntry.objects.select_related("actor").in_bulk(ids)
        return [found[pk] for pk in ids]

    def __iter__(self) -> Iterator[AuditEntry]:
        """All of them, a thousand at a time (the exports)."""
        start = 0
        while batch := self[start : start + 1000]:
            yield from batch
            start += len(batch)


def audit_entries_for_citizen(user: User, citizen: Citizen) -> CitizenAccessLog:
    return CitizenAccessLog(user, citizen)
