"""The hash chains: how an entry's hash is computed, and how every chain is checked.

Each municipality has a chain of its own, and the entries without a municipality have one
(`AuditChain`). Inside a chain, `seq` counts from 1 without gaps and each entry's
`prev_hash` is the hash of the entry before it (GENESIS_HASH for the first); the chain's
head holds the last seq and hash, so a removed tail is seen too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from fremdrift.audit.models import AuditChain, AuditEntry

GENESIS_HASH = "0" * 64
NO_MUNICIPALITY = "uden kommune"


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 over the previous hash and every field that says what happened.

    The chain itself is not in it: the municipality is, and verification checks that an
    entry sits in its municipality's chain."""
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
    chain: str = ""


@dataclass
class ChainReport:
    """One chain's verification: which chain, how many entries were checked, every break."""

    label: str
    municipality_id: int | None
    checked: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.breaks


def chain_label(chain: AuditChain | None) -> str:
    if chain is None:
        return "ukendt kæde"
    if chain.municipality is None:
        return NO_MUNICIPALITY
    return f"{chain.municipality.name} ({chain.municipality.code})"


class _Walk:
    """One chain walked in seq order, entry by entry."""

    def __init__(self, chain: AuditChain | None) -> None:
        self.chain = chain
        self.report = ChainReport(
            chain_label(chain), chain.municipality_id if chain is not None else None
        )
        self.prev_hash = GENESIS_HASH
        self.expected_seq = 1

    def _break(self, seq: int, reason: str) -> None:
        self.report.breaks.append(ChainBreak(seq, reason, self.report.label))

    def check(self, entry: AuditEntry) -> None:
        self.report.checked += 1
        if entry.seq != self.expected_seq:
            self._break(entry.seq, f"post(er) {self.expected_seq}-{entry.seq - 1} mangler")
        if entry.prev_hash != self.prev_hash:
            self._break(entry.seq, "peger ikke på den forrige posts hash")
        if entry_hash(entry) != entry.hash:
            self._break(entry.seq, "indholdet passer ikke til postens hash")
        if self.chain is not None and entry.municipality_id != self.chain.municipality_id:
            self._break(entry.seq, "hører til en anden kommunes kæde")
        self.prev_hash = entry.hash
        self.expected_seq = entry.seq + 1

    def finish(self) -> ChainReport:
        head = self.chain
        if head is None:
            self._break(self.expected_seq - 1, "kædens hoved mangler")
        elif head.seq != self.expected_seq - 1 or head.hash != self.prev_hash:
            self._break(
                head.seq, "kædens sidste post mangler eller er ændret (hovedet passer ikke)"
            )
        return self.report


def verify_chains(*, chunk_size: int = 2000) -> list[ChainReport]:
    """Walk every chain in order: one report per chain, the one without municipality first,
    then by municipality code. A chain whose entries were all removed is reported by its
    head."""
    walks = {chain.pk: _Walk(chain) for chain in AuditChain.objects.select_related("municipality")}
    for entry in unscoped_entries_in_order(chunk_size):
        walk = walks.get(entry.chain_id)
        if walk is None:  # only possible with the foreign key switched off
            walk = walks[entry.chain_id] = _Walk(None)
        walk.check(entry)
    reports = [walk.finish() for walk in walks.values()]
    return sorted(reports, key=lambda r: (r.municipality_id is not None, r.label))


def verify_chain(*, chunk_size: int = 2000) -> tuple[int, list[ChainBreak]]:
    """Every chain at once: how many entries were checked and every break found."""
    reports = verify_chains(chunk_size=chunk_size)
    return sum(r.checked for r in reports), [b for r in reports for b in r.breaks]


def unscoped_entries_in_order(chunk_size: int) -> Iterator[AuditEntry]:
    """Every entry of every municipality, chain by chain in seq order: only to verify."""
    return AuditEntry.objects.order_by("chain_id", "seq").iterator(chunk_size=chunk_size)
