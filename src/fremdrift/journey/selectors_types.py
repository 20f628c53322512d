"""The municipality's changes to its offer and benefit types, read back from the audit log."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.journey.types import OfferCategory

# The audit entries' keys as the page names them (the entries keep the stored codes).
LABELS = {
    "offer_type": gettext_lazy("Kode"),
    "benefit_type": gettext_lazy("Kode"),
    "name": gettext_lazy("Navn"),
    "category": gettext_lazy("Gruppe"),
    "company_oriented": gettext_lazy("Virksomhedsrettet"),
    "needs_company": gettext_lazy("Foregår i en virksomhed"),
    "max_weeks": gettext_lazy("Højst (uger)"),
    "integration_benefit": gettext_lazy("Tæller som integrationsydelse"),
    "retired_on": gettext_lazy("Udgår fra"),
    "was_retired_on": gettext_lazy("Var udgået fra"),
}

# The audit purposes of the types' settings (the services write them in Danish), as the
# page's language names them.
WHAT = {
    "Tilbudstype oprettet": gettext_lazy("Tilbudstype oprettet"),
    "Tilbudstype ændret": gettext_lazy("Tilbudstype ændret"),
    "Ydelsestype oprettet": gettext_lazy("Ydelsestype oprettet"),
    "Ydelsestype ændret": gettext_lazy("Ydelsestype ændret"),
    "Type udgået": gettext_lazy("Type udgået"),
    "Type genaktiveret": gettext_lazy("Type genaktiveret"),
}


@dataclasses.dataclass(frozen=True)
class TypeChange:
    at: dt.datetime
    who: str
    what: str
    details: list[tuple[str, str]]  # (label, value) in the page's language


def _value(key: str, value: object) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if key == "category" and value in OfferCategory.values:
        return str(OfferCategory(value).label)
    if key.endswith("retired_on") and isinstance(value, str):
        try:
            return date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return str(value)


def _label(key: str) -> str:
    return str(LABELS.get(key, key))


def readable(details: dict[str, object]) -> list[tuple[str, str]]:
    """An entry's details as the page shows them: a change as "before → after" per field."""
    before, after = details.get("before"), details.get("after")
    rows = [(_label(k), _value(k, v)) for k, v in details.items() if k not in ("before", "after")]
    if isinstance(before, dict) and isinstance(after, dict):
        rows += [
            (_label(k), f"{_value(k, before.get(k))} → {_value(k, after.get(k))}") for k in after
        ]
    return rows


def type_change_log(actor: User, limit: int = 50) -> list[TypeChange]:
    """The municipality's changes to its offer and benefit types, newest first, read from
    the audit log (the log is the record; nothing else keeps them)."""
    municipality_id = require(actor, Permission.MANAGE_USERS)
    entries = AuditEntry.objects.filter(
        municipality_id=municipality_id,
        action=Action.SETTINGS,
        purpose__in=list(WHAT),
    ).order_by("-seq")[:limit]
    return [
        TypeChange(
            at=e.at,
            who=e.actor_username,
            what=str(WHAT.get(e.purpose, e.purpose)),
            details=readable(e.details),
        )
        for e in entries
    ]
