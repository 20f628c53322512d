"""A municipality's own benefit types, added and changed by its administrator.

Whether a benefit counts as integration benefit decides who is in objectives M2 and M3
(results/compute.py reads the flag at each full rebuild), so every change is audited with
what it was and when; it shows in the figures from the next rebuild.
"""

from __future__ import annotations

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
from fremdrift.journey.models import BenefitType

EDITABLE = ("name", "integration_benefit")


def benefit_types_for(municipality: Municipality | int | None) -> QuerySet[BenefitType]:
    """The types a municipality may use: the product's and its own."""
    municipality_id = getattr(municipality, "pk", municipality)
    return BenefitType.objects.filter(
        Q(municipality__isnull=True) | Q(municipality_id=municipality_id)
    ).order_by("order", "name")


def usable_type(user: User, pk: int, model: type[Any]) -> Any | None:
    """A product type or one of the user's municipality's own (offer or benefit), or None."""
    if user.municipality_id is None:
        return None
    return (
        model.objects.filter(pk=pk)
        .filter(Q(municipality__isnull=True) | Q(municipality_id=user.municipality_id))
        .first()
    )


def own_benefit_type(user: User, pk: int) -> BenefitType | None:
    if user.municipality_id is None:
        return None
    return BenefitType.objects.filter(pk=pk, municipality_id=user.municipality_id).first()


def _free_code(name: str, municipality: Municipality) -> str:
    base = (slugify(name).replace("-", "_")[:20] or "ydelse") + f"_{municipality.code}"
    code, n = base, 1
    while BenefitType.objects.filter(code=code).exists():
        n += 1
        code = f"{base}_{n}"
    return code


def create_benefit_type(actor: User, data: dict[str, Any]) -> BenefitType:
    municipality_id = require(actor, Permission.MANAGE_USERS)
    municipality = Municipality.objects.get(pk=municipality_id)
    values = {field: data[field] for field in EDITABLE}
    with audited_atomic():
        benefit_type = BenefitType.objects.create(
            municipality=municipality,
            code=_free_code(values["name"], municipality),
            order=1000,  # after the product's types
            **values,
        )
        audit_record(
            actor=actor,
            action=Action.SETTINGS,
            purpose="Ydelsestype oprettet",
            municipality=municipality,
            details={"benefit_type": benefit_type.code, **values},
        )
    return benefit_type


def update_benefit_type(
    actor: User, benefit_type: BenefitType, data: dict[str, Any], *, expected_version: int
) -> BenefitType:
    """Rename the municipality's own type or set whether it counts as integration benefit,
    if it is still the version the editor loaded (else EditConflict)."""
    municipality_id = require(actor, Permission.MANAGE_USERS)
    if benefit_type.municipality_id != municipality_id:
        # The product's types are everyone's, and another municipality's are not its own.
        raise PermissionDenied(f"{actor.username}: not the municipality's own benefit type")
    with audited_atomic():
        # Locked, so the before in the audit entry is what this write replaced.
        current = BenefitType.objects.select_for_update().get(pk=benefit_type.pk)
        before = {field: getattr(current, field) for field in EDITABLE}
        after = {field: data[field] for field in EDITABLE}
        changed = sorted(field for field in EDITABLE if before[field] != after[field])
        claim_version(current, expected_version, values=after)
        if not changed:
            return current
        audit_record(
            actor=actor,
            action=Action.SETTINGS,
            purpose="Ydelsestype ændret",
            municipality=actor.municipality,
            details={
                "benefit_type": current.code,
                "before": {f: before[f] for f in changed},
                "after": {f: after[f] for f in changed},
            },
        )
    current.refresh_from_db()
    return current
