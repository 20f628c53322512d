"""A citizen who moved to another municipality: reads across the municipality boundary.

One person has a citizen row in each municipality they lived in. A row's case is ended by a
move when its municipality recorded the outcome "moved" (a period, journey.types); at most
one row per CPR number is not ended that way, and only that one makes the number "taken"
for another municipality. Everything here is an `unscoped_...` look-up: it answers only ids,
municipalities and dates, and callers show another municipality's row to nobody.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import connection
from django.db.models import Min, OuterRef, Q, QuerySet, Subquery

from fremdrift.citizens.models import Citizen
from fremdrift.journey.models import Period
from fremdrift.journey.types import Outcome, PeriodKind

MOVED = Q(kind=PeriodKind.OUTCOME, code=Outcome.MOVED)


def moved_on(citizen: Citizen) -> dt.date | None:
    """The day the citizen moved away, as its own municipality recorded it; None if not."""
    found: dt.date | None = citizen.periods.filter(MOVED).aggregate(day=Min("start"))["day"]
    return found


def first_move() -> Subquery:
    """For `.annotate(moved_on=first_move())` on citizens: the move date, None if none."""
    return Subquery(
        Period.objects.filter(MOVED, citizen=OuterRef("pk")).order_by("start").values("start")[:1]
    )


def with_moved_on(citizens: QuerySet[Citizen]) -> QuerySet[Citizen]:
    """`citizens`, each annotated `moved_on` (None: no move recorded)."""
    return citizens.annotate(moved_on=first_move())


@dataclass(frozen=True)
class CprRows:
    """The rows of one CPR number as one municipality may reason about them."""

    # The asking municipality's row that makes the number taken here: its open row, else
    # (nothing elsewhere to take over) its latest row ended by a move.
    own: Citizen | None
    open_elsewhere: Citizen | None  # another municipality's row not ended by a move
    moved_from: Citizen | None  # the latest row elsewhere ended by a move, not taken over


def unscoped_cpr_rows(digest: str, municipality_id: int | None) -> CprRows:
    """The rows of the CPR number `digest`, seen from `municipality_id`. Ids, municipalities
    and move dates only (`moved_on` annotated)."""
    rows = list(
        with_moved_on(Citizen.objects.filter(cpr_digest=digest))
        .only("id", "municipality_id", "taken_over_from_id")
        .order_by("pk")
    )
    taken_over = {row.taken_over_from_id for row in rows if row.taken_over_from_id}
    mine = [r for r in rows if r.municipality_id == municipality_id]
    others = [r for r in rows if r.municipality_id != municipality_id]
    open_elsewhere = next((r for r in others if _moved(r) is None), None)
    moved = [r for r in others if _moved(r) is not None and r.pk not in taken_over]
    moved.sort(key=lambda r: (_moved(r), r.pk))
    moved_from = moved[-1] if moved else None
    # A person who moved away from here and back: the old row keeps its history, and the
    # case is taken over as a new row from where they lived in between.
    own = next((r for r in mine if _moved(r) is None), None)
    if own is None and moved_from is None and mine:
        own = mine[-1]
    return CprRows(own=own, open_elsewhere=open_elsewhere, moved_from=moved_from)


def unscoped_taken_over_from(citizen: Citizen) -> str | None:
    """The name of the municipality this citizen's case was taken over from, if it was:
    the one thing of the old row the new municipality's page shows."""
    if citizen.taken_over_from_id is None:
        return None
    name: str | None = (
        Citizen.objects.filter(pk=citizen.taken_over_from_id)
        .values_list("municipality__name", flat=True)
        .first()
    )
    return name


def _moved(row: Citizen) -> dt.date | None:
    day: dt.date | None = getattr(row, "moved_on", None)
    return day


def hold_cpr(digest: str) -> None:
    """Until the transaction ends, no other transaction registers this CPR number: two
    municipalities creating the same person at once would each see no open row and both
    save one. PostgreSQL only; SQLite has one writer at a time anyway."""
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(digest.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
