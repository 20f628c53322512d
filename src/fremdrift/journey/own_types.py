"""A municipality's own offer and benefit types: the rules both kinds share.

The product's types (no municipality) are everyone's and fixed here; a municipality adds
its own and changes them without code. Both kinds move key figures (company-oriented
offers move M3, integration benefit who is in M2 and M3), so every change is audited with
what it was, under a purpose the types' change log reads back (journey.retired_types).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.text import slugify

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.core.versioning import claim_version
from fremdrift.journey.models import BenefitType, OfferType

TypeRow = OfferType | BenefitType


@dataclass(frozen=True)
class TypeKind:
    model: type[OfferType] | type[BenefitType]
    editable: tuple[str, ...]  # what an administrator sets; the code is made from the name
    key: str  # the type's code in the audit entry's details
    code_fallback: str  # a code's start when the name gives no letters
    label: str  # in the audit purposes, e.g. "Tilbudstype oprettet"


def types_for(kind: TypeKind, municipality: Municipality | int | None) -> QuerySet[Any]:
    """The types a municipality may use: the product's and its own."""
    municipality_id = getattr(municipality, "pk", municipality)
    return kind.model.objects.filter(
        Q(municipality__isnull=True) | Q(municipality_id=municipality_id)
    ).order_by("order", "name")


def own_type(kind: TypeKind, user: User, pk: int) -> Any | None:
    """One of the user's municipality's own types, or None (the product's are not theirs)."""
    if user.municipality_id is None:
        return None
    return kind.model.objects.filter(pk=pk, municipality_id=user.municipality_id).first()


def usable_type(user: User, pk: int, model: type[Any]) -> Any | None:
    """A product type or one of the user's municipality's own (offer or benefit), or None."""
    if user.municipality_id is None:
        return None
    return (
        model.objects.filter(pk=pk)
        .filter(Q(municipality__isnull=True) | Q(municipality_id=user.municipality_id))
        .first()
    )


# slugify drops the Danish letters; the import's users write them the Danish way in ASCII.
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def _free_code(kind: TypeKind, name: str, municipality: Municipality) -> str:
    slug = slugify(name.translate(_DANISH)).replace("-", "_")[:20]
    base = (slug or kind.code_fallback) + f"_{municipality.code}"
    code, n = base, 1
    while kind.model.objects.filter(code=code).exists():
        n += 1
        code = f"{base}_{n}"
    return code


def create_own_type(kind: TypeKind, actor: User, data: dict[str, Any]) -> Any:
    municipality_id = require(actor, Permission.MANAGE_USERS)
    municipality = Municipality.objects.get(pk=municipality_id)
    values = {field: data[field] for field in kind.editable}
    with audited_atomic():
        row = kind.model.objects.create(
            municipality=municipality,
            code=_free_code(kind, values["name"], municipality),
            order=1000,  # after the product's types
            **values,
        )
        audit_record(
            actor=actor,
            action=Action.SETTINGS,
            purpose=f"{kind.label} oprettet",
            municipality=municipality,
            details={kind.key: row.code, **{k: _plain(v) for k, v in values.items()}},
        )
    return row


def update_own_type(
    kind: TypeKind, actor: User, row: TypeRow, data: dict[str, Any], *, expected_version: int
) -> Any:
    """Change the municipality's own type if it is still the version the editor loaded
    (else EditConflict)."""
    municipality_id = require(actor, Permission.MANAGE_USERS)
    if row.municipality_id != municipality_id:
        # The product's types are everyone's, and another municipality's are not its own.
        raise PermissionDenied(f"{actor.username}: not the municipality's own {kind.key}")
    with audited_atomic():
        # Locked, so the before in the audit entry is what this write replaced.
        current = kind.model.objects.select_for_update().get(pk=row.pk)
        before = {field: getattr(current, field) for field in kind.editable}
        after = {field: data[field] for field in kind.editable}
        changed = sorted(field for field in kind.editable if before[field] != after[field])
        claim_version(current, expected_version, values=after)
        if changed:
            audit_record(
                actor=actor,
                action=Action.SETTINGS,
                purpose=f"{kind.label} ændret",
                municipality=actor.municipality,
                details={
                    kind.key: current.code,
                    "before": {f: _plain(before[f]) for f in changed},
                    "after": {f: _plain(after[f]) for f in changed},
                },
            )
    current.refresh_from_db()
    return current


def _plain(value: Any) -> Any:
    """A value as the audit entry's JSON holds it."""
    return value if value is None or isinstance(value, bool | int | str) else str(value)
