"""Signed checkpoints of the audit chains, kept outside the database.

The keyed hashes (chain.py) stop someone who can write the database from changing an entry
unseen. Three things they cannot show, because the database is all they have to go by:
a tail deleted together with a head rewound to the entry before it, a chain deleted with its
head, and a chain re-hashed by someone who also has AUDIT_KEY. A checkpoint is each chain's
head (seq and hash) at a moment, signed with a key derived from AUDIT_KEY, appended to a file
of the day in settings.AUDIT_CHECKPOINT_DIR. `verify_chains` holds the chains against the
newest checkpoint of each: the entry at that seq must still be there with that hash.

The job worker writes one every AUDIT_CHECKPOINT_MINUTES (`checkpoint_if_due`, a periodic
check), and `fremdrift audit_checkpoint` writes one on demand. A checkpoint is also logged,
so a central log collector keeps a second copy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

from fremdrift.audit.chain import Anchor, ChainReport, audit_key, chain_label, verify_chains
from fremdrift.audit.models import AuditChain, AuditEntry
from fremdrift.core import clock

logger = logging.getLogger("fremdrift.audit")
_last_written: dict[str, dt.datetime] = {}  # per checkpoint directory, in this process


@dataclass(frozen=True)
class Checkpoint:
    municipality_id: int | None  # None: the chain of entries without a municipality
    label: str
    seq: int
    hash: str
    at: str  # ISO time of writing

    def signed(self) -> dict[str, object]:
        return {**asdict(self), "signature": _signature(self)}


@dataclass(frozen=True)
class CheckpointProblem:
    where: str
    reason: str


@dataclass
class Checkpoints:
    """What the checkpoint files hold: the newest checkpoint of each chain, and what is wrong
    with the files themselves."""

    newest: dict[int | None, Checkpoint]
    problems: list[CheckpointProblem]
    count: int


def _signature(checkpoint: Checkpoint) -> str:
    message = json.dumps(asdict(checkpoint), sort_keys=True, ensure_ascii=False).encode()
    return hmac.new(audit_key(b"fremdrift-audit-checkpoint"), message, hashlib.sha256).hexdigest()


def directory() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def write_checkpoint() -> tuple[list[Checkpoint], list[CheckpointProblem]]:
    """Append every chain's head, signed, to the day's file: the checkpoints written, and the
    chains refused because they no longer continue from their last checkpoint.

    A chain re-written since its last checkpoint (by someone with the key) would otherwise be
    signed again as it now stands; it keeps its last checkpoint instead, which `audit_verify`
    then finds broken."""
    now = clock.now()
    previous = newest_checkpoints()
    written, refused = [], []
    for chain in AuditChain.objects.select_related("municipality").order_by("pk"):
        checkpoint = Checkpoint(
            chain.municipality_id, chain_label(chain), chain.seq, chain.hash, now.isoformat()
        )
        before = previous.get(chain.municipality_id)
        if before is not None and not _continues(chain, before):
            refused.append(CheckpointProblem(checkpoint.label, _rewritten(before)))
            logger.error("Revisionslog: %s %s", checkpoint.label, _rewritten(before))
            continue
        written.append(checkpoint)
    _append(now, written)
    for c in written:
        logger.info("Revisionslog-kontrolpunkt: %s post %s hash %s", c.label, c.seq, c.hash)
    return written, refused


def _rewritten(before: Checkpoint) -> str:
    return (
        f"kæden fortsætter ikke fra kontrolpunktet {before.at} (post {before.seq}): "
        "den er ændret siden; nyt kontrolpunkt skrives ikke"
    )


def _continues(chain: AuditChain, before: Checkpoint) -> bool:
    if chain.seq < before.seq:
        return False
    return before.seq == 0 or unscoped_hash_at(chain, before.seq) == before.hash


def unscoped_hash_at(chain: AuditChain, seq: int) -> str | None:
    """The hash of a chain's entry `seq`: only to compare with a checkpoint."""
    return AuditEntry.objects.filter(chain=chain, seq=seq).values_list("hash", flat=True).first()


def _append(now: dt.datetime, checkpoints: list[Checkpoint]) -> None:
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(
        json.dumps(c.signed(), sort_keys=True, ensure_ascii=False) + "\n" for c in checkpoints
    )
    # Append, and force it to disk: a checkpoint that a crash loses protects nothing.
    with open(folder / f"{now.date().isoformat()}.jsonl", "a", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    _last_written[str(folder)] = now


def checkpoint_if_due() -> None:
    """The worker's periodic check: a checkpoint when the last is AUDIT_CHECKPOINT_MINUTES
    old (or there is none)."""
    folder = str(directory())
    last = _last_written.get(folder)
    if last is None:
        newest = newest_checkpoints().values()
        last = max((dt.datetime.fromisoformat(c.at) for c in newest), default=None)
    due = dt.timedelta(minutes=settings.AUDIT_CHECKPOINT_MINUTES)
    if last is None or clock.now() - last >= due:
        write_checkpoint()
    else:
        _last_written[folder] = last


def newest_checkpoints() -> dict[int | None, Checkpoint]:
    """Each chain's newest validly signed checkpoint, read from the newest file backwards
    until every chain of the database has been found (the writer's look-up; `audit_verify`
    reads everything)."""
    wanted = set(AuditChain.objects.values_list("municipality_id", flat=True))
    newest: dict[int | None, Checkpoint] = {}
    ignored = Checkpoints(newest={}, problems=[], count=0)
    folder = directory()
    for path in sorted(folder.glob("*.jsonl"), reverse=True) if folder.is_dir() else []:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in reversed(list(enumerate(lines, 1))):
            checkpoint = _checked(line, f"{path.name}:{number}", ignored) if line.strip() else None
            if checkpoint is not None:
                newest.setdefault(checkpoint.municipality_id, checkpoint)
        if wanted <= newest.keys():
            break
    return newest


def read_checkpoints() -> Checkpoints:
    """Every checkpoint file, in order: each line's signature checked, and per chain the
    newest checkpoint, which must never be behind or differ from an older one at its seq."""
    found = Checkpoints(newest={}, problems=[], count=0)
    for where, record in _records():
        checkpoint = _checked(record, where, found)
        if checkpoint is None:
            continue
        found.count += 1
        before = found.newest.get(checkpoint.municipality_id)
        if before is not None and (
            checkpoint.seq < before.seq
            or (checkpoint.seq == before.seq and checkpoint.hash != before.hash)
        ):
            found.problems.append(
                CheckpointProblem(
                    where,
                    f"{checkpoint.label}: kæden var ved post {before.seq} ({before.at}), men "
                    f"senere ved post {checkpoint.seq} med en anden hash: den er skrevet om "
                    "mellem to kontrolpunkter",
                )
            )
            continue  # the older checkpoint stays the one to hold the chain against
        found.newest[checkpoint.municipality_id] = checkpoint
    return found


def _records() -> Iterator[tuple[str, str]]:
    folder = directory()
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.jsonl")):
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    yield f"{path.name}:{number}", line


def _checked(line: str, where: str, found: Checkpoints) -> Checkpoint | None:
    try:
        record = json.loads(line)
        signature = record.pop("signature")
        checkpoint = Checkpoint(**record)
    except (ValueError, TypeError, KeyError, AttributeError):
        found.problems.append(CheckpointProblem(where, "linjen er ikke et kontrolpunkt"))
        return None
    if not hmac.compare_digest(str(signature), _signature(checkpoint)):
        found.problems.append(
            CheckpointProblem(where, "signaturen passer ikke: linjen er ændret eller falsk")
        )
        return None
    return checkpoint


@dataclass
class LogVerification:
    """`audit_verify`'s answer: every chain's report, held against the checkpoints, and what
    is wrong with the checkpoint files."""

    reports: list[ChainReport]
    checkpoints: Checkpoints

    @property
    def intact(self) -> bool:
        return all(r.intact for r in self.reports) and not self.checkpoints.problems


def verify_log(*, chunk_size: int = 2000) -> LogVerification:
    found = read_checkpoints()
    anchors = {
        municipality_id: Anchor(c.label, c.seq, c.hash, c.at)
        for municipality_id, c in found.newest.items()
    }
    return LogVerification(verify_chains(chunk_size=chunk_size, anchors=anchors), found)
