"""The hash chain: how an entry's hash is computed, and how the whole chain is checked."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from fremdrift.audit.models import AuditChainHead, AuditEntry

GENESIS_HASH = "0" * 64


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 over the previous hash and every field that says what happened."""
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


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify_chain(*, chunk_size: int = 2000) -> tuple[int, list[ChainBreak]]:
    """Walk the chain in order; return how many entries were checked and every break found."""
    breaks: list[ChainBreak] = []
    checked = 0
    prev_hash = GENESIS_HASH
    expected_seq = 1
    for entry in unscoped_entries_in_order(chunk_size):
        checked += 1
        if entry.seq != expected_seq:
            breaks.append(ChainBreak(entry.seq, f"post(er) {expected_seq}-{entry.seq - 1} mangler"))
        if entry.prev_hash != prev_hash:
            breaks.append(ChainBreak(entry.seq, "peger ikke på den forrige posts hash"))
        if entry_hash(entry) != entry.hash:
            breaks.append(ChainBreak(entry.seq, "indholdet passer ikke til postens hash"))
        prev_hash = entry.hash
        expected_seq = entry.seq + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev_hash):
        breaks.append(
            ChainBreak(head.seq, "kædens sidste post mangler eller er ændret (hovedet passer ikke)")
        )
    return checked, breaks


def unscoped_entries_in_order(chunk_size: int) -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size)
