"""The eight ways the audit log was tampered with in the attack, each detected.

Three of them used to pass `audit_verify` as "intakt": changing an entry and re-hashing the
chain, deleting the tail and rewinding the head, and deleting every entry and the head. The
chain was plain SHA-256 and its only anchor sat in the same database. Now the hash is keyed
with AUDIT_KEY (outside the database) and signed checkpoints outside it hold each chain's
head.

Each scenario writes to the database directly, as a database administrator would, after a
checkpoint was written (the worker writes one every hour).
"""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fremdrift.audit.chain import entry_hash, entry_payload
from fremdrift.audit.checkpoints import directory, verify_log, write_checkpoint
from fremdrift.audit.models import Action, AuditChain, AuditEntry
from fremdrift.audit.services import audit_list, audit_record

pytestmark = pytest.mark.django_db


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def log(odense_caseworker, odense_citizen, holbaek_caseworker, holbaek_citizen):
    """Odense: 4 entries, Holbæk: 2; then a checkpoint, as the worker writes it."""
    for actor, citizen, n in [
        (odense_caseworker, odense_citizen, 4),
        (holbaek_caseworker, holbaek_citizen, 2),
    ]:
        for i in range(n):
            audit_record(
                actor=actor,
                action=Action.VIEW,
                purpose=f"opslag {i + 1}",
                municipality=citizen.municipality,
                citizen=citizen,
            )
    written, refused = write_checkpoint()
    assert [(c.label, c.seq) for c in written] == [("Odense (461)", 4), ("Holbæk (316)", 2)]
    assert refused == []
    assert verify_log().intact
    return {"odense": odense_citizen.municipality, "holbaek": holbaek_citizen.municipality}


def _chain(municipality) -> AuditChain:
    return AuditChain.objects.get(municipality=municipality)


def _plain_sha256(entry: AuditEntry) -> str:
    return hashlib.sha256(entry_payload(entry)).hexdigest()


def _rehash(municipality, hasher) -> None:
    """Recompute a chain's hashes from its first entry, and its head, as an attacker would."""
    prev = "0" * 64
    for entry in AuditEntry.objects.filter(municipality=municipality).order_by("seq"):
        entry.prev_hash = prev
        prev = hasher(entry)
        _sql(
            "UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE id = %s",
            [entry.prev_hash, prev, entry.pk],
        )
    _sql(
        "UPDATE audit_auditchain SET hash = %s WHERE municipality_id = %s", [prev, municipality.pk]
    )


def _breaks(label: str) -> list[str]:
    result = verify_log()
    assert not result.intact
    reports = {r.label: r for r in result.reports}
    return [f"{b.seq}: {b.reason}" for b in reports[label].breaks]


def _odense_entry(seq: int) -> AuditEntry:
    return AuditEntry.objects.get(municipality__code="461", seq=seq)


def test_1_an_entry_changed(log):
    _sql("UPDATE audit_auditentry SET purpose = 'intet' WHERE id = %s", [_odense_entry(2).pk])
    assert _breaks("Odense (461)") == ["2: indholdet passer ikke til postens hash"]


def test_2_an_entry_changed_and_the_chain_rehashed_without_the_key(log):
    _sql("UPDATE audit_auditentry SET purpose = 'intet' WHERE id = %s", [_odense_entry(2).pk])
    _rehash(log["odense"], _plain_sha256)
    breaks = _breaks("Odense (461)")
    assert "1: indholdet passer ikke til postens hash" in breaks  # plain SHA-256 is not the HMAC
    assert any("kontrolpunktet" in b for b in breaks)


def test_2b_an_entry_changed_and_rehashed_by_someone_with_the_key(log):
    # An insider with AUDIT_KEY can make the chain consistent again; the checkpoint outside
    # the database still holds the old head.
    _sql("UPDATE audit_auditentry SET purpose = 'intet' WHERE id = %s", [_odense_entry(2).pk])
    _rehash(log["odense"], entry_hash)
    assert _breaks("Odense (461)") == ["4: passer ikke til kontrolpunktet " + _checkpoint_at()]
    # ... and the next checkpoint does not sign the rewritten chain.
    written, refused = write_checkpoint()
    assert [c.label for c in written] == ["Holbæk (316)"]
    assert [p.where for p in refused] == ["Odense (461)"]
    assert not verify_log().intact


def test_3_an_entry_in_the_middle_deleted(log):
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [_odense_entry(2).pk])
    assert "3: post(er) 2-2 mangler" in _breaks("Odense (461)")


def test_4_the_last_entry_deleted(log):
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [_odense_entry(4).pk])
    breaks = _breaks("Odense (461)")
    assert any("hovedet passer ikke" in b for b in breaks)


def test_5_the_tail_deleted_and_the_head_rewound(log):
    third = _odense_entry(3)
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [_odense_entry(4).pk])
    _sql(
        "UPDATE audit_auditchain SET seq = 3, hash = %s WHERE municipality_id = %s",
        [third.hash, log["odense"].pk],
    )
    breaks = _breaks("Odense (461)")
    assert len(breaks) == 1 and breaks[0].startswith("4: findes ikke, men kontrolpunktet")
    assert "poster er slettet" in breaks[0]


def test_6_an_entry_moved_to_another_municipalitys_chain(log):
    moved = AuditEntry.objects.get(municipality=log["holbaek"], seq=2)
    _sql(
        "UPDATE audit_auditentry SET chain_id = %s, seq = 5 WHERE id = %s",
        [_chain(log["odense"]).pk, moved.pk],
    )
    assert any("anden kommunes kæde" in b for b in _breaks("Odense (461)"))
    assert any("hovedet passer ikke" in b for b in _breaks("Holbæk (316)"))


def test_7_every_entry_of_a_chain_deleted(log):
    _sql("DELETE FROM audit_auditentry WHERE chain_id = %s", [_chain(log["holbaek"]).pk])
    breaks = _breaks("Holbæk (316)")
    assert any("hovedet passer ikke" in b for b in breaks)
    assert any("findes ikke, men kontrolpunktet" in b for b in breaks)


def test_8_every_entry_and_the_head_deleted(log):
    _sql("DELETE FROM audit_auditentry WHERE chain_id = %s", [_chain(log["holbaek"]).pk])
    _sql("DELETE FROM audit_auditchain WHERE municipality_id = %s", [log["holbaek"].pk])
    assert _breaks("Holbæk (316)") == [
        f"2: kæden findes ikke i databasen, men kontrolpunktet {_checkpoint_at()} har 2 poster "
        "i den: kæden er slettet med sit hoved"
    ]
    with pytest.raises(CommandError, match="IKKE intakt"):
        call_command("audit_verify")


def _checkpoint_at() -> str:
    [path] = directory().glob("*.jsonl")
    return json.loads(path.read_text().splitlines()[0])["at"]


# --- The checkpoints themselves ----------------------------------------------------------


def test_9_a_list_appearance_deleted(log, odense_caseworker, odense_citizen):
    """The access report finds the lists that showed a citizen through AuditAppearance: a
    row removed there would hide a look-up from her, though every entry is intact."""
    audit_list(actor=odense_caseworker, purpose="Borgerlisten", citizen_ids=[odense_citizen.pk])
    assert verify_log().intact
    _sql("DELETE FROM audit_auditappearance WHERE citizen_id = %s", [odense_citizen.pk])
    assert _breaks("Odense (461)") == [
        "5: listeposterne viser 1 borgere, men oversigten pr. borger har 0: borgervisninger "
        "er slettet eller tilføjet"
    ]


def test_a_checkpoint_line_changed_or_forged_is_reported(log):
    [path] = directory().glob("*.jsonl")
    lines = path.read_text().splitlines()
    record = json.loads(lines[0])
    record["seq"] = 3  # as if Odense had only three entries
    lines[0] = json.dumps(record)
    forged = {**record, "seq": 1}
    forged["signature"] = hmac.new(b"a guess", b"x", hashlib.sha256).hexdigest()
    path.write_text("\n".join([*lines, json.dumps(forged), "ikke json"]) + "\n")
    result = verify_log()
    assert not result.intact
    assert [(p.where, p.reason.split(":")[0]) for p in result.checkpoints.problems] == [
        (f"{path.name}:1", "signaturen passer ikke"),
        (f"{path.name}:3", "signaturen passer ikke"),
        (f"{path.name}:4", "linjen er ikke et kontrolpunkt"),
    ]


def test_an_intact_log_is_held_against_its_checkpoints(log, odense_caseworker, capsys):
    audit_record(
        actor=odense_caseworker,
        action=Action.VIEW,
        purpose="efter kontrolpunktet",
        municipality=log["odense"],
    )
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "Odense (461): intakt, 5 poster" in out
    assert "Holdt mod 2 kontrolpunkter" in out
    call_command("audit_checkpoint")
    assert "2 kontrolpunkter skrevet" in capsys.readouterr().out
    assert verify_log().checkpoints.newest[log["odense"].pk].seq == 5


def test_without_checkpoints_verify_warns_that_a_tail_is_unprotected(
    odense_caseworker, odense_citizen, capsys
):
    audit_record(
        actor=odense_caseworker,
        action=Action.VIEW,
        purpose="opslag",
        municipality=odense_citizen.municipality,
        citizen=odense_citizen,
    )
    call_command("audit_verify")
    assert "ADVARSEL: ingen kontrolpunkter" in capsys.readouterr().err


# The worker closes its connection between rounds: a transaction of the test's own would go.
@pytest.mark.django_db(transaction=True, databases=["default", "progress"])
def test_the_worker_writes_a_checkpoint_when_one_is_due(
    settings, odense_caseworker, odense_citizen
):
    audit_record(
        actor=odense_caseworker,
        action=Action.VIEW,
        purpose="opslag",
        municipality=odense_citizen.municipality,
        citizen=odense_citizen,
    )

    def lines() -> int:
        return sum(len(p.read_text().splitlines()) for p in directory().glob("*.jsonl"))

    call_command("worker", once=True, verbosity=0)
    assert lines() == 1  # none before: one at once
    call_command("worker", once=True, verbosity=0)
    assert lines() == 1  # the next is due in an hour
    settings.AUDIT_CHECKPOINT_MINUTES = 0
    call_command("worker", once=True, verbosity=0)
    assert lines() == 2
