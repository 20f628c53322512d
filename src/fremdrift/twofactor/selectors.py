"""Reads about the second factor: who owes one in this session, and which devices they have.

The devices are django-otp's: a TOTP device (the authenticator app) and a static device
holding the recovery codes, each with django-otp's own throttle.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Role

# The accounts that reach a whole municipality's administration or the installation.
WIDE_ROLES = frozenset({Role.MANAGER, Role.ADMINISTRATOR, Role.FACILITATOR, Role.OPERATOR})


def second_factor_required(user: User) -> bool:
    """Whether this user's password logins need a second factor (the setting, the role)."""
    return bool(settings.TWO_FACTOR_REQUIRED) and user.role in WIDE_ROLES


def logged_in_with_password(request: HttpRequest) -> bool:
    """A session from our own password login; single sign-on (another backend) is exempt,
    as its identity provider asks for its own second factor."""
    backend = request.session.get(BACKEND_SESSION_KEY)
    return backend in settings.TWO_FACTOR_PASSWORD_BACKENDS


def owes_second_factor(request: HttpRequest) -> bool:
    """The session logged in with a password, the second factor is required for the user,
    and it has not been given yet in this session."""
    user = request.user
    if not user.is_authenticated or not isinstance(user, User):
        return False
    if not second_factor_required(user) or not logged_in_with_password(request):
        return False
    return not user.is_verified()  # type: ignore[attr-defined]  # set by OTPMiddleware


def authenticator(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if enrolled."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def recovery_codes_left(user: User) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device is not None else 0
