"""A municipality's own benefit types, added and changed by its administrator.

Whether a benefit counts as integration benefit decides who is in objectives M2 and M3
(results/compute.py reads the flag at each full rebuild), so it shows in the figures from
the next rebuild. The rules are those of every own type (journey.own_types).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fremdrift.accounts.models import Municipality, User
from fremdrift.journey.models import BenefitType
from fremdrift.journey.own_types import (
    TypeKind,
    create_own_type,
    own_type,
    types_for,
    update_own_type,
)

EDITABLE = ("name", "integration_benefit")
BENEFIT_TYPES = TypeKind(BenefitType, EDITABLE, "benefit_type", "ydelse", "Ydelsestype")


def benefit_types_for(municipality: Municipality | int | None) -> QuerySet[BenefitType]:
    """The types a municipality may use: the product's and its own."""
    return types_for(BENEFIT_TYPES, municipality)


def own_benefit_type(user: User, pk: int) -> BenefitType | None:
    found: BenefitType | None = own_type(BENEFIT_TYPES, user, pk)
    return found


def create_benefit_type(actor: User, data: dict[str, Any]) -> BenefitType:
    created: BenefitType = create_own_type(BENEFIT_TYPES, actor, data)
    return created


def update_benefit_type(
    actor: User, benefit_type: BenefitType, data: dict[str, Any], *, expected_version: int
) -> BenefitType:
    updated: BenefitType = update_own_type(
        BENEFIT_TYPES, actor, benefit_type, data, expected_version=expected_version
    )
    return updated
