"""Deployment checks (`fremdrift check --deploy`): what goes wrong only on several machines."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def keys_shared_by_every_machine(app_configs: Any, **kwargs: Any) -> list[Error]:
    """On a server database, SECRET_KEY, FIELD_KEY and AUDIT_KEY must come from the environment.

    A key generated into VAR_DIR is the machine's own: a second web server would make another
    one, so a session from one server would not work on the other, and worse, CPR numbers
    encrypted on one could not be read on the other.
    """
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return []
    return [
        Error(
            f"{name} kommer fra en fil under VAR_DIR, ikke fra miljøet.",
            hint=(
                f"Sæt {name} i miljøet på hver maskine, med samme værdi (docs/operations.md). "
                "En nøgle, som hver maskine laver selv, virker kun på den maskine."
            ),
            id=_IDS[name],
        )
        for name in settings.KEYS_FROM_FILES
    ]


_IDS = {
    "SECRET_KEY": "fremdrift.E001",
    "FIELD_KEY": "fremdrift.E002",
    "AUDIT_KEY": "fremdrift.E004",
}
