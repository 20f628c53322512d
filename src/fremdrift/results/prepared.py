"""One citizen's figure queries as statements prepared once per PostgreSQL connection."""

from __future__ import annotations

import datetime as dt
import hashlib
import weakref
from collections.abc import Mapping
from typing import Any

from django.db import connection


def prepared_query(sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """Run `sql` as a statement prepared once per connection (PostgreSQL).

    Planning the chain as one WITH query takes PostgreSQL several times longer than running
    it for one citizen (about 3.5 ms against 0.5 ms). Prepared, a connection plans it for
    the values of its first five calls and then, as the plan does not depend on which
    citizen it is, once for all (PostgreSQL's generic plan). One statement per text, which
    differs only with the number of citizens and the types an administrator marks.

    SQL's own PREPARE, not psycopg's: psycopg forgets (deallocates) its statements at every
    rollback, a savepoint's included, while the server keeps a statement for the session.
    """
    connection.ensure_connection()
    names = sorted({k for k in params if f"%({k})s" in sql}, key=lambda k: sql.index(f"%({k})s"))
    prepared = _PREPARED.setdefault(connection.connection, set())
    name = "fx_" + hashlib.sha1(sql.encode(), usedforsecurity=False).hexdigest()[:20]
    with connection.cursor() as cursor:
        if name not in prepared:
            body = sql
            for i, k in enumerate(names, start=1):
                body = body.replace(f"%({k})s", f"${i}")
            types = ", ".join(_pg_type(params[k]) for k in names)
            cursor.execute(f"PREPARE {name} ({types}) AS {body.replace('%%', '%')}")
            prepared.add(name)
        cursor.execute(
            f"EXECUTE {name} ({', '.join(['%s'] * len(names))})", [params[k] for k in names]
        )
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


# The statements prepared on each of the process's PostgreSQL connections, by name.
_PREPARED: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


def _pg_type(value: object) -> str:
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, int):
        return "bigint"
    raise TypeError(f"no PostgreSQL type for a prepared parameter {value!r}")
