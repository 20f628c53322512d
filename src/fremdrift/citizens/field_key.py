"""Refusing to start with a FIELD_KEY that does not fit the database.

A restore onto a machine without the old key used to start anyway, with a new key generated
into VAR_DIR: CPR search then found nobody, a reveal failed with a server error, and every
CPR number saved from then on was encrypted with a key the old ones cannot be read with.
One stored number, decrypted with the key in use, tells whether the two belong together.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from fremdrift.citizens.cpr_storage import cpr_decrypt
from fremdrift.citizens.models import Citizen


def unscoped_one_encrypted_cpr() -> str | None:
    """Any one stored CPR number, encrypted; deliberately across municipalities."""
    try:
        return (
            Citizen.objects.exclude(cpr_encrypted="")
            .order_by("pk")
            .values_list("cpr_encrypted", flat=True)
            .first()
        )
    except DatabaseError:  # before the first migrate: nothing stored, nothing to compare
        return None


def field_key_problem() -> str | None:
    """Why the FIELD_KEY in use cannot read the database's CPR numbers, or None."""
    token = unscoped_one_encrypted_cpr()
    if token is None:
        return None
    try:
        cpr_decrypt(token)
    except InvalidToken:
        where = (
            f"filen {settings.VAR_DIR / 'field_key'}"
            if "FIELD_KEY" in settings.KEYS_FROM_FILES
            else "miljøvariablen FIELD_KEY"
        )
        return (
            f"FIELD_KEY passer ikke til databasen: de gemte CPR-numre kan ikke læses med "
            f"nøglen fra {where}. Fremdrift starter ikke, for med en forkert nøgle finder "
            f"CPR-søgning ingen, og nye CPR-numre ville blive gemt, så de gamle aldrig kan "
            f"læses sammen med dem."
        )
    return None


@register(Tags.database)
def field_key_fits_the_database(app_configs: Any, **kwargs: Any) -> list[Error]:
    databases = kwargs.get("databases") or ()
    if "default" not in databases:
        return []
    problem = field_key_problem()
    if problem is None:
        return []
    return [
        Error(
            problem,
            hint=(
                "Start med den FIELD_KEY, databasen blev skrevet med: fra den hemmelige "
                "nøgleopbevaring eller fra var/field_key i backuppen (docs/operations.md, "
                "Backups). Lav aldrig en ny nøgle til en database med CPR-numre."
            ),
            id="fremdrift.E003",
        )
    ]
