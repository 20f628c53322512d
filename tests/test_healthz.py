import pytest
from django.core.management import call_command
from django.test import Client


@pytest.mark.django_db
def test_healthz_reports_database_and_migrations():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["migrations"] == "applied"


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_while_migrations_are_pending():
    call_command("migrate", "audit", "zero", verbosity=0)
    try:
        response = Client().get("/healthz")
        assert response.status_code == 503
        assert response.json()["migrations"] == "pending"
        assert response.json()["pending_migrations"] >= 1
    finally:
        call_command("migrate", verbosity=0)
