"""`fremdrift check --deploy` refuses keys a machine made for itself on a server database."""

from __future__ import annotations

from fremdrift.core.checks import keys_shared_by_every_machine

POSTGRES = {"default": {"ENGINE": "django.db.backends.postgresql"}}
SQLITE = {"default": {"ENGINE": "django.db.backends.sqlite3"}}


def test_a_key_from_a_file_is_an_error_on_a_server_database(settings):
    settings.DATABASES = POSTGRES
    settings.KEYS_FROM_FILES = ["FIELD_KEY"]
    [error] = keys_shared_by_every_machine(None)
    assert error.id == "fremdrift.E002" and "FIELD_KEY" in error.msg


def test_keys_from_the_environment_pass(settings):
    settings.DATABASES = POSTGRES
    settings.KEYS_FROM_FILES = []
    assert keys_shared_by_every_machine(None) == []


def test_one_machine_on_sqlite_may_keep_its_keys_in_files(settings):
    settings.DATABASES = SQLITE
    settings.KEYS_FROM_FILES = ["SECRET_KEY", "FIELD_KEY"]
    assert keys_shared_by_every_machine(None) == []
