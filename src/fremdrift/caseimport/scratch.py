"""The import's memory of the whole file, in temporary tables."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection

from fremdrift.caseimport import formats
from fremdrift.caseimport.formats import IN_CHUNK, MAX_ID


class Scratch:
    """The import's memory of the whole file, in temporary tables rather than in Python.

    `caseimport_seen`: which ids, CPR digests and citizens the files have shown so far, and
    in which row. `caseimport_audit`: the audit entries to append when the import succeeds.
    Both live inside the import's transaction only, and are dropped at its end.
    """

    SEEN = "caseimport_seen"
    AUDIT = "caseimport_audit"

    def __enter__(self) -> Scratch:
        pg = connection.vendor == "postgresql"
        suffix = " ON COMMIT DROP" if pg else ""
        with connection.cursor() as cursor:
            for table in (self.SEEN, self.AUDIT):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.SEEN} (tag VARCHAR(10) NOT NULL, "
                f"ident VARCHAR({MAX_ID}) NOT NULL, row_no INTEGER NOT NULL, "
                f"PRIMARY KEY (tag, ident)){suffix}"
            )
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.AUDIT} "
                f"(n {'BIGSERIAL' if pg else 'INTEGER'} PRIMARY KEY, citizen_id BIGINT NOT NULL, "
                f"action VARCHAR(20) NOT NULL, purpose VARCHAR(200) NOT NULL, "
                f"details TEXT NOT NULL){suffix}"
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            with connection.cursor() as cursor:
                for table in (self.SEEN, self.AUDIT):
                    cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def queue_audit(self, entries: Sequence[tuple[int, str, str, dict[str, Any]]]) -> None:
        """Keep (citizen id, action, purpose, details) for the audit log, in this order."""
        if entries:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {self.AUDIT} (citizen_id, action, purpose, details) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s)",
                    [
                        (pk, str(action), purpose, json.dumps(details))
                        for pk, action, purpose, details in entries
                    ],
                )

    def queued_audit(self) -> Iterator[list[tuple[int, str, str, dict[str, Any]]]]:
        """The queued entries in the order they were queued, a batch at a time."""
        after = 0
        with connection.cursor() as cursor:
            while True:
                cursor.execute(
                    f"SELECT n, citizen_id, action, purpose, details FROM {self.AUDIT} "  # noqa: S608
                    "WHERE n > %s ORDER BY n LIMIT %s",
                    [after, formats.BATCH_SIZE],
                )
                rows = cursor.fetchall()
                if not rows:
                    return
                after = rows[-1][0]
                yield [(pk, action, purpose, json.loads(d)) for _n, pk, action, purpose, d in rows]

    def lookup(self, tag: str, idents: Iterable[str]) -> dict[str, int]:
        """The row each of `idents` was first seen in, for those seen before."""
        found: dict[str, int] = {}
        # A longer id is an error already (and no saved row has one).
        unique = sorted({ident for ident in idents if len(ident) <= MAX_ID})
        with connection.cursor() as cursor:
            for start in range(0, len(unique), IN_CHUNK):
                chunk = unique[start : start + IN_CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT ident, row_no FROM {self.SEEN} "  # noqa: S608 - our table name
                    f"WHERE tag = %s AND ident IN ({marks})",
                    [tag, *chunk],
                )
                found.update(dict(cursor.fetchall()))
        return found

    def record(self, tag: str, items: Sequence[tuple[str, int]]) -> dict[int, int]:
        """Record (ident, row) in file order; return {row: first row} for each repeat."""
        earlier = self.lookup(tag, (ident for ident, _row in items))
        repeats: dict[int, int] = {}
        new: list[tuple[str, str, int]] = []
        for ident, row in items:
            if len(ident) > MAX_ID:
                continue
            if ident in earlier:
                repeats[row] = earlier[ident]
            else:
                earlier[ident] = row
                new.append((tag, ident, row))
        if new:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {self.SEEN} (tag, ident, row_no) VALUES (%s, %s, %s)",  # noqa: S608
                    new,
                )
        return repeats
