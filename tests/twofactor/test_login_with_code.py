"""The second step of a password login: who owes it, the code, the wrong code, the throttle."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
import time_machine
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.test import Client
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.core import clock
from tests.factories import UserFactory
from tests.twofactor.conftest import code_for, enrolled, password_login

pytestmark = pytest.mark.django_db
VERIFY = reverse("twofactor:verify")
ENROL = reverse("twofactor:enrol")


def _purposes(user) -> list[str]:
    return list(
        AuditEntry.objects.filter(actor=user, action=Action.SIGN_IN)
        .order_by("seq")
        .values_list("purpose", flat=True)
    )


def test_a_manager_with_the_right_code_reaches_the_citizens(odense_manager):
    device = enrolled(odense_manager)
    client = password_login(odense_manager)
    before = client.get(reverse("citizens:list"))
    assert before.status_code == 302 and before.url.startswith(VERIFY)
    response = client.post(VERIFY, {"code": code_for(device), "next": reverse("citizens:list")})
    assert response.status_code == 302 and response.url == reverse("citizens:list")
    assert client.get(reverse("citizens:list")).status_code == 200
    assert client.get(reverse("home")).url == reverse("citizens:list")
    assert _purposes(odense_manager) == ["Totrinsbekræftelse: rigtig kode"]


def test_a_wrong_code_is_refused_in_danish_and_the_user_stays_outside(odense_admin):
    device = enrolled(odense_admin)
    client = password_login(odense_admin)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Koden er forkert." in body
    assert "Vent 1 sekund, før du prøver igen." in body
    after = client.get(reverse("accounts:users"))
    assert after.status_code == 302 and after.url.startswith(VERIFY)
    assert _purposes(odense_admin) == ["Totrinsbekræftelse: forkert kode"]


def test_wrong_codes_are_throttled_with_the_wait_shown(odense_manager):
    device = enrolled(odense_manager)
    client = password_login(odense_manager)
    start = clock.now()
    with time_machine.travel(start, tick=False) as traveller:
        for failures in range(1, 4):
            client.post(VERIFY, {"code": "000000"})
            # Past the wait each time, so every wrong code is checked and counted.
            traveller.shift(dt.timedelta(seconds=2 ** (failures - 1)))
        # Three wrong codes in a row: the next is not even tried for 2^3 = 8 seconds, the
        # right one neither.
        response = client.post(VERIFY, {"code": "000000"})
        assert "Vent 8 sekunder, før du prøver igen." in response.content.decode()
        throttled = client.post(VERIFY, {"code": code_for(device)})
        body = throttled.content.decode()
        assert "for mange forkerte koder, så koden blev ikke prøvet" in body
        assert client.get(reverse("citizens:list")).status_code == 302
        traveller.shift(dt.timedelta(seconds=9))
        accepted = client.post(VERIFY, {"code": code_for(device)})
    assert accepted.status_code == 302
    assert client.get(reverse("citizens:list")).status_code == 200


def test_a_recovery_code_works_once(odense_manager):
    enrolled(odense_manager, codes=("abcd2345",))
    first = password_login(odense_manager)
    response = first.post(VERIFY, {"code": "ABCD 2345"}, follow=True)
    assert "Du har brugt en gendannelseskode. Du har 0 tilbage." in response.content.decode()
    assert first.get(reverse("citizens:list")).status_code == 200
    second = password_login(odense_manager)
    refused = second.post(VERIFY, {"code": "abcd2345"})
    assert "Koden er forkert." in refused.content.decode()
    assert second.get(reverse("citizens:list")).status_code == 302
    assert "Totrinsbekræftelse: gendannelseskode brugt" in _purposes(odense_manager)


def test_without_a_device_the_login_goes_to_enrolment(facilitator):
    client = password_login(facilitator)
    response = client.get(reverse("overview"), follow=True)
    assert response.redirect_chain[-1][0].startswith(ENROL)
    assert "Opsæt totrinsbekræftelse" in response.content.decode()


def test_a_session_that_owes_its_code_cannot_enrol_a_second_device(odense_manager):
    enrolled(odense_manager)
    client = password_login(odense_manager)
    response = client.get(ENROL)
    assert response.status_code == 302 and response.url == VERIFY


class SingleSignOnStandIn(ModelBackend):
    """Stands in for the single sign-on backend: a session logged in by another backend."""


STAND_IN = f"{__name__}.SingleSignOnStandIn"


def test_a_single_sign_on_session_is_exempt(odense_manager, settings):
    """Another backend's session (single sign-on): its identity provider asks the factor."""
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, STAND_IN]
    enrolled(odense_manager)
    client = Client()
    client.force_login(odense_manager, backend=STAND_IN)
    assert client.session[BACKEND_SESSION_KEY] == STAND_IN
    assert client.get(reverse("citizens:list")).status_code == 200


def test_force_login_with_the_password_backend_is_not_exempt(odense_manager):
    client = Client()
    client.force_login(odense_manager)
    response = client.get(reverse("citizens:list"))
    assert response.status_code == 302 and response.url.startswith(VERIFY)


def test_not_required_in_demo_mode(odense, settings):
    settings.DEMO_MODE = True
    settings.TWO_FACTOR_REQUIRED = False  # its default in demo mode: not DEMO_MODE
    manager = UserFactory(
        username="odense-demo-leder", municipality=odense, role="manager", is_demo_account=True
    )
    client = password_login(manager)
    assert client.get(reverse("citizens:list")).status_code == 200


@pytest.mark.parametrize(("demo", "required"), [("true", "False"), ("false", "True")])
def test_the_default_follows_demo_mode(tmp_path, demo, required):
    """TWO_FACTOR_REQUIRED unset: on outside demo mode, off in it (a fresh process)."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "DEMO_MODE", "SECRET_KEY", "TWO_FACTOR_REQUIRED")
    }
    environment.update(VAR_DIR=str(tmp_path), DEMO_MODE=demo)
    result = subprocess.run(
        [sys.executable, "-c", "import fremdrift.settings as s; print(s.TWO_FACTOR_REQUIRED)"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == required


def test_a_caseworker_is_not_asked(odense_caseworker):
    client = password_login(odense_caseworker)
    assert client.get(reverse("citizens:list")).status_code == 200


def test_logout_and_the_language_switch_work_before_the_code(odense_manager):
    enrolled(odense_manager)
    client = password_login(odense_manager)
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
    assert client.post(reverse("logout")).status_code == 200
    after = client.get(reverse("citizens:list"))
    assert after.url.startswith(reverse("login"))


def test_a_partial_update_is_sent_to_the_code_page_whole(odense_manager):
    enrolled(odense_manager)
    client = password_login(odense_manager)
    response = client.get(reverse("citizens:list"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == VERIFY


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/", "١٢٣"])
def test_the_code_leads_only_to_our_own_pages(odense_manager, target):
    device = enrolled(odense_manager)
    client = password_login(odense_manager)
    response = client.post(VERIFY, {"code": code_for(device), "next": target})
    assert response.status_code == 302 and response.url == reverse("home")
