"""The audit chains keyed: every entry's hash becomes an HMAC with settings.AUDIT_KEY.

Each chain is verified first with the hash it was written with (plain SHA-256): re-hashing a
chain that had been tampered with would make the tampering undetectable, so a broken chain
stops the migration and changes nothing (docs/operations.md). Then every entry gets, in its
chain's order, a new prev_hash and hash; its seq and content stay as they were.

Backwards, the keyed chains are verified with the key and hashed plainly again.

The hashes are copies of `audit.chain` as it stands, so later changes to it cannot change
what this migration computes; the rewriting and chunking are 0004's.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import json
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import migrations

_split = importlib.import_module("fremdrift.audit.migrations.0004_split_chain")
GENESIS = _split.GENESIS
BrokenAuditChain = _split.BrokenAuditChain


def _plain(entry: Any) -> str:
    return _split._hash(entry)


def _payload(entry: Any) -> bytes:
    """The same fields in the same JSON as 0004's plain hash covers."""
    return json.dumps(
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
    ).encode()


def _keyed(entry: Any) -> str:
    key = hashlib.sha256(b"fremdrift-audit-chain:" + settings.AUDIT_KEY.encode()).digest()
    return hmac.new(key, _payload(entry), hashlib.sha256).hexdigest()


def _rehash(
    apps: Any, schema_editor: Any, old: Callable[[Any], str], new: Callable[[Any], str]
) -> None:
    db = schema_editor.connection.alias
    entries = apps.get_model("audit", "AuditEntry").objects.using(db)
    chains = list(apps.get_model("audit", "AuditChain").objects.using(db).order_by("pk"))
    for chain in chains:
        _verify(entries.filter(chain=chain), chain, old)
    for chain in chains:
        prev = GENESIS

        def relinked(chain: Any = chain) -> Iterator[list[tuple]]:
            nonlocal prev
            for rows in _split._chunks(entries.filter(chain=chain), "seq"):
                for entry in rows:
                    entry.prev_hash = prev
                    entry.hash = prev = new(entry)
                yield [(e.pk, e.chain_id, e.seq, e.prev_hash, e.hash) for e in rows]

        _split._rewrite(schema_editor, entries.model, relinked())
        chain.hash = prev
        chain.save(update_fields=["hash"])


def _verify(entries: Any, chain: Any, hashed: Callable[[Any], str]) -> None:
    seq, prev = 0, GENESIS
    what = f"kæden for kommune {chain.municipality_id or '(ingen)'}"
    for entry in entries.order_by("seq").iterator(chunk_size=_split.CHUNK):
        if entry.seq != seq + 1 or entry.prev_hash != prev or hashed(entry) != entry.hash:
            raise BrokenAuditChain(
                f"Revisionsloggen ({what}) er ikke intakt ved post {entry.seq}; den får ikke "
                "nøglede hashes, da en ny hash ville skjule bruddet. Kør `fremdrift "
                "audit_verify` med den forrige version og undersøg bruddet (docs/operations.md)."
            )
        seq, prev = entry.seq, entry.hash
    if (chain.seq, chain.hash) != (seq, prev):
        raise BrokenAuditChain(
            f"Revisionsloggen ({what}): kædens sidste post mangler eller er ændret. "
            "Undersøg bruddet (docs/operations.md) før opgraderingen."
        )


def key_the_chains(apps: Any, schema_editor: Any) -> None:
    _rehash(apps, schema_editor, _plain, _keyed)


def unkey_the_chains(apps: Any, schema_editor: Any) -> None:
    _rehash(apps, schema_editor, _keyed, _plain)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_chain_required"),
    ]

    operations = [
        migrations.RunPython(key_the_chains, unkey_the_chains),
    ]
