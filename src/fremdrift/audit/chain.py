"""The hash chains: how an entry's hash is computed, and how every chain is checked.

Each municipality has a chain of its own, and the entries without a municipality have one
(`AuditChain`). Inside a chain, `seq` counts from 1 without gaps and each entry's
`prev_hash` is the hash of the entry before it (GENESIS_HASH for the first); the chain's
head holds the last seq and hash, so a removed tail is seen too.

The hash is an HMAC keyed with settings.AUDIT_KEY, which is kept outside the database: whoever
can only write the database cannot compute the hashes of a changed chain. What the database
alone cannot show (a tail removed together with a rewound head, a chain deleted with its
head, a chain re-hashed by someone who also has the key) the signed checkpoints outside it
show (checkpoints.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count

from fremdrift.audit.models import Action, AuditAppearance, AuditChain, AuditEntry

GENESIS_HASH = "0" * 64
NO_MUNICIPALITY = "uden kommune"


def audit_key(purpose: bytes) -> bytes:
    """A key for one use (the chain, the checkpoints), derived from settings.AUDIT_KEY."""
    return hashlib.sha256(purpose + b":" + settings.AUDIT_KEY.encode()).digest()


def entry_hash(entry: AuditEntry) -> str:
    """HMAC-SHA-256 over the previous hash and every field that says what happened.

    The chain itself is not in it: the municipality is, and verification checks that an
    entry sits in its municipality's chain."""
    return hmac.new(
        audit_key(b"fremdrift-audit-chain"), entry_payload(entry), hashlib.sha256
    ).hexdigest()


def entry_payload(entry: AuditEntry) -> bytes:
    """The entry's fields in a fixed order, as the hash covers them."""
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


@dataclass(frozen=True)
class Anchor:
    """What a checkpoint outside the database says a chain held: its last seq and hash."""

    label: str
    seq: int
    hash: str
    at: str


class _Walk:
    """One chain walked in seq order, entry by entry, and held against its anchor."""

    def __init__(self, chain: AuditChain | None, anchor: Anchor | None = None) -> None:
        self.chain = chain
        self.anchor = anchor
        self.anchor_found = anchor is None or anchor.seq == 0
        self.report = ChainReport(
            chain_label(chain), chain.municipality_id if chain is not None else None
        )
        self.prev_hash = GENESIS_HASH
        self.expected_seq = 1
        # Citizens the chain's list entries showed, to hold the appearances against.
        self.shown = 0

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
        if self.anchor is not None and entry.seq == self.anchor.seq:
            self.anchor_found = True
            if entry.hash != self.anchor.hash:
                self._break(entry.seq, f"passer ikke til kontrolpunktet {self.anchor.at}")
        if entry.action == Action.LIST:
            self.shown += len(entry.details.get("shown", ()))
        self.prev_hash = entry.hash
        self.expected_seq = entry.seq + 1

    def finish(self, appearances: int = 0) -> ChainReport:
        if appearances != self.shown:
            # The access report finds list appearances through AuditAppearance: a row
            # removed there would hide a look-up from the citizen, though the entry is intact.
            self._break(
                self.expected_seq - 1,
                f"listeposterne viser {self.shown} borgere, men oversigten pr. borger har "
                f"{appearances}: borgervisninger er slettet eller tilføjet",
            )
        head = self.chain
        if head is None:
            self._break(self.expected_seq - 1, "kædens hoved mangler")
        elif head.seq != self.expected_seq - 1 or head.hash != self.prev_hash:
            self._break(
                head.seq, "kædens sidste post mangler eller er ændret (hovedet passer ikke)"
            )
        if not self.anchor_found and self.anchor is not None:
            self._break(
                self.anchor.seq,
                f"findes ikke, men kontrolpunktet {self.anchor.at} har kæden til og med den: "
                "poster er slettet",
            )
        return self.report


def verify_chains(
    *, chunk_size: int = 2000, anchors: dict[int | None, Anchor] | None = None
) -> list[ChainReport]:
    """Walk every chain in order: one report per chain, the one without municipality first,
    then by municipality code. A chain whose entries were all removed is reported by its
    head; with `anchors` (municipality id -> the newest checkpoint), each chain is held
    against its anchor too, and an anchored chain missing from the database is reported."""
    anchors = anchors or {}
    walks = {
        chain.pk: _Walk(chain, anchors.get(chain.municipality_id))
        for chain in AuditChain.objects.select_related("municipality")
    }
    for entry in unscoped_entries_in_order(chunk_size):
        walk = walks.get(entry.chain_id)
        if walk is None:  # only possible with the foreign key switched off
            walk = walks[entry.chain_id] = _Walk(None)
        walk.check(entry)
    shown = unscoped_appearance_counts()
    reports = [walk.finish(shown.get(walk.report.municipality_id, 0)) for walk in walks.values()]
    present = {walk.chain.municipality_id for walk in walks.values() if walk.chain is not None}
    for municipality_id, anchor in anchors.items():
        if municipality_id not in present and anchor.seq > 0:
            reports.append(_vanished(municipality_id, anchor))
    return sorted(reports, key=lambda r: (r.municipality_id is not None, r.label))


def _vanished(municipality_id: int | None, anchor: Anchor) -> ChainReport:
    report = ChainReport(anchor.label, municipality_id)
    reason = (
        f"kæden findes ikke i databasen, men kontrolpunktet {anchor.at} har {anchor.seq} "
        "poster i den: kæden er slettet med sit hoved"
    )
    report.breaks.append(ChainBreak(anchor.seq, reason, anchor.label))
    return report


def verify_chain(*, chunk_size: int = 2000) -> tuple[int, list[ChainBreak]]:
    """Every chain at once: how many entries were checked and every break found."""
    reports = verify_chains(chunk_size=chunk_size)
    return sum(r.checked for r in reports), [b for r in reports for b in r.breaks]


def unscoped_appearance_counts() -> dict[int | None, int]:
    """How many list appearances each municipality's chain has: only to verify."""
    return dict(
        AuditAppearance.objects.order_by()
        .values_list("municipality_id")
        .annotate(count=Count("pk"))
        .values_list("municipality_id", "count")
    )


def unscoped_entries_in_order(chunk_size: int) -> Iterator[AuditEntry]:
    """Every entry of every municipality, chain by chain in seq order: only to verify."""
    return AuditEntry.objects.order_by("chain_id", "seq").iterator(chunk_size=chunk_size)
