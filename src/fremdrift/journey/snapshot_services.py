"""Keeping the case snapshots true: refreshed with every write, rebuilt, and checked.

The rows (journey.models.CaseSnapshot, CaseDeadline) are derived from the periods, contracts,
conversations and the municipality's rules (journey.casestate). They are kept true in three
ways, like the figure table (results.refresh):

- on a write: the domain apps announce the citizens they changed (`core.changes`), inside
  the write's transaction, and `refresh` derives those citizens again there (registered in
  `JourneyConfig.ready`); a change to the rules and a case import rebuild the municipality;
- as days pass: a row holds until its `valid_until`, and `ensure_current` derives the rows a
  page is about to read again when their span has ended (the nightly
  `fremdrift case_snapshots --refresh` does it first, so no user waits for it);
- from nothing: `rebuild` derives every citizen (after migrating, after the demo load).

`inconsistencies` compares the stored rows with rows derived afresh: the test suite holds it
to none after every kind of write, and `fremdrift case_snapshots --check` runs it on a
database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet

from fremdrift.citizens.models import Citizen
from fremdrift.core import clock
from fremdrift.journey.casestate import CaseState, DeadlineKey, deadline_order
from fremdrift.journey.models import CaseDeadline, CaseSnapshot
from fremdrift.journey.selectors import case_states
from fremdrift.journey.situation import Situation
from fremdrift.journey.types import Phase

BATCH = 2000  # citizens derived at a time in a rebuild: memory stays flat for a country
SNAPSHOT_FIELDS = (
    "situation",
    "phase",
    "next_code",
    "next_due",
    "next_period",
    "computed_on",
    "valid_until",
)


def refresh(
    citizen_ids: Iterable[int], today: dt.date | None = None, *, only_expired: bool = False
) -> None:
    """Derive these citizens' snapshots again and write them, in the caller's transaction.

    The citizens' rows are locked first, as the period services lock them: a page bringing
    an expired row up to date and a write refreshing the same citizen take turns, so the one
    that writes last has read what the other committed. With `only_expired`, the rows
    another page brought up to date while this one waited for the lock are left as they are.
    """
    ids = sorted(set(citizen_ids))
    if not ids:
        return
    today = today or clock.today()
    with transaction.atomic():
        for start in range(0, len(ids), BATCH):
            citizens = Citizen.objects.filter(pk__in=ids[start : start + BATCH]).order_by("pk")
            # NO KEY: a page view of the citizen, whose audit entry only needs the key, goes on.
            list(citizens.select_for_update(no_key=True).values_list("pk", flat=True))
            if only_expired:
                citizens = expired(citizens, today)
            write(case_states(citizens, today), today)


def refresh_citizens(citizen_ids: tuple[int, ...]) -> None:
    """The listener for `core.changes.changed`."""
    refresh(citizen_ids)


def rebuild_municipality(municipality_id: int) -> None:
    """The listener for `core.changes.reloaded`, and for a change to the municipality's rules."""
    rebuild(municipality_id=municipality_id)


def rebuild(*, municipality_id: int | None = None, today: dt.date | None = None) -> int:
    """Derive every citizen's snapshot (of all municipalities, or one); citizens written."""
    today = today or clock.today()
    citizens = Citizen.objects.order_by("pk")
    if municipality_id is not None:
        citizens = citizens.filter(municipality_id=municipality_id)
    ids = list(citizens.values_list("pk", flat=True))
    refresh(ids, today)
    return len(ids)


def expired(citizens: QuerySet[Citizen], today: dt.date) -> QuerySet[Citizen]:
    """The citizens whose snapshot is missing or does not hold on `today`."""
    return citizens.filter(
        Q(case_snapshot__isnull=True)
        | Q(case_snapshot__valid_until__lt=today)
        | Q(case_snapshot__computed_on__gt=today)
    )


def ensure_current(citizens: QuerySet[Citizen], today: dt.date) -> int:
    """Bring the snapshots a page is about to read up to `today`; how many were derived.

    One query when all hold (the usual case: a row holds for weeks); the expired ones are
    derived again in a fixed number of queries more.
    """
    stale = list(expired(citizens, today).values_list("pk", flat=True))
    refresh(stale, today, only_expired=True)
    return len(stale)


def refresh_expired(*, municipality_id: int | None = None, today: dt.date | None = None) -> int:
    """Derive every expired row again (all municipalities, or one): the nightly job."""
    citizens = Citizen.objects.all()
    if municipality_id is not None:
        citizens = citizens.filter(municipality_id=municipality_id)
    return ensure_current(citizens, today or clock.today())


def write(states: list[tuple[Citizen, CaseState]], today: dt.date) -> None:
    """Replace the snapshot rows of these citizens with `states` (derived on `today`)."""
    if not states:
        return
    ids = [citizen.pk for citizen, _state in states]
    CaseDeadline.objects.filter(citizen_id__in=ids).delete()
    CaseDeadline.objects.bulk_create(
        [
            CaseDeadline(
                municipality_id=citizen.municipality_id,
                citizen_id=citizen.pk,
                code=code,
                due=due,
                period_id=period_id,
            )
            for citizen, state in states
            for code, due, period_id in state.deadlines
        ],
        batch_size=BATCH,
    )
    CaseSnapshot.objects.bulk_create(
        [_snapshot_row(citizen, state, today) for citizen, state in states],
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["citizen"],
        update_fields=["municipality", *SNAPSHOT_FIELDS],
    )


def _snapshot_row(citizen: Citizen, state: CaseState, today: dt.date) -> CaseSnapshot:
    code, due, period_id = state.next_deadline or ("", None, None)
    return CaseSnapshot(
        citizen_id=citizen.pk,
        municipality_id=citizen.municipality_id,
        situation=state.situation.value if state.situation is not None else "",
        phase=state.phase.value if state.phase is not None else "",
        next_code=code,
        next_due=due,
        next_period_id=period_id,
        computed_on=today,
        valid_until=state.holds_until,
    )


@dataclass(frozen=True)
class Mismatch:
    citizen_id: int
    stored: CaseState | None  # None: no row that holds for the day
    derived: CaseState

    def __str__(self) -> str:
        return f"borger {self.citizen_id}: gemt {self.stored}, udledt {self.derived}"


def inconsistencies(
    *, municipality_id: int | None = None, today: dt.date | None = None, missing: bool = True
) -> list[Mismatch]:
    """The citizens whose stored snapshot differs from one derived afresh on `today`.

    A row that does not hold on `today` (its span ended, or there is none yet) is derived
    again before any page reads it, so it counts only with `missing`: the test suite's check
    after each write, where every citizen written must have a row that holds.
    """
    today = today or clock.today()
    citizens = Citizen.objects.order_by("pk")
    if municipality_id is not None:
        citizens = citizens.filter(municipality_id=municipality_id)
    found: list[Mismatch] = []
    ids = list(citizens.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = Citizen.objects.filter(pk__in=ids[start : start + BATCH]).order_by("pk")
        stored = stored_rows(batch, today)
        for citizen, derived in case_states(batch, today):
            row = stored.get(citizen.pk)
            if row is None:
                if missing:
                    found.append(Mismatch(citizen.pk, None, derived))
            elif row.state != derived or row.card != derived.next_deadline:
                found.append(Mismatch(citizen.pk, row.state, derived))
    return found


@dataclass(frozen=True)
class StoredRow:
    state: CaseState  # the column and phase, and the deadlines from their own table
    card: DeadlineKey | None  # the row's own next deadline, the one the board's card shows


def stored_rows(citizens: QuerySet[Citizen], today: dt.date) -> dict[int, StoredRow]:
    """The stored rows of these citizens that hold on `today`, read back for comparing."""
    deadlines: dict[int, list[DeadlineKey]] = {}
    for citizen_id, code, due, period_id in CaseDeadline.objects.filter(
        citizen__in=citizens
    ).values_list("citizen_id", "code", "due", "period_id"):
        deadlines.setdefault(citizen_id, []).append((code, due, period_id))
    rows = CaseSnapshot.objects.filter(
        citizen__in=citizens, computed_on__lte=today, valid_until__gte=today
    )
    return {
        row.citizen_id: StoredRow(
            CaseState(
                situation=Situation(row.situation) if row.situation else None,
                phase=Phase(row.phase) if row.phase else None,
                deadlines=tuple(sorted(deadlines.get(row.citizen_id, []), key=deadline_order)),
                holds_until=row.valid_until,
            ),
            (row.next_code, row.next_due, row.next_period_id) if row.next_due else None,
        )
        for row in rows
    }
