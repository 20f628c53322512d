"""Writing to the audit log. An entry is committed together with the change it records, or
not at all.

An entry goes to its municipality's chain (entries without a municipality to a chain of
their own), appended under a lock on that chain's head which is held to the end of the
transaction. So that the lock is held only for the append and the commit, never for the
work of a write (the figure step of `core.changes.following` above all):

- A write opens its transaction with `audited_atomic()` instead of `transaction.atomic()`.
  The entries recorded inside it are queued and appended as the block's last statements,
  after everything else it did. A nested `audited_atomic()` hands its entries to the
  outer one when it succeeds and drops them with its savepoint when it fails. The
  outermost block is durable: Django refuses it inside another transaction, where its
  append would no longer be the last statement before the commit.
- Outside such a block (a read: a citizen's page, a CPR search, the log itself) an entry
  is appended at once, in a durable transaction of its own.

Purposes are stored in Danish as written, not translated: the log is a record, and must read
the same whichever language the user had chosen.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from fremdrift.accounts.models import Municipality, User
from fremdrift.audit.chain import entry_hash
from fremdrift.audit.models import Action, AuditAppearance, AuditChain, AuditEntry
from fremdrift.core import clock
from fremdrift.core.request_context import current_request_id

if TYPE_CHECKING:
    from fremdrift.citizens.models import Citizen

# The entries recorded inside the innermost open `audited_atomic()`, None outside any.
_queued: ContextVar[list[AuditEntry] | None] = ContextVar("audit_queued", default=None)


@contextmanager
def audited_atomic() -> Iterator[None]:
    """`transaction.atomic()` for a write: its audit entries are appended last."""
    outer = _queued.get()
    queued: list[AuditEntry] = []
    token = _queued.set(queued)
    try:
        if outer is None:
            with transaction.atomic(durable=True):
                yield
                if queued and not transaction.get_rollback():
                    _append(queued)
        else:
            with transaction.atomic():
                yield
                rolled_back = transaction.get_rollback()
            if not rolled_back:
                outer.extend(queued)
    finally:
        _queued.reset(token)


@dataclass(frozen=True)
class OutsideActor:
    """Someone without an account who acts through a personal link (the company's contact
    person answering a follow-up). The entry's user is empty; these name who it was."""

    username: str  # e.g. "kontaktperson:12 Jette Skov"
    role: str  # e.g. "contact_person"


def audit_record(
    *,
    actor: User | OutsideActor | None,
    action: Action,
    purpose: str,
    municipality: Municipality | None,
    citizen: Citizen | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record one entry. Inside `audited_atomic()` it is saved (pk, seq, hash) when the
    block ends; outside, at once. An OutsideActor is recorded by name and role, with no
    user. `municipality` None is for what happens outside every
    municipality, so never about a citizen."""
    if municipality is None and citizen is not None:
        # It would land in no municipality's chain, unseen by the citizen's access report.
        raise ValueError("An audit entry about a citizen needs the municipality.")
    user = actor if isinstance(actor, User) else None
    entry = AuditEntry(
        actor=user,
        actor_username=actor.username[:150] if actor else "system",
        actor_role=actor.role[:20] if actor else "",
        municipality=municipality,
        citizen=citizen,
        action=action,
        purpose=purpose[:200],
        request_id=current_request_id(),
        details=details or {},
    )
    _append_or_queue([entry])
    return entry


def audit_list(
    *,
    actor: User,
    purpose: str,
    citizen_ids: Sequence[int],
    query: dict[str, Any] | None = None,
) -> AuditEntry | None:
    """A page showed these citizens in a list: one entry in the user's municipality, whose
    details record the query and every citizen shown, and one appearance per citizen for
    the citizens' access reports. None when the page showed nobody.

    Only a user of a municipality sees lists of citizens, and only its own citizens."""
    shown = sorted(set(citizen_ids))
    if not shown:
        return None
    if actor.municipality_id is None:
        raise ValueError("A list of citizens is shown only inside a municipality.")
    entry = AuditEntry(
        actor=actor,
        actor_username=actor.username,
        actor_role=actor.role,
        municipality_id=actor.municipality_id,
        action=Action.LIST,
        purpose=purpose[:200],
        request_id=current_request_id(),
        details={"query": query or {}, "shown": shown},
    )
    _append_or_queue([entry])
    return entry


@dataclass(frozen=True)
class AuditItem:
    """One entry of a batch: the citizen (or None), what was done, why, and the details."""

    citizen_id: int | None
    action: str
    purpose: str
    details: dict[str, Any]


def audit_record_many(
    *,
    actor: User,
    municipality_id: int | None,
    items: Sequence[AuditItem],
    now: bool = False,
) -> list[AuditEntry]:
    """The same entries as `audit_record`, for many at once (the case import): appended with
    one lock and one bulk insert, where one `audit_record` each would take several queries
    per citizen.

    `now=True` appends at once even inside `audited_atomic()`, in the caller's transaction:
    for a caller that makes its entries the last statements of its transaction itself and
    has more of them than it should hold in memory (the case import streams them from its
    scratch table, after the figures' rebuild)."""
    request_id = current_request_id()
    entries = [
        AuditEntry(
            actor_id=actor.pk,
            actor_username=actor.username,
            actor_role=actor.role,
            municipality_id=municipality_id,
            citizen_id=item.citizen_id,
            action=item.action,
            purpose=item.purpose[:200],
            request_id=request_id,
            details=item.details,
        )
        for item in items
    ]
    if entries and now:
        with transaction.atomic():
            _append(entries)
    elif entries:
        _append_or_queue(entries)
    return entries


def _append_or_queue(entries: list[AuditEntry]) -> None:
    queued = _queued.get()
    if queued is not None:
        queued.extend(entries)
        return
    with transaction.atomic(durable=True):
        _append(entries)


def _append(entries: list[AuditEntry]) -> None:
    """Append the entries to their chains: for each chain, lock its head, insert, move the
    head on. The time is taken here, so within a chain it grows with seq."""
    at = clock.now()
    by_chain: dict[int | None, list[AuditEntry]] = {}
    for entry in entries:
        by_chain.setdefault(entry.municipality_id, []).append(entry)
    # Always the same order (the chain without municipality, then by id), so two
    # transactions appending to the same two chains cannot deadlock.
    for municipality_id in sorted(by_chain, key=lambda m: -1 if m is None else m):
        head = _locked_head(municipality_id)
        batch = by_chain[municipality_id]
        for entry in batch:
            entry.at = at
            _chained(head, entry)
        AuditEntry.objects.bulk_create(batch)
        head.save(update_fields=["seq", "hash"])
    _append_appearances(entries)


def _append_appearances(entries: list[AuditEntry]) -> None:
    """One row per citizen a list entry showed. Plain tuples through executemany: a board
    shows a hundred citizens and more, and model instances would cost the page more than
    the insert."""
    rows = [
        (entry.pk, citizen_id, entry.municipality_id, entry.seq)
        for entry in entries
        if entry.action == Action.LIST
        for citizen_id in entry.details["shown"]
    ]
    if rows:
        table = connection.ops.quote_name(AuditAppearance._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (entry_id, citizen_id, municipality_id, seq) "  # noqa: S608
                "VALUES (%s, %s, %s, %s)",
                rows,
            )


def _locked_head(municipality_id: int | None) -> AuditChain:
    # The head row serialises the chain's appenders so it never forks; a chain is created
    # by its first entry (get_or_create retries when two create it at once). None in the
    # lookup is IS NULL, the chain without municipality; the stubs do not allow for it.
    head, _created = AuditChain.objects.select_for_update().get_or_create(
        municipality_id=municipality_id  # type: ignore[misc]
    )
    return head


def _chained(head: AuditChain, entry: AuditEntry) -> AuditEntry:
    """The entry as the chain's next link; the head moves on to it."""
    entry.chain = head
    entry.seq, entry.prev_hash = head.seq + 1, head.hash
    entry.hash = entry_hash(entry)
    head.seq, head.hash = entry.seq, entry.hash
    return entry
