"""Helpers for the second factor's tests: the setting on, a password login, a code."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "korrekt-hest-batteri"  # tests.factories.UserFactory's


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app shows now (or `steps_ahead` periods on), computed from the key."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{totp.token():0{device.digits}d}"


def enrolled(user, codes: tuple[str, ...] = ("abcd2345", "efgh6789")) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="Fremdrift", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="Gendannelseskoder", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=static, token=code)
    return device


def password_login(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password step failed"
    return client
