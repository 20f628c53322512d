"""Sessions (issue 17, item 5): they end after the idle time, and logging out, deactivation or
a new password end every session of the user. Logged in through the real login page, as a
browser would, so the session hash is Django's own check."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from fremdrift.accounts import user_services
from fremdrift.accounts.middleware import LAST_SEEN
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.core import clock

pytestmark = pytest.mark.django_db
PASSWORD = "korrekt-hest-batteri"
PAGE = reverse("citizens:list")


def _logged_in(user, password: str = PASSWORD) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302, "logged in"
    return client


def _is_logged_in(client: Client) -> bool:
    response = client.get(PAGE)
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))
        return False
    assert response.status_code == 200
    return True


def _last_seen(client: Client) -> int:
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    return session.get_decoded()[LAST_SEEN]


def test_a_session_ends_after_the_idle_time(settings, odense_caseworker, time_machine):
    settings.SESSION_IDLE_MINUTES = 30
    time_machine.move_to(clock.now(), tick=False)
    client = _logged_in(odense_caseworker)
    assert _is_logged_in(client)
    time_machine.shift(dt.timedelta(minutes=29))
    assert _is_logged_in(client), "used within the idle time: still logged in"
    time_machine.shift(dt.timedelta(minutes=29))
    assert _is_logged_in(client), "each use starts the idle time again"
    time_machine.shift(dt.timedelta(minutes=31))
    response = client.get(PAGE, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "fordi du ikke har brugt Fremdrift i 30 minutter" in response.content.decode()
    # The old cookie does not come back to life.
    assert not _is_logged_in(client)


def test_the_session_is_written_for_activity_at_most_once_a_minute(odense_caseworker, time_machine):
    time_machine.move_to(clock.now(), tick=False)
    client = _logged_in(odense_caseworker)
    assert _is_logged_in(client)
    first = _last_seen(client)
    time_machine.shift(dt.timedelta(seconds=40))
    assert _is_logged_in(client)
    assert _last_seen(client) == first
    time_machine.shift(dt.timedelta(seconds=30))
    assert _is_logged_in(client)
    assert _last_seen(client) == first + 70


def test_logging_out_ends_every_session_of_the_user(odense_caseworker, odense_manager):
    office, laptop = _logged_in(odense_caseworker), _logged_in(odense_caseworker)
    colleague = _logged_in(odense_manager)
    assert _is_logged_in(office) and _is_logged_in(laptop)
    office.post(reverse("logout"))
    assert not _is_logged_in(office)
    assert not _is_logged_in(laptop)
    assert _is_logged_in(colleague), "another user's session is untouched"
    # Logging in again works.
    assert _is_logged_in(_logged_in(odense_caseworker))


def test_deactivation_ends_every_session_and_the_login(odense_admin, odense_caseworker):
    office, laptop = _logged_in(odense_caseworker), _logged_in(odense_caseworker)
    user_services.user_set_active(odense_admin, odense_caseworker, active=False)
    assert not _is_logged_in(office)
    assert not _is_logged_in(laptop)
    refused = Client().post(
        reverse("login"), {"username": odense_caseworker.username, "password": PASSWORD}
    )
    assert refused.status_code == 200
    assert not _is_logged_in(Client())


def test_a_reactivated_user_logs_in_again(odense_admin, odense_caseworker):
    user_services.user_set_active(odense_admin, odense_caseworker, active=False)
    user_services.user_set_active(odense_admin, odense_caseworker, active=True)
    assert _is_logged_in(_logged_in(odense_caseworker))


def test_a_temporary_password_must_be_changed_first_and_the_change_keeps_the_session(
    odense_admin,
):
    user, temporary = user_services.user_create(
        odense_admin,
        {
            "username": "nina",
            "first_name": "Nina",
            "last_name": "Holt",
            "email": "",
            "role": "caseworker",
            "team": None,
            "initials": "",
        },
    )
    assert temporary is not None
    client, other = _logged_in(user, temporary), _logged_in(user, temporary)
    change = reverse("password_change")
    response = client.get(PAGE)
    assert (response.status_code, response.url) == (302, change)
    assert client.get(reverse("home")).url == change
    page = client.get(change).content.decode()
    assert "Du er logget ind med en midlertidig adgangskode" in page
    weak = client.post(
        change, {"old_password": temporary, "new_password1": "1234", "new_password2": "1234"}
    )
    assert weak.status_code == 200
    assert "Adgangskoden blev ikke skiftet" in weak.content.decode()
    new = "min-egen-lange-kode-42"
    done = client.post(
        change, {"old_password": temporary, "new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(new)
    assert _is_logged_in(client), "update_session_auth_hash keeps this session"
    assert not _is_logged_in(other), "a session made with the old password ends"
    assert AuditEntry.objects.filter(
        action=Action.USERS, purpose="Egen adgangskode skiftet", actor=user
    ).exists()


def test_a_reset_password_ends_the_users_sessions(odense_admin, odense_caseworker):
    client = _logged_in(odense_caseworker)
    temporary = user_services.user_reset_password(odense_admin, odense_caseworker)
    assert not _is_logged_in(client)
    again = _logged_in(odense_caseworker, temporary)
    assert again.get(PAGE).url == reverse("password_change")
