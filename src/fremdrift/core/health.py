"""What /healthz reports: can we reach the database, and is its schema current?

A load balancer asks often, so the usual answer costs one small query. The latest migration
of every app (the leaves of the migration graph) is read from the code once per process: the
code does not change under a running process. Each request then asks the database whether
those leaves are recorded as applied, which also tells whether the database answers at all.
Only when one is missing (or the query fails) does it fall back to Django's full migration
plan, to count what is pending or to tell an unreachable database from one never migrated.
"""

from __future__ import annotations

from functools import cache

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


@cache
def latest_migrations() -> frozenset[tuple[str, str]]:
    """Each app's latest migration (app label, name), read from the code once per process."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(loader.graph.leaf_nodes())


def database_status(db: BaseDatabaseWrapper | None = None) -> dict[str, object]:
    if db is None:
        db = connections[DEFAULT_DB_ALIAS]
    latest = latest_migrations()
    try:
        applied = _recorded(db, latest)
    except DatabaseError:
        return _full_status(db)  # unreachable, or not migrated at all
    if applied == latest:
        return _status(db, pending=0)
    return _full_status(db)


def _recorded(
    db: BaseDatabaseWrapper, migrations: frozenset[tuple[str, str]]
) -> set[tuple[str, str]]:
    """Which of these migrations the database records as applied: one query."""
    names = sorted({name for _app, name in migrations})
    table = db.ops.quote_name(MigrationRecorder.Migration._meta.db_table)
    placeholders = ", ".join(["%s"] * len(names))
    sql = f"SELECT app, name FROM {table} WHERE name IN ({placeholders})"  # noqa: S608
    with db.cursor() as cursor:
        cursor.execute(sql, names)
        return {(app, name) for app, name in cursor.fetchall()} & migrations


def _full_status(db: BaseDatabaseWrapper) -> dict[str, object]:
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        executor = MigrationExecutor(db)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return {"database": "unreachable", "error": exc.__class__.__name__, "migrations": "unknown"}
    return _status(db, pending=len(pending))


def _status(db: BaseDatabaseWrapper, *, pending: int) -> dict[str, object]:
    return {
        "database": "ok",
        "vendor": db.vendor,
        "migrations": "pending" if pending else "applied",
        "pending_migrations": pending,
    }


def is_healthy(status: dict[str, object]) -> bool:
    return status["database"] == "ok" and status["migrations"] == "applied"
