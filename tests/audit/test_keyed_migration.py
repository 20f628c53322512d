"""The chains keyed with AUDIT_KEY (audit migration 0006), on chains written with the plain
SHA-256 hash as the code before it wrote them."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.db import connection

from fremdrift.audit.chain import entry_hash, verify_chains
from fremdrift.audit.models import Action, AuditEntry
from tests.audit.test_migration import _migrate, _raw_contents, _sql, plain_hash

pytestmark = pytest.mark.django_db(transaction=True)

PLAIN_CHAINS = [("audit", "0005_chain_required")]


@pytest.fixture
def plain_chains(odense_caseworker, odense_citizen, holbaek_caseworker, holbaek_citizen):
    """Two chains (Odense 3 entries, Holbæk 2) hashed plainly; the schema goes back to the
    latest afterwards."""
    apps = _migrate(PLAIN_CHAINS)
    Entry = apps.get_model("audit", "AuditEntry")
    Chain = apps.get_model("audit", "AuditChain")
    start = dt.datetime(2026, 11, 2, 8, 30, tzinfo=dt.UTC)
    for n, (actor, citizen) in enumerate(
        [(odense_caseworker, odense_citizen), (holbaek_caseworker, holbaek_citizen)] * 2
        + [(odense_caseworker, odense_citizen)],
        start=1,
    ):
        chain, _ = Chain.objects.get_or_create(municipality_id=citizen.municipality_id)
        entry = Entry(
            chain=chain,
            seq=chain.seq + 1,
            prev_hash=chain.hash,
            at=start + dt.timedelta(minutes=n),
            actor_id=actor.pk,
            actor_username=actor.username,
            actor_role=actor.role,
            municipality_id=citizen.municipality_id,
            citizen_id=citizen.pk,
            action=Action.VIEW,
            purpose=f"opslag {n}",
            request_id=f"req-{n}",
            details={},
        )
        entry.hash = plain_hash(entry)
        entry.save()
        chain.seq, chain.hash = entry.seq, entry.hash
        chain.save()
    try:
        yield
    finally:
        _sql("DELETE FROM audit_auditentry")
        _sql("DELETE FROM audit_auditchain")
        _migrate()


@pytest.fixture(params=[2, 2000], ids=["chunks-of-2", "one-chunk"])
def chunk(request, monkeypatch):
    split_chain = importlib.import_module("fremdrift.audit.migrations.0004_split_chain")
    monkeypatch.setattr(split_chain, "CHUNK", request.param)


def test_plain_chains_become_keyed_with_their_content_and_order_kept(chunk, plain_chains):
    before = _raw_contents()
    _migrate()
    assert [(r.label, r.checked, r.breaks) for r in verify_chains()] == [
        ("Holbæk (316)", 2, []),
        ("Odense (461)", 3, []),
    ]
    assert _raw_contents() == before
    for entry in AuditEntry.objects.all():
        assert entry.hash == entry_hash(entry) != plain_hash(entry)


def _hashes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, prev_hash, hash FROM audit_auditentry ORDER BY id")
        return cursor.fetchall()


def test_a_tampered_plain_chain_is_not_keyed(plain_chains):
    # Keying it would hide the change: the migration stops, and no hash changes.
    _sql("UPDATE audit_auditentry SET purpose = 'skjult' WHERE purpose = 'opslag 3'")
    before = _hashes()
    with pytest.raises(Exception, match="ikke intakt ved post 2"):
        _migrate()
    assert _hashes() == before


def test_backwards_the_chains_are_hashed_plainly_again(plain_chains):
    _migrate()
    apps = _migrate(PLAIN_CHAINS)
    entries = list(apps.get_model("audit", "AuditEntry").objects.order_by("chain_id", "seq"))
    assert len(entries) == 5
    assert all(entry.hash == plain_hash(entry) for entry in entries)
