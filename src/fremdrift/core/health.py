"""What /healthz reports: can we reach the database, and is its schema current?"""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor


def database_status() -> dict[str, object]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"database": "unreachable", "error": exc.__class__.__name__, "migrations": "unknown"}
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return {
        "database": "ok",
        "vendor": connection.vendor,
        "migrations": "pending" if pending else "applied",
        "pending_migrations": len(pending),
    }


def is_healthy(status: dict[str, object]) -> bool:
    return status["database"] == "ok" and status["migrations"] == "applied"
