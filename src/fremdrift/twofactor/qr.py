"""The enrolment QR code as inline SVG, made here: the secret never leaves the server."""

from __future__ import annotations

import base64

import segno
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice


def qr_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as an SVG QR code (paths only, no text of ours)."""
    code = segno.make(device.config_url, error="m")
    svg = code.svg_inline(scale=5, border=4, dark="#000", light="#fff")
    return mark_safe(svg)  # noqa: S308 - segno's own markup: path data, no text of ours


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for an app without a camera."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
