import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fremdrift.accounts.models import User

pytestmark = pytest.mark.django_db


def test_create_user_with_a_good_password(odense, monkeypatch):
    monkeypatch.setenv("FREMDRIFT_PASSWORD", "lang-og-god-adgangskode-42")
    call_command("create_user", "odense-admin2", "--role", "administrator", "--municipality", "461")
    user = User.objects.get(username="odense-admin2")
    assert user.municipality == odense and user.check_password("lang-og-god-adgangskode-42")


def test_create_user_refuses_a_weak_password_and_a_missing_municipality(odense, monkeypatch):
    monkeypatch.setenv("FREMDRIFT_PASSWORD", "12345678")
    with pytest.raises(CommandError):
        call_command("create_user", "svag", "--role", "caseworker", "--municipality", "461")
    monkeypatch.setenv("FREMDRIFT_PASSWORD", "lang-og-god-adgangskode-42")
    with pytest.raises(CommandError, match="kommune"):
        call_command("create_user", "uden", "--role", "caseworker")
    assert not User.objects.filter(username__in=["svag", "uden"]).exists()
