"""A FIELD_KEY that does not fit the database stops the start with a clear message.

Found by a restore without the old key: a new key was generated into VAR_DIR without a word,
after which CPR search found nobody and a CPR reveal gave a server error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from fremdrift.citizens.field_key import field_key_fits_the_database, field_key_problem
from fremdrift.core.startup import refuse_a_broken_start

pytestmark = pytest.mark.django_db


def test_the_key_the_numbers_were_written_with_passes(odense_citizen):
    assert field_key_problem() is None
    assert field_key_fits_the_database(None, databases=["default"]) == []
    refuse_a_broken_start()


def test_an_empty_database_fits_any_key(settings):
    settings.FIELD_KEY = "a-key-nobody-has-used-yet-" * 3
    assert field_key_problem() is None


def test_another_key_is_refused_by_the_check_the_server_and_the_worker(settings, odense_citizen):
    settings.FIELD_KEY = "a-newly-generated-key-that-did-not-write-them-" * 2
    settings.KEYS_FROM_FILES = ["FIELD_KEY"]
    [error] = field_key_fits_the_database(None, databases=["default"])
    assert error.id == "fremdrift.E003"
    assert "FIELD_KEY passer ikke til databasen" in error.msg
    assert "field_key" in error.msg  # says where the wrong key came from
    assert "backuppen" in error.hint
    assert field_key_fits_the_database(None) == []  # a plain `check` does not touch the DB
    with pytest.raises(ImproperlyConfigured, match=r"fremdrift\.E003"):
        refuse_a_broken_start()
    with pytest.raises(CommandError, match="FIELD_KEY passer ikke"):
        call_command("worker", once=True, verbosity=0)


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="a file database of its own"
)
def test_a_restore_started_without_its_key_stops_before_serving(tmp_path: Path):
    """The real processes: migrate and create a citizen with one key, then start with a new
    one generated into an empty VAR_DIR, as on a machine restored without its key."""
    database = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    first = {**os.environ, "DATABASE_URL": database, "VAR_DIR": str(tmp_path / "old")}
    first["DJANGO_SETTINGS_MODULE"] = "fremdrift.settings"
    for var in ("FIELD_KEY", "SECRET_KEY", "FREMDRIFT_TODAY"):
        first.pop(var, None)
    fremdrift = [sys.executable, "-m", "fremdrift"]
    assert _run([*fremdrift, "migrate", "-v", "0"], first).returncode == 0
    create = "import django; django.setup(); from tests.factories import CitizenFactory as C; C()"
    assert _run([sys.executable, "-c", create], first).returncode == 0
    restored = {**first, "VAR_DIR": str(tmp_path / "new")}
    for args in (
        [*fremdrift, "migrate", "-v", "0"],
        [*fremdrift, "worker", "--once"],
        [sys.executable, "-c", "import fremdrift.wsgi"],  # what gunicorn's workers import
    ):
        started = _run(args, restored)
        assert started.returncode != 0, args
        assert "FIELD_KEY passer ikke til databasen" in started.stderr, started.stderr
    again = _run([*fremdrift, "migrate", "-v", "0"], first)
    assert again.returncode == 0, again.stderr  # with the old key it starts
