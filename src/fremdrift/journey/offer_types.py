"""A municipality's own offer types: read and added or changed by its administrator.

The product's types (no municipality) are shared and fixed here; a municipality adds the
offers it runs beyond them (job rotation, training placement ...) without code. Whether a
type is company-oriented moves objective M3, so every change is audited with what it was.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.text import slugify

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.journey.models import OfferType

# What an administrator may set on the municipality's own type; the code is made from the name.
EDITABLE = ("name", "category", "company_oriented", "needs_company", "max_weeks")


def offer_types_for(municipality: Municipality | int | None) -> QuerySet[OfferType]:
    """The types a municipality may use: the product's and its own."""
    municipality_id = getattr(municipality, "pk", municipality)
    return OfferType.objects.filter(
        Q(municipality__isnull=True) | Q(municipality_id=municipality_id)
    ).order_by("order", "name")


def own_offer_type(user: User, pk: int) -> OfferType | None:
    """One of the user's municipality's own types, or None (the product's are not theirs)."""
    if user.municipality_id is None:
        return None
    return OfferType.objects.filter(pk=pk, municipality_id=user.municipality_id).first()


def _free_code(name: str, municipality: Municipality) -> str:
    base = (slugify(name).replace("-", "_")[:20] or "tilbud") + f"_{municipality.code}"
    code, n = base, 1
    while OfferType.objects.filter(code=code).exists():
        n += 1
        code = f"{base}_{n}"
    return code


def create_offer_type(actor: User, data: dict[str, Any]) -> OfferType:
    municipality_id = require(actor, Permission.MANAGE_USERS)
    municipality = Municipality.objects.get(pk=municipality_id)
    values = {field: data[field] for field in EDITABLE}
    with audited_atomic():
        offer_type = OfferType.objects.create(
            municipality=municipality,
            code=_free_code(values["name"], municipality),
            order=1000,  # after the product's types
            **values,
        )
        audit_record(
            actor=actor,
            action=Action.SETTINGS,
            purpose="Tilbudstype oprettet",
            municipality=municipality,
            details={"offer_type": offer_type.code, **{k: _plain(v) for k, v in values.items()}},
        )
    return offer_type


def update_offer_type(actor: User, offer_type: OfferType, data: dict[str, Any]) -> OfferType:
    require(actor, Permission.MANAGE_USERS, within=offer_type.municipality_id)
    before = {field: getattr(offer_type, field) for field in EDITABLE}
    after = {field: data[field] for field in EDITABLE}
    changed = {field for field in EDITABLE if before[field] != after[field]}
    if not changed:
        return offer_type
    with audited_atomic():
        OfferType.objects.filter(pk=offer_type.pk).update(**after)
        audit_record(
            actor=actor,
            action=Action.SETTINGS,
            purpose="Tilbudstype ændret",
            municipality=offer_type.municipality,
            details={
                "offer_type": offer_type.code,
                "before": {f: _plain(before[f]) for f in sorted(changed)},
                "after": {f: _plain(after[f]) for f in sorted(changed)},
            },
        )
    offer_type.refresh_from_db()
    return offer_type


def _plain(value: Any) -> Any:
    """A value as the audit entry's JSON holds it."""
    return value if value is None or isinstance(value, bool | int | str) else str(value)
