"""A restore drill: back up as docs/operations.md says, lose everything, restore, and check.

    .venv/bin/python scripts/restore_drill.py [--postgres-url postgres://postgres@127.0.0.1:5432]

On a scratch PostgreSQL database (created and dropped here) and scratch folders:

1. "machine A": migrate, the demo data, a job worker round (figures, checkpoint of the audit
   log); its keys are generated into its VAR_DIR as on a single machine;
2. the backup, exactly as docs/operations.md lists it: `pg_dump --format=custom`, the keys
   (FIELD_KEY, AUDIT_KEY, SECRET_KEY) and the audit checkpoint folder;
3. the loss: the database is dropped and machine A's folder deleted;
4. "machine B": a new database restored with `pg_restore`, the keys and checkpoints put back;
5. the checks: Fremdrift starts (`migrate`, whose checks refuse a FIELD_KEY that does not fit),
   `audit_verify` finds the log intact against the checkpoints, a CPR search finds a citizen,
   and the figure table is the same row for row; and, as the docs warn, a restore without
   the old FIELD_KEY refuses to start.

Prints one line per check and exits non-zero on the first that fails. tests/test_restore.py
runs it on the test machine's PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FREMDRIFT = [sys.executable, "-m", "fremdrift"]
KEYS = ("field_key", "audit_key", "secret_key")

# A day's work in the log: caseworkers open their citizens' pages (audited reads).
LOOK_UPS = """
import django
django.setup()
from fremdrift.accounts.models import User
from fremdrift.citizens.access import read_citizen
from fremdrift.citizens.models import Citizen
for user in User.objects.filter(role="caseworker").order_by("pk")[:5]:
    mine = Citizen.objects.filter(caseworker=user).order_by("pk")[:3]
    for pk in mine.values_list("pk", flat=True):
        read_citizen(user, pk)
"""

# What a machine's process prints about its data, for comparing A with B.
FINGERPRINT = """
import hashlib, django
django.setup()
from fremdrift.citizens.cpr_storage import cpr_decrypt, cpr_digest
from fremdrift.citizens.models import Citizen
from fremdrift.results.models import FigureValue
rows = FigureValue.objects.order_by(
    "municipality_id", "figure", "period_kind", "month", "dim", "value_key", "source"
).values_list("municipality_id", "figure", "period_kind", "month", "dim", "value_key",
              "numerator", "denominator", "source")
print("figures", len(rows), hashlib.sha256(repr(list(rows)).encode()).hexdigest())
citizen = Citizen.objects.order_by("pk").first()
digits = cpr_decrypt(citizen.cpr_encrypted)
found = Citizen.objects.filter(cpr_digest=cpr_digest(digits)).values_list("pk", flat=True)
print("cpr", citizen.pk, list(found) == [citizen.pk])
"""


class DrillFailed(Exception):
    pass


def run(args: list[str], env: dict[str, str], *, expect_ok: bool = True) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if expect_ok and done.returncode != 0:
        raise DrillFailed(f"{' '.join(args[2:])} fejlede:\n{done.stdout}\n{done.stderr}")
    if not expect_ok and done.returncode == 0:
        raise DrillFailed(f"{' '.join(args[2:])} skulle være afvist, men lykkedes")
    return done.stdout + done.stderr


def check(label: str, ok: bool, detail: str = "") -> None:
    print(f"{'OK  ' if ok else 'FEJL'} {label}{': ' + detail if detail else ''}", flush=True)
    if not ok:
        raise DrillFailed(label)


def database(server: str, statement: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'{statement} "{name}"')  # our own scratch names only


def drill(server: str, work: Path, name: str) -> None:
    source, target = f"{name}_a", f"{name}_b"
    a_var, b_var, backup = work / "a-var", work / "b-var", work / "backup"
    base = {
        k: v for k, v in os.environ.items() if k not in ("FIELD_KEY", "AUDIT_KEY", "SECRET_KEY")
    }
    base |= {"DEMO_MODE": "true", "DJANGO_SETTINGS_MODULE": "fremdrift.settings"}
    machine_a = base | {"DATABASE_URL": f"{server}/{source}", "VAR_DIR": str(a_var)}
    machine_b = base | {"DATABASE_URL": f"{server}/{target}", "VAR_DIR": str(b_var)}
    for db in (source, target):
        database(server, "DROP DATABASE IF EXISTS", db)
    database(server, "CREATE DATABASE", source)

    # 1. Machine A at work.
    run([*FREMDRIFT, "migrate", "--no-input", "-v", "0"], machine_a)
    run([*FREMDRIFT, "demo"], machine_a)
    run([sys.executable, "-c", LOOK_UPS], machine_a)
    run([*FREMDRIFT, "worker", "--once", "-v", "0"], machine_a)
    run([*FREMDRIFT, "audit_checkpoint"], machine_a)
    before = run([sys.executable, "-c", FINGERPRINT], machine_a)

    # 2. The backup, as docs/operations.md lists it.
    backup.mkdir()
    run(
        [
            "pg_dump",
            "--format=custom",
            "-f",
            str(backup / "fremdrift.dump"),
            machine_a["DATABASE_URL"],
        ],
        base,
    )
    for key in KEYS:
        shutil.copy2(a_var / key, backup / key)
    shutil.copytree(a_var / "audit-checkpoints", backup / "audit-checkpoints")

    # 3. Everything lost.
    database(server, "DROP DATABASE", source)
    shutil.rmtree(a_var)

    # 4. Machine B restored. First without the old FIELD_KEY, as the docs warn against.
    database(server, "CREATE DATABASE", target)
    run(
        [
            "pg_restore",
            "--no-owner",
            "-d",
            machine_b["DATABASE_URL"],
            str(backup / "fremdrift.dump"),
        ],
        base,
    )
    refused = run([*FREMDRIFT, "migrate", "--no-input", "-v", "0"], machine_b, expect_ok=False)
    check("uden den gamle FIELD_KEY nægter Fremdrift at starte", "fremdrift.E003" in refused)
    shutil.rmtree(b_var)
    b_var.mkdir()
    for key in KEYS:
        shutil.copy2(backup / key, b_var / key)
    shutil.copytree(backup / "audit-checkpoints", b_var / "audit-checkpoints")

    # 5. The checks.
    run([*FREMDRIFT, "migrate", "--no-input", "-v", "0"], machine_b)
    check("Fremdrift starter på den gendannede database", True)
    verified = run([*FREMDRIFT, "audit_verify"], machine_b)
    check(
        "revisionsloggen er intakt mod kontrolpunkterne",
        "Revisionsloggen er intakt" in verified and "Holdt mod" in verified,
    )
    after = run([sys.executable, "-c", FINGERPRINT], machine_b)
    check(
        "nøgletalstabellen er den samme række for række",
        before.splitlines()[0] == after.splitlines()[0],
        after.splitlines()[0],
    )
    check(
        "CPR-søgning finder borgeren", after.splitlines()[1].endswith("True"), after.splitlines()[1]
    )
    database(server, "DROP DATABASE", target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--name", default="fremdrift_restore_drill", help="scratch database prefix")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fremdrift-restore-") as folder:
        try:
            drill(args.postgres_url.rstrip("/"), Path(folder), args.name)
        except DrillFailed as failure:
            print(f"Gendannelsesøvelsen fejlede: {failure}", file=sys.stderr)
            sys.exit(1)
    print("Gendannelsesøvelsen lykkedes.")


if __name__ == "__main__":
    main()
