"""Named locks held for the rest of the current transaction.

On PostgreSQL these are advisory locks: many holders may share one, and an exclusive holder
waits for them and makes new ones wait. SQLite has one writer at a time, and the product opens
every transaction IMMEDIATE (settings.py), so a transaction that writes already excludes every
other writer: there the functions only check that they run inside a transaction.
"""

from __future__ import annotations

import zlib

from django.db import connection


def _key(name: str) -> int:
    # A stable 32-bit key per name, the same in every process.
    return zlib.crc32(name.encode())


def _check_inside_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("a transaction lock is taken inside transaction.atomic()")


def hold_shared(name: str) -> None:
    """Share `name` with other holders until the transaction ends."""
    _check_inside_transaction()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [_key(name)])


def hold_exclusive(name: str) -> None:
    """Hold `name` alone until the transaction ends, after every holder has let go."""
    _check_inside_transaction()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_key(name)])
