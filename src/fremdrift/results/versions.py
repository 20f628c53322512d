"""The version of the figure table and what the results pages show beside it.

Every write to `FigureValue`, `Baseline`, `Target` and `Deviation` calls `bump` in its own
transaction, so the version a reader sees can only be as new as the rows it reads after it:
read `current()` first, then the rows, and a cache entry under that version holds rows at
least that new. A counter per area rather than one row keeps writes in different
municipalities from waiting for each other on it.
"""

from __future__ import annotations

from django.db import connection

from fremdrift.results.models import FigureVersion

NATIONAL = 0  # the area of the national figures (municipality NULL)
EVERY_MUNICIPALITY = -1  # a full rebuild of the own figures


def bump(*areas: int | None) -> None:
    """Raise the version of these areas (None: the national figures) by one."""
    table = connection.ops.quote_name(FigureVersion._meta.db_table)
    with connection.cursor() as cursor:
        for area in sorted({NATIONAL if a is None else a for a in areas}):
            cursor.execute(
                f"INSERT INTO {table} (area, version) VALUES (%s, 1) "  # noqa: S608 - our table
                "ON CONFLICT (area) DO UPDATE SET version = "
                f"{table}.version + 1",
                [area],
            )


def current() -> tuple[int, int]:
    """The version of everything under one key: the sum of the counters, and how many
    there are (both only grow)."""
    table = connection.ops.quote_name(FigureVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(version), 0), COUNT(*) FROM {table}")  # noqa: S608
        total, count = cursor.fetchone()
    return int(total), int(count)
