import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from fremdrift import settings as production_settings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("login")


def test_login_and_logout(odense_caseworker):
    client = Client()
    response = client.post(
        LOGIN, {"username": "odense-sagsbehandler", "password": "korrekt-hest-batteri"}
    )
    assert response.status_code == 302
    assert client.get(reverse("citizens:list")).status_code == 200
    assert client.post(reverse("logout")).status_code == 200
    after = client.get(reverse("citizens:list"))
    assert after.status_code == 302 and after.url.startswith(LOGIN)


def test_wrong_password_gets_a_danish_message(odense_caseworker):
    response = Client().post(LOGIN, {"username": "odense-sagsbehandler", "password": "forkert"})
    assert response.status_code == 200
    assert "Brugernavn eller adgangskode er forkert" in response.content.decode()


def test_a_failed_login_is_headed_as_a_login_not_as_a_form_not_saved(odense_caseworker):
    response = Client().post(LOGIN, {"username": "odense-sagsbehandler", "password": "forkert"})
    body = response.content.decode()
    assert '<p class="alert-heading">Du blev ikke logget ind</p>' in body
    assert "Formularen kunne ikke gemmes" not in body


def test_repeated_failures_lock_the_login_out(odense_caseworker):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(LOGIN, {"username": "odense-sagsbehandler", "password": "forkert"})
    locked = client.post(LOGIN, {"username": "odense-sagsbehandler", "password": "forkert"})
    assert locked.status_code == 429
    assert "Login er midlertidigt spærret" in locked.content.decode()
    # Even the right password is refused while locked.
    right = client.post(
        LOGIN, {"username": "odense-sagsbehandler", "password": "korrekt-hest-batteri"}
    )
    assert right.status_code == 429


def test_demo_accounts_log_in_only_in_demo_mode(odense, settings):
    UserFactory(username="odense-demo", municipality=odense, is_demo_account=True, password="demo")
    settings.DEMO_MODE = False
    refused = Client().post(LOGIN, {"username": "odense-demo", "password": "demo"})
    assert refused.status_code == 200
    settings.DEMO_MODE = True
    assert Client().post(LOGIN, {"username": "odense-demo", "password": "demo"}).status_code == 302


def test_production_hashes_with_argon2():
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_security_headers_and_csp_without_remote_sources(odense_caseworker):
    response = Client().get(LOGIN)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "http" not in csp and "*" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(response["X-Request-ID"]) == 32


def test_production_cookies_are_secure_and_http_only():
    assert production_settings.SESSION_COOKIE_HTTPONLY
    assert production_settings.CSRF_COOKIE_HTTPONLY
    if not production_settings.DEBUG and not production_settings.DEMO_MODE:
        assert production_settings.SESSION_COOKIE_SECURE and production_settings.CSRF_COOKIE_SECURE


def test_pages_need_login(db):
    response = Client().get(reverse("citizens:list"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_language_switch_to_english(odense_caseworker):
    client = Client()
    client.force_login(odense_caseworker)
    client.post(reverse("set_language"), {"language": "en", "next": "/borgere/"})
    body = client.get(reverse("citizens:list")).content.decode()
    assert '<html lang="en">' in body
    assert "Citizens" in body


def test_interface_is_danish_whatever_the_browser_prefers(odense_caseworker):
    client = Client()
    client.force_login(odense_caseworker)
    body = client.get(reverse("citizens:list"), HTTP_ACCEPT_LANGUAGE="en-GB,en").content.decode()
    assert '<html lang="da">' in body
    assert "Borgere" in body


def test_login_does_not_autofocus_past_the_skip_link(db):
    assert "autofocus" not in Client().get(LOGIN).content.decode()
