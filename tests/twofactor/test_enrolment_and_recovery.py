"""Enrolment (QR code, secret, first code, recovery codes shown once), new recovery codes,
and the reset by an administrator or by command."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.core import clock
from fremdrift.twofactor import selectors, services
from tests.conftest import login
from tests.factories import UserFactory
from tests.twofactor.conftest import code_for, enrolled, password_login

pytestmark = pytest.mark.django_db
ENROL = reverse("twofactor:enrol")
CODES = reverse("twofactor:recovery_codes")


def _secret_on(page: str) -> bytes:
    found = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', page)
    assert found, "no secret on the enrolment page"
    return base64.b32decode(found.group(1).replace(" ", ""))


def test_enrolment_shows_an_inline_qr_code_and_the_secret_then_codes_once(odense_manager):
    client = password_login(odense_manager)
    page = client.get(ENROL).content.decode()
    assert '<svg width="' in page and "<path" in page  # made here, no <img> from elsewhere
    assert "otpauth" not in page  # the QR code carries it; the page does not spell it out
    key = _secret_on(page)
    wrong = client.post(ENROL, {"code": "12345"})
    assert "Koden er forkert." in wrong.content.decode()
    assert TOTPDevice.objects.get(user=odense_manager).confirmed is False
    with time_machine.travel(clock.now() + dt.timedelta(seconds=2), tick=True):
        # Past the one-second wait after that wrong code.
        confirmed = client.post(ENROL, {"code": f"{TOTP(key).token():06d}"})
    assert confirmed.status_code == 302 and confirmed.url == CODES
    shown = client.get(CODES).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown)
    assert len(codes) == 10
    assert client.get(CODES).status_code == 302  # shown once
    assert client.get(reverse("citizens:list")).status_code == 200  # verified by enrolling
    assert selectors.recovery_codes_left(odense_manager) == 10
    purposes = AuditEntry.objects.filter(actor=odense_manager, action=Action.SIGN_IN)
    assert "Totrinsbekræftelse oprettet" in set(purposes.values_list("purpose", flat=True))


def test_the_same_secret_is_shown_until_it_is_confirmed(odense_admin):
    client = password_login(odense_admin)
    first = _secret_on(client.get(ENROL).content.decode())
    assert _secret_on(client.get(ENROL).content.decode()) == first
    assert TOTPDevice.objects.filter(user=odense_admin).count() == 1


def test_a_demo_user_may_enrol_when_it_is_not_required(odense, settings):
    settings.DEMO_MODE = True
    settings.TWO_FACTOR_REQUIRED = False
    demo = UserFactory(
        username="demo-leder", municipality=odense, role="manager", is_demo_account=True
    )
    client = password_login(demo)
    assert client.get(reverse("citizens:list")).status_code == 200
    device = services.pending_authenticator(demo)
    outcome = services.confirm_enrolment(user=demo, code=code_for(device))
    assert outcome.ok and len(outcome.recovery_codes) == 10
    assert client.get(reverse("citizens:list")).status_code == 200  # still one step


def test_new_recovery_codes_need_a_fresh_code_and_replace_the_old(odense_manager):
    device = enrolled(odense_manager, codes=("oldcode2",))
    refused = services.regenerate_recovery_codes(user=odense_manager, code="000000")
    assert not refused.ok and refused.wait_seconds == 1
    assert selectors.recovery_codes_left(odense_manager) == 1
    with time_machine.travel(clock.now() + dt.timedelta(seconds=2), tick=True):
        outcome = services.regenerate_recovery_codes(user=odense_manager, code=code_for(device))
    assert outcome.ok and len(set(outcome.recovery_codes)) == 10
    assert not services.verify_code(user=odense_manager, code="oldcode2").ok
    purposes = set(
        AuditEntry.objects.filter(actor=odense_manager).values_list("purpose", flat=True)
    )
    assert "Totrinsbekræftelse: nye gendannelseskoder" in purposes


def test_new_recovery_codes_through_the_page(odense_manager):
    device = enrolled(odense_manager)
    client = Client()
    client.force_login(odense_manager, backend="fremdrift.accounts.backends.FremdriftBackend")
    client.post(reverse("twofactor:verify"), {"code": code_for(device)})
    page = client.get(reverse("twofactor:overview")).content.decode()
    assert "Du har 2 ubrugte gendannelseskoder" in page
    wrong = client.post(reverse("twofactor:regenerate"), {"code": "abc"})
    assert wrong.status_code == 400 and "Koden er forkert." in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    made = client.post(
        reverse("twofactor:regenerate"), {"code": code_for(device, steps_ahead=1)}, follow=True
    )
    assert len(re.findall(r"<li><code>", made.content.decode())) == 10


@pytest.fixture
def admin_verified(settings):
    """The administrator's own second step is behind them: their session passes."""
    settings.TWO_FACTOR_REQUIRED = False


def test_an_administrator_resets_a_colleague_who_then_enrols_again(
    odense_admin, odense_manager, admin_verified, settings
):
    enrolled(odense_manager)
    client = login(odense_admin)
    page = client.get(reverse("twofactor:reset", kwargs={"user_id": odense_manager.pk}))
    assert "Nulstil totrinsbekræftelse for Lars Bach" in page.content.decode()
    done = client.post(
        reverse("twofactor:reset", kwargs={"user_id": odense_manager.pk}), follow=True
    )
    assert "Totrinsbekræftelsen for Lars Bach er nulstillet" in done.content.decode()
    assert not TOTPDevice.objects.filter(user=odense_manager).exists()
    assert not StaticDevice.objects.filter(user=odense_manager).exists()
    entry = AuditEntry.objects.get(actor=odense_admin, action=Action.SIGN_IN)
    assert entry.details["reset_user"] == odense_manager.pk
    assert entry.municipality_id == odense_manager.municipality_id
    settings.TWO_FACTOR_REQUIRED = True
    again = password_login(odense_manager).get(reverse("citizens:list"), follow=True)
    assert "Opsæt totrinsbekræftelse" in again.content.decode()


def test_a_verified_session_owes_a_code_again_after_a_reset(odense_admin, odense_manager):
    device = enrolled(odense_manager)
    client = password_login(odense_manager)
    client.post(reverse("twofactor:verify"), {"code": code_for(device)})
    assert client.get(reverse("citizens:list")).status_code == 200
    services.reset_second_factor(actor=odense_admin, user=odense_manager)
    assert client.get(reverse("citizens:list")).status_code == 302


def test_another_municipalitys_administrator_gets_404(holbaek, odense_manager, admin_verified):
    holbaek_admin = UserFactory(
        username="holbaek-admin", municipality=holbaek, role="administrator"
    )
    enrolled(odense_manager)
    client = login(holbaek_admin)
    url = reverse("twofactor:reset", kwargs={"user_id": odense_manager.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert TOTPDevice.objects.filter(user=odense_manager).exists()


@pytest.mark.parametrize("persona", ["odense_caseworker", "odense_manager", "facilitator"])
def test_other_roles_cannot_reset(request, persona, odense_admin, admin_verified):
    enrolled(odense_admin)
    client = login(request.getfixturevalue(persona))
    url = reverse("twofactor:reset", kwargs={"user_id": odense_admin.pk})
    assert client.post(url).status_code == 404
    assert TOTPDevice.objects.filter(user=odense_admin).exists()


def test_the_operator_resets_the_facilitator_by_command(facilitator, capsys):
    enrolled(facilitator)
    call_command("reset_second_factor", "facilitator")
    assert "Totrinsbekræftelsen for facilitator er nulstillet" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=facilitator).exists()
    entry = AuditEntry.objects.get(action=Action.SIGN_IN, actor__isnull=True)
    assert entry.purpose == "Totrinsbekræftelse nulstillet for facilitator (kommando)"


def test_the_command_names_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ingen bruger"):
        call_command("reset_second_factor", "ingen")
