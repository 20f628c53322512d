"""Keeping the figure table true: a full rebuild, and one citizen's change applied at once.

Writes to periods (and to what the figures read from a citizen: origin, caseworker) run
inside `follow(citizen)`: it locks the citizen's row, computes the citizen's contribution to
every figure before the write and after it, in the same transaction, and adds the difference
to the table. The median is not additive: the citizen's benefit spells are replaced in their
own table (results.spells), and the median is recomputed from it for the months whose
spells changed. Tests hold the two ways to the same table, also with writers at once.

A request never rebuilds the whole table. When a new month has begun (or the table was never
built), the request queues `bring_figures_up_to_date` for `fremdrift worker`, reads the table
as it is and says how fresh it is (`freshness`); a citizen's write then leaves the figures to
the rebuild. The rebuild holds the figure lock exclusively from reading the periods to
writing the table, and every write holds it shared, so no write falls between the two.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django_tasks import task

from fremdrift.citizens.services import lock_for_write
from fremdrift.core import clock
from fremdrift.core.locks import hold_exclusive, hold_shared
from fremdrift.core.queue import enqueue_once
from fremdrift.results import spells
from fremdrift.results.compute import Run, Scope, Values, compute, horizon
from fremdrift.results.frozen import first_open_month
from fremdrift.results.models import FigureState, FigureValue, Source
from fremdrift.results.versions import EVERY_MUNICIPALITY, bump

_followed: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar(
    "figures_followed", default=frozenset()
)
FIGURE_LOCK = "fremdrift.results.figures"
MEDIAN_LOCK = "fremdrift.results.median"  # one per municipality: ".<id>" appended
COLUMNS = (
    "municipality_id",
    "figure",
    "period_kind",
    "month",
    "dim",
    "value_key",
    "numerator",
    "denominator",
    "source",
)


def rebuild_municipality(municipality_id: int) -> None:
    """The listener for `core.changes.reloaded`: a municipality's data were replaced (the
    case import, itself audited), so its finished months are recomputed too."""
    rebuild(municipality_id=municipality_id, rewrite_finished_months=True)


def rebuild(
    *,
    municipality_id: int | None = None,
    today: dt.date | None = None,
    rewrite_finished_months: bool = False,
) -> int:
    """Recompute the own figures (all municipalities, or one) from periods; rows written.
    Finished months stay as they are (results/frozen.py) unless `rewrite_finished_months`;
    callers other than the case import go through `frozen.rebuild_finished_months`."""
    started = time.perf_counter()
    with transaction.atomic():
        hold_exclusive(FIGURE_LOCK)
        values = compute(Scope(municipality_id=municipality_id), today=today)
        rows = FigureValue.objects.filter(source=Source.OWN)
        if municipality_id is not None:
            rows = rows.filter(municipality_id=municipality_id)
        since = None if rewrite_finished_months else first_open_month(today)
        if since is not None:
            rows = rows.filter(month__gte=since)
            values = {key: value for key, value in values.items() if key[4] >= since}
        rows._raw_delete(rows.db)
        write_values(values)
        spells.rebuild(municipality_id=municipality_id, today=today)
        bump(EVERY_MUNICIPALITY if municipality_id is None else municipality_id)
        if municipality_id is None:
            FigureState.objects.update_or_create(
                pk=1,
                defaults={
                    "horizon": horizon(today),
                    "rebuilt_at": clock.now(),
                    "seconds": time.perf_counter() - started,
                },
            )
    return len(values)


@dataclass(frozen=True)
class Freshness:
    """How fresh the figure table is: when it was last rebuilt in full, and whether that
    rebuild covers the current month (writes since are applied as they happen)."""

    rebuilt_at: dt.datetime | None
    current: bool


def _is_current(today: dt.date | None) -> bool:
    state = FigureState.objects.filter(pk=1).only("horizon").first()
    return state is not None and state.horizon >= horizon(today)


def bring_up_to_date(today: dt.date | None = None) -> bool:
    """Rebuild when a new month has begun since the last full rebuild (or there was none);
    whether it rebuilt. Under the lock, so two callers at once rebuild once."""
    with transaction.atomic():
        hold_exclusive(FIGURE_LOCK)
        if _is_current(today):
            return False
        rebuild(today=today)
        return True


@task()
def bring_figures_up_to_date() -> bool:
    """The worker's job at the turn of a month."""
    return bring_up_to_date()


def queue_figures_rebuild_if_due() -> None:
    """The worker's periodic check, and what a request does instead of rebuilding."""
    if not _is_current(None):
        enqueue_once(bring_figures_up_to_date)


def freshness(today: dt.date | None = None) -> Freshness:
    """The table's freshness for a page to show; queues the rebuild when one is due."""
    state = FigureState.objects.filter(pk=1).first()
    current = state is not None and state.horizon >= horizon(today)
    if not current:
        enqueue_once(bring_figures_up_to_date)
    return Freshness(rebuilt_at=state.rebuilt_at if state else None, current=current)


def write_values(values: Values) -> None:
    rows = (
        (mu, fig, "M", month, dim, val, n, d, Source.OWN)
        for (mu, fig, dim, val, month), (n, d) in values.items()
    )
    table = FigureValue._meta.db_table
    if connection.vendor == "postgresql":
        raw = connection.connection  # psycopg's own connection: COPY is many times faster
        sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({placeholders})",  # noqa: S608
            list(rows),
        )


@contextmanager
def follow(*citizen_ids: int, today: dt.date | None = None) -> Iterator[None]:
    """Apply the citizens' changes made inside the block to the figures, in one transaction."""
    followed = _followed.get()
    ids = tuple(sorted(set(citizen_ids) - followed))
    if not ids:  # an outer block already follows them
        yield
        return
    token = _followed.set(followed | set(ids))
    try:
        with transaction.atomic():
            hold_shared(FIGURE_LOCK)
            if not _is_current(today):
                # The queued rebuild reads this write once it commits (it waits for the lock).
                enqueue_once(bring_figures_up_to_date)
                yield
                return
            # Before reading "before": a writer that waited here for another would otherwise
            # count the other's change again in its own difference.
            lock_for_write(*ids)
            with Run(Scope(citizen_ids=ids), today=today, materialise=False) as run:
                before = run.additive_values()
            spells_before = spells.stored(ids)
            yield
            with Run(Scope(citizen_ids=ids), today=today, materialise=False) as run:
                after = run.additive_values()
                spells_after = spells.of_run(run)
            apply_difference(before, after)
            if spells_before != spells_after:
                spells.replace(ids, spells_after)
                _refresh_median(spells.changed_months(spells_before, spells_after))
    finally:
        _followed.reset(token)


UPSERT_BATCH = 200


def apply_difference(before: Values, after: Values) -> None:
    """Add `after - before` to the table's rows, in one statement per batch of rows.

    The database adds (ON CONFLICT ... DO UPDATE), so writers at once changing the same row
    each add their own difference; a row read into Python and written back would lose one.
    Rows go in key order, so two writers lock the rows they share in the same order.
    """
    changed = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        template = new or old
        assert template is not None
        dn = (new or (0.0, None))[0] - (old or (0.0, None))[0]
        dd = ((new or (0.0, None))[1] or 0.0) - ((old or (0.0, None))[1] or 0.0)
        mu, fig, dim, val, month = key
        den = None if template[1] is None else dd
        changed.append((mu, fig, "M", month, dim, val, dn, den, Source.OWN))
    table = FigureValue._meta.db_table
    emptied = []
    with connection.cursor() as cursor:
        for start in range(0, len(changed), UPSERT_BATCH):
            batch = changed[start : start + UPSERT_BATCH]
            rows = ", ".join(["(" + ", ".join(["%s"] * len(COLUMNS)) + ")"] * len(batch))
            cursor.execute(
                f"""INSERT INTO {table} ({", ".join(COLUMNS)}) VALUES {rows}
                ON CONFLICT (municipality_id, figure, period_kind, month, dim, value_key, source)
                    WHERE municipality_id IS NOT NULL
                DO UPDATE SET numerator = {table}.numerator + excluded.numerator,
                    denominator = {table}.denominator + COALESCE(excluded.denominator, 0)
                RETURNING id, numerator, denominator""",  # noqa: S608 - our own names
                [value for row in batch for value in row],
            )
            emptied += [pk for pk, n, d in cursor.fetchall() if n == 0 and not d]
    if emptied:
        # The table holds no all-zero rows, as a rebuild writes it.
        FigureValue.objects.filter(pk__in=emptied).delete()
    bump(*{row[0] for row in changed})


def _refresh_median(months: dict[int, list[int]]) -> None:
    """Recompute the median for these months from the spell table, per municipality."""
    for mu, changed in sorted(months.items()):
        # Writers in one municipality take turns from here: each reads the spells the
        # others committed, so the last to write a month has counted every spell in it.
        hold_exclusive(f"{MEDIAN_LOCK}.{mu}")
        FigureValue.objects.filter(
            municipality_id=mu,
            figure="benefit_median",
            period_kind="M",
            month__in=changed,
            source=Source.OWN,
        ).delete()
        write_values(spells.medians(mu, changed))
        bump(mu)
