"""Plain batched INSERTs for the demo loaders.

The ORM's per-value preparation makes the country-sized demo take minutes; these rows are
ours and valid by construction, so they go in with executemany and explicit ids.
"""

from __future__ import annotations

from django.core.management.color import no_style
from django.db import connection, models


def next_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {model._meta.db_table}")  # noqa: S608 - our table
        return (cursor.fetchone()[0] or 0) + 1


def insert_rows(model: type[models.Model], columns: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names are ours, values bound
        quote(model._meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def reset_sequences(*models_: type[models.Model]) -> None:
    """PostgreSQL's id sequences did not see the explicit ids."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
