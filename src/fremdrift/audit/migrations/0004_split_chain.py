"""A chain per municipality, step 2 of 3: the entries of the one chain move into the chains
of their municipalities.

The one chain is verified first, with the hash as it was written: re-hashing a chain that
had been tampered with would make the tampering undetectable, so a broken chain stops the
migration (see docs/operations.md). Then, in the old order, each entry becomes the next link
of its municipality's chain: a new seq (1, 2, ... in each municipality), prev_hash and hash,
computed as before. Nothing else changes: time, actor, municipality, citizen, action,
purpose, request id and details stay as they were, and each municipality's entries keep
their order.

Backwards, the chains are verified and merged into one again in id (insertion) order.

The new links are written through a temporary table and one UPDATE (`_rewrite`).

The hash is a copy of `audit.chain.entry_hash` as it stood, so later changes to that
function cannot change what this migration computes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import migrations

GENESIS = "0" * 64
CHUNK = 2000


class BrokenAuditChain(Exception):
    pass


def _hash(entry: Any) -> str:
    payload = json.dumps(
        [
            entry.prev_hash,
            entry.seq,
            entry.at.isoformat(),
            entry.actor_id,
            entry.actor_username,
            entry.actor_role,
            entry.municipality_id,
            entry.citizen_id,
            entry.action,
            entry.purpose,
            entry.request_id,
            entry.details,
        ],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _verify(entries: Iterable[Any], head: tuple[int, str] | None, what: str) -> None:
    """Refuse (BrokenAuditChain) a chain that is not intact, as `audit_verify` sees it."""
    seq, prev = 0, GENESIS
    for entry in entries:
        if entry.seq != seq + 1 or entry.prev_hash != prev or _hash(entry) != entry.hash:
            raise BrokenAuditChain(
                f"Revisionsloggen ({what}) er ikke intakt ved post {entry.seq}; den flyttes "
                "ikke til kæder pr. kommune, da en ny hash ville skjule bruddet. "
                "Kør `fremdrift audit_verify` og undersøg bruddet (docs/operations.md)."
            )
        seq, prev = entry.seq, entry.hash
    if head is not None and head != (seq, prev):
        raise BrokenAuditChain(
            f"Revisionsloggen ({what}): kædens sidste post mangler eller er ændret. "
            "Kør `fremdrift audit_verify` og undersøg bruddet (docs/operations.md)."
        )


def _chunks(queryset: Any, key: str) -> Iterator[list[Any]]:
    """The rows in `key` order, a chunk at a time (keyset, so each is a short query)."""
    last = 0
    while rows := list(queryset.filter(**{f"{key}__gt": last}).order_by(key)[:CHUNK]):
        last = getattr(rows[-1], key)  # before the caller changes it
        yield rows


def _rewrite(schema_editor: Any, model: Any, batches: Iterable[list[tuple]]) -> None:
    """Give the entries their new (chain_id, seq, prev_hash, hash), given as (id, ...) rows:
    through a temporary table and one UPDATE, where bulk_update's CASE per row would cost
    the square of its batch (minutes for 100,000 entries)."""
    quote = schema_editor.quote_name
    table, scratch = quote(model._meta.db_table), quote("audit_relink")
    # Identifiers from the model and this module only: no outside input reaches the SQL.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {scratch} (id bigint PRIMARY KEY, chain_id bigint NOT NULL, "
            "seq bigint NOT NULL, prev_hash varchar(64) NOT NULL, hash varchar(64) NOT NULL)"
        )
        for batch in batches:
            cursor.executemany(f"INSERT INTO {scratch} VALUES (%s, %s, %s, %s, %s)", batch)  # noqa: S608
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} AS e SET chain_id = r.chain_id, seq = r.seq, "  # noqa: S608
                f"prev_hash = r.prev_hash, hash = r.hash FROM {scratch} AS r WHERE e.id = r.id"
            )
        else:  # SQLite before 3.33 has no UPDATE ... FROM
            cursor.execute(
                f"UPDATE {table} SET (chain_id, seq, prev_hash, hash) = "  # noqa: S608
                f"(SELECT chain_id, seq, prev_hash, hash FROM {scratch} AS r "
                f"WHERE r.id = {table}.id) WHERE id IN (SELECT id FROM {scratch})"
            )
        cursor.execute(f"DROP TABLE {scratch}")


def split(apps: Any, schema_editor: Any) -> None:
    db = schema_editor.connection.alias
    entries = apps.get_model("audit", "AuditEntry").objects.using(db)
    chains = apps.get_model("audit", "AuditChain").objects.using(db)
    old_heads = apps.get_model("audit", "AuditChainHead").objects.using(db)
    old_head = old_heads.filter(pk=1).first()
    _verify(
        entries.order_by("seq").iterator(chunk_size=CHUNK),
        (old_head.seq, old_head.hash) if old_head is not None else None,
        "den samlede kæde",
    )
    heads: dict[int | None, Any] = {}

    def relinked() -> Iterator[list[tuple]]:
        for rows in _chunks(entries, "seq"):
            for entry in rows:
                head = heads.get(entry.municipality_id)
                if head is None:
                    head = heads[entry.municipality_id] = chains.create(
                        municipality_id=entry.municipality_id
                    )
                entry.seq, entry.prev_hash = head.seq + 1, head.hash
                entry.hash = _hash(entry)
                head.seq, head.hash = entry.seq, entry.hash
                entry.chain_id = head.pk
            yield [(e.pk, e.chain_id, e.seq, e.prev_hash, e.hash) for e in rows]

    _rewrite(schema_editor, entries.model, relinked())
    for head in heads.values():
        head.save(update_fields=["seq", "hash"])
    old_heads.all().delete()


def merge(apps: Any, schema_editor: Any) -> None:
    db = schema_editor.connection.alias
    entries = apps.get_model("audit", "AuditEntry").objects.using(db)
    chains = apps.get_model("audit", "AuditChain").objects.using(db)
    if entries.filter(municipality__isnull=True).exists():
        raise BrokenAuditChain(
            "Poster uden kommune kan ikke flyttes tilbage til den samlede kæde, som kræver en."
        )
    for chain in chains.all():
        _verify(
            entries.filter(chain=chain).order_by("seq").iterator(chunk_size=CHUNK),
            (chain.seq, chain.hash),
            f"kæden for kommune {chain.municipality_id}",
        )
    seq, prev = 0, GENESIS  # the one chain's head as it grows

    def relinked() -> Iterator[list[tuple]]:
        nonlocal seq, prev
        for rows in _chunks(entries, "id"):
            for entry in rows:
                seq += 1
                entry.seq, entry.prev_hash = seq, prev
                entry.hash = prev = _hash(entry)
            yield [(e.pk, e.chain_id, e.seq, e.prev_hash, e.hash) for e in rows]

    _rewrite(schema_editor, entries.model, relinked())
    apps.get_model("audit", "AuditChainHead").objects.using(db).update_or_create(
        pk=1, defaults={"seq": seq, "hash": prev}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_chain_per_municipality"),
    ]

    operations = [
        migrations.RunPython(split, merge),
    ]
