"""The second factor's writes: enrolment, checking a code, recovery codes, reset.

Every attempt is recorded in the audit log (Action.SIGN_IN), right or wrong. django-otp
throttles each device: after n wrong codes in a row it takes no code for
factor * 2^(n-1) seconds, and the answer says how long to wait.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.core import clock

RECOVERY_CODE_COUNT = 10
TOTP_CODE = re.compile(r"\d{6}")


@dataclass(frozen=True)
class Outcome:
    """The answer to a code: accepted by `device`, or refused (waiting `wait_seconds` when
    the throttle holds)."""

    device: Device | None = None
    wait_seconds: int = 0
    # Refused without being checked: the throttle held before this attempt.
    throttled: bool = False
    recovery_code_used: bool = False
    recovery_codes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.device is not None


def normalised(code: str) -> str:
    """A code as typed: spaces and dashes dropped, lower case (the recovery codes)."""
    return re.sub(r"[\s-]", "", code).lower()


def _wait_seconds(device: Device) -> int:
    """0 when the device takes a code now, else the seconds until it does."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (data or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, math.ceil((locked_until - clock.now()).total_seconds()))


def _record(user: User, purpose: str, **details: object) -> None:
    audit_record(
        actor=user,
        action=Action.SIGN_IN,
        purpose=purpose,
        municipality=user.municipality,
        details={"second_factor": True, **details},
    )


def _try(user: User, device: Device, code: str, purpose_wrong: str) -> Outcome | None:
    """Check `code` on the locked `device`: None if accepted, else the refusal."""
    wait = _wait_seconds(device)
    if wait:
        return Outcome(wait_seconds=wait, throttled=True)
    if device.verify_token(code):
        return None
    _record(user, purpose_wrong, device=device.persistent_id)
    return Outcome(wait_seconds=_wait_seconds(device))


def pending_authenticator(user: User) -> TOTPDevice:
    """The unconfirmed authenticator the enrolment page shows, the same on every reload
    until a first code confirms it."""
    with audited_atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-id")
            .first()
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Fremdrift", confirmed=False)
    return device


def confirm_enrolment(*, user: User, code: str) -> Outcome:
    """The first code from the app confirms the pending authenticator and makes the recovery
    codes. Refused when the user already has a confirmed one: a second device only after a
    reset, so a session that owes its code cannot enrol its way past it."""
    with audited_atomic():
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            return Outcome()
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-id")
            .first()
        )
        if device is None:
            return Outcome()
        wrong = "Totrinsbekræftelse: forkert kode ved opsætning"
        refused = _try(user, device, normalised(code), wrong)
        if refused is not None:
            return refused
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _new_recovery_codes(user)
        _record(user, "Totrinsbekræftelse oprettet", device=device.persistent_id)
    return Outcome(device=device, recovery_codes=codes)


def verify_code(*, user: User, code: str) -> Outcome:
    """A code at login: six digits go to the authenticator, anything else to the recovery
    codes (each works once). Each device keeps its own throttle."""
    code = normalised(code)
    with audited_atomic():
        totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        static = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        device: Device | None = totp if TOTP_CODE.fullmatch(code) or static is None else static
        if device is None:
            return Outcome()
        refused = _try(user, device, code, "Totrinsbekræftelse: forkert kode")
        if refused is not None:
            return refused
        recovery = isinstance(device, StaticDevice)
        if recovery:
            left = device.token_set.count()
            _record(user, "Totrinsbekræftelse: gendannelseskode brugt", codes_left=left)
        else:
            _record(user, "Totrinsbekræftelse: rigtig kode")
    return Outcome(device=device, recovery_code_used=recovery)


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with new ones; returned once, to be shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Gendannelseskoder", confirmed=True)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def regenerate_recovery_codes(*, user: User, code: str) -> Outcome:
    """New recovery codes (the old ones stop working), after a fresh code from the app."""
    with audited_atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            return Outcome()
        refused = _try(user, device, normalised(code), "Totrinsbekræftelse: forkert kode")
        if refused is not None:
            return refused
        codes = _new_recovery_codes(user)
        _record(user, "Totrinsbekræftelse: nye gendannelseskoder")
    return Outcome(device=device, recovery_codes=codes)


def _remove_devices(user: User) -> int:
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    return removed + StaticDevice.objects.filter(user=user).delete()[0]


def reset_second_factor(*, actor: User, user: User) -> None:
    """An administrator of the user's municipality removes their authenticator and recovery
    codes: the user enrols again at the next login, and a session verified with the old
    device owes a code again."""
    require(actor, Permission.MANAGE_USERS, within=user)
    with audited_atomic():
        _remove_devices(user)
        audit_record(
            actor=actor,
            action=Action.SIGN_IN,
            purpose=f"Totrinsbekræftelse nulstillet for {user.username}",
            municipality=user.municipality,
            details={"second_factor": True, "reset_user": user.pk},
        )


def reset_second_factor_by_command(*, user: User) -> None:
    """The same, by the operator on the server (`fremdrift reset_second_factor`): for the
    facilitator, the operator and any administrator who lost their device."""
    with audited_atomic():
        _remove_devices(user)
        audit_record(
            actor=None,
            action=Action.SIGN_IN,
            purpose=f"Totrinsbekræftelse nulstillet for {user.username} (kommando)",
            municipality=user.municipality,
            details={"second_factor": True, "reset_user": user.pk},
        )
