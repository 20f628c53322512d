"""The restore steps of docs/operations.md work: scripts/restore_drill.py backs up, loses
everything, restores and checks (on PostgreSQL, the production database). The drill compares
the restored machine with the one backed up, on the same day, so the calendar cannot change
its outcome."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the drill uses pg_dump and pg_restore",
)
DRILL = Path(__file__).resolve().parents[1] / "scripts" / "restore_drill.py"


def test_a_backup_made_as_the_docs_say_restores_whole():
    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"{connection.settings_dict['NAME']}_drill_{os.getpid()}"
    done = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(DRILL), "--postgres-url", server, "--name", name],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("OK ") == 5
    assert "nægter Fremdrift at starte" in done.stdout
    assert "Gendannelsesøvelsen lykkedes." in done.stdout
