import pytest
from django.core.management import call_command
from django.db import connection
from django.db.utils import load_backend
from django.test import Client

from fremdrift.core import health


@pytest.mark.django_db
def test_healthz_reports_database_and_migrations():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["migrations"] == "applied"
    assert response.json()["pending_migrations"] == 0


@pytest.mark.django_db
def test_a_healthy_answer_is_one_query_without_building_the_migration_plan(
    monkeypatch, django_assert_num_queries
):
    Client().get("/healthz")  # the latest migrations are read from the code once per process

    def no_plan(*args, **kwargs):
        raise AssertionError("the full migration plan was built")

    monkeypatch.setattr(health, "MigrationExecutor", no_plan)
    monkeypatch.setattr(health, "MigrationLoader", no_plan)
    with django_assert_num_queries(1):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["migrations"] == "applied"


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_while_migrations_are_pending():
    assert Client().get("/healthz").status_code == 200  # so a per-process cache would say ok
    call_command("migrate", "audit", "zero", verbosity=0)
    try:
        response = Client().get("/healthz")
        assert response.status_code == 503
        assert response.json()["migrations"] == "pending"
        assert response.json()["pending_migrations"] >= 1
    finally:
        call_command("migrate", verbosity=0)
    assert Client().get("/healthz").status_code == 200


def _unreachable_database():
    """A real connection to a database that is not there (no directory; a closed port)."""
    settings_dict = {**connection.settings_dict}
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-fremdrift-dir/db.sqlite3"
    else:
        settings_dict["PORT"] = "1"
        settings_dict["OPTIONS"] = {**settings_dict["OPTIONS"], "connect_timeout": 2}
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, alias="unreachable")


@pytest.mark.django_db
def test_an_unreachable_database_is_reported():
    db = _unreachable_database()
    try:
        status = health.database_status(db)
    finally:
        db.close()
    assert status["database"] == "unreachable"
    assert status["migrations"] == "unknown"
    assert not health.is_healthy(status)
