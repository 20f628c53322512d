"""The move from the one chain to a chain per municipality (audit migrations 0003-0005), on
a log with entries from two municipalities, written as the old code wrote them."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fremdrift.audit.chain import verify_chain, verify_chains
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.audit.services import audit_record

pytestmark = pytest.mark.django_db(transaction=True)

ONE_CHAIN = [("audit", "0002_action_labels")]
# The hash as the chains were written before they were keyed (0006): plain SHA-256.
plain_hash = importlib.import_module("fremdrift.audit.migrations.0004_split_chain")._hash
CONTENT = (
    "at",
    "actor_id",
    "actor_username",
    "actor_role",
    "municipality_id",
    "citizen_id",
    "action",
    "purpose",
    "request_id",
    "details",
)


RAW_CONTENT = (
    "SELECT id, at, actor_id, actor_username, actor_role, municipality_id, citizen_id, action, "
    "purpose, request_id, details FROM audit_auditentry"
)


def _raw_contents():
    """Every entry's content as the database has it (no model between: the schema changes)."""
    with connection.cursor() as cursor:
        cursor.execute(RAW_CONTENT)
        return sorted(cursor.fetchall())


def _migrate(targets=None):
    """Migrate to `targets` (every app's latest by default); the models as they are there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def one_chain(odense_caseworker, odense_citizen, holbaek_caseworker, holbaek_citizen):
    """The log before the migration: one chain, Odense and Holbæk interleaved; the ids of its
    entries in the old order. The schema is put back to the latest afterwards."""
    apps = _migrate(ONE_CHAIN)
    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditChainHead")
    start = dt.datetime(2026, 11, 2, 8, 30, tzinfo=dt.UTC)
    rows = [
        (odense_caseworker, odense_citizen, Action.VIEW, "Opslag på borgerens side", {}),
        (holbaek_caseworker, holbaek_citizen, Action.UPDATE, "Rettelse", {"fields": ["æøå"]}),
        (odense_caseworker, odense_citizen, Action.REVEAL_CPR, "Opslag i e-Boks", {}),
        (None, odense_citizen, Action.UPDATE, "Import", {"import": "fil", "n": 2}),
        (holbaek_caseworker, holbaek_citizen, Action.VIEW, "Opslag", {}),
    ]
    head, _created = Head.objects.get_or_create(pk=1)
    ids = []
    for n, (actor, citizen, action, purpose, details) in enumerate(rows, start=1):
        entry = Entry(
            seq=n,
            prev_hash=head.hash,
            at=start + dt.timedelta(minutes=n, microseconds=n),
            actor_id=actor.pk if actor else None,
            actor_username=actor.username if actor else "system",
            actor_role=actor.role if actor else "",
            municipality_id=citizen.municipality_id,
            citizen_id=citizen.pk,
            action=action,
            purpose=purpose,
            request_id=f"req-{n}",
            details=details,
        )
        entry.hash = plain_hash(entry)
        entry.save()
        head.seq, head.hash = n, entry.hash
        ids.append(entry.pk)
    head.save()
    try:
        yield ids
    finally:
        # Whatever state a test left the log in: empty, so the migration can go forward.
        _sql("DELETE FROM audit_auditentry")
        if "audit_auditchainhead" in connection.introspection.table_names():
            _sql("DELETE FROM audit_auditchainhead")
        _migrate()


def _contents():
    return {
        row["id"]: tuple(row[name] for name in CONTENT)
        for row in AuditEntry.objects.values("id", *CONTENT)
    }


@pytest.fixture(params=[2, 2000], ids=["chunks-of-2", "one-chunk"])
def chunk(request, monkeypatch):
    """The migration's chunk size: small, so that the log spans several chunks, and as is."""
    split_chain = importlib.import_module("fremdrift.audit.migrations.0004_split_chain")
    monkeypatch.setattr(split_chain, "CHUNK", request.param)


def test_the_one_chain_becomes_one_chain_per_municipality(chunk, one_chain, odense, holbaek):
    raw_before = _raw_contents()
    _migrate()
    reports = verify_chains()
    assert [(r.label, r.checked, r.breaks) for r in reports] == [
        ("Holbæk (316)", 2, []),
        ("Odense (461)", 3, []),
    ]
    assert _raw_contents() == raw_before  # not a field of content changed
    o1, h1, o2, o3, h2 = one_chain
    for municipality, old_order in ((odense, [o1, o2, o3]), (holbaek, [h1, h2])):
        entries = AuditEntry.objects.filter(municipality=municipality).order_by("seq")
        assert [(e.pk, e.seq) for e in entries] == [(pk, n) for n, pk in enumerate(old_order, 1)]
    assert "audit_auditchainhead" not in connection.introspection.table_names()


def test_after_the_move_each_chain_goes_on_from_its_last_entry(
    one_chain, odense_caseworker, odense_citizen
):
    _migrate()
    entry = audit_record(
        actor=odense_caseworker,
        action=Action.VIEW,
        purpose="efter flytningen",
        municipality=odense_citizen.municipality,
        citizen=odense_citizen,
    )
    previous = AuditEntry.objects.get(pk=one_chain[3])  # Odense's third
    assert (entry.seq, entry.prev_hash) == (4, previous.hash)
    assert verify_chain() == (6, [])


def test_a_tampered_chain_is_not_moved(one_chain):
    # Re-hashing it would hide the change: the migration stops, and nothing moves.
    _sql("UPDATE audit_auditentry SET purpose = 'skjult' WHERE id = %s", [one_chain[2]])
    with pytest.raises(Exception, match="ikke intakt ved post 3"):
        _migrate()
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq, hash FROM audit_auditentry ORDER BY seq")
        assert [seq for seq, _hash in cursor.fetchall()] == [1, 2, 3, 4, 5]
        cursor.execute("SELECT seq FROM audit_auditchainhead")
        assert cursor.fetchall() == [(5,)]


def test_a_removed_last_entry_stops_the_move_too(one_chain):
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [one_chain[4]])
    with pytest.raises(Exception, match="sidste post mangler"):
        _migrate()


def test_backwards_the_chains_become_one_again(chunk, one_chain):
    _migrate()
    contents = _contents()
    apps = _migrate(ONE_CHAIN)
    Entry = apps.get_model("audit", "AuditEntry")
    entries = list(Entry.objects.order_by("seq"))
    assert [e.pk for e in entries] == one_chain  # insertion order, here the old order
    prev = "0" * 64
    for n, entry in enumerate(entries, start=1):
        assert (entry.seq, entry.prev_hash, entry.hash) == (n, prev, plain_hash(entry))
        prev = entry.hash
    head = apps.get_model("audit", "AuditChainHead").objects.get()
    assert (head.seq, head.hash) == (5, prev)
    _migrate()
    assert _contents() == contents
    assert verify_chain() == (5, [])
