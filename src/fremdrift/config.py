"""Typed reading of the environment.

All configuration comes from environment variables; this module is the only place that
reads them, so `docs/operations.md` can list every setting from one file.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on", "ja"}
FALSE_VALUES = {"0", "false", "no", "off", "nej", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true/false).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def persistent_secret(name: str, var_dir: Path, *, length: int = 64) -> str:
    """Return env var `name`, or a random value generated once and kept in `var_dir`.

    Keeping the generated value on disk means restarts keep sessions and, for the field
    key, keep encrypted data readable.
    """
    value = os.environ.get(name)
    if value:
        return value
    path = var_dir / name.lower()
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(length)
    # O_EXCL so two workers starting at once cannot write two different keys.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]", "testserver"}
INSECURE_KEY_MARKERS = ("django-insecure", "changeme", "secret", "insecure")


def check_production_safety(
    *, debug: bool, secret_key: str, demo_mode: bool, allowed_hosts: list[str]
) -> None:
    """Refuse settings that must never reach a real deployment."""
    if debug:
        return
    lowered = secret_key.lower()
    if (
        len(secret_key) < 50
        or len(set(secret_key)) < 5
        or any(marker in lowered for marker in INSECURE_KEY_MARKERS)
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY is insecure: use at least 50 random characters "
            "(or leave it unset to generate one under var/)."
        )
    public_hosts = [host for host in allowed_hosts if host not in LOCAL_HOSTS]
    if demo_mode and public_hosts:
        raise ImproperlyConfigured(
            "DEMO_MODE is on while ALLOWED_HOSTS names a non-local host "
            f"({', '.join(public_hosts)}): demo logins must never be reachable from outside."
        )
