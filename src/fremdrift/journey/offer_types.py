"""A municipality's own offer types: read and added or changed by its administrator.

A municipality adds the offers it runs beyond the product's (job rotation, training
placement ...) without code. Whether a type is company-oriented moves objective M3.
The rules are those of every own type (journey.own_types).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from fremdrift.accounts.models import Municipality, User
from fremdrift.journey.models import OfferType
from fremdrift.journey.own_types import (
    TypeKind,
    create_own_type,
    own_type,
    types_for,
    update_own_type,
)

EDITABLE = ("name", "category", "company_oriented", "needs_company", "max_weeks")
OFFER_TYPES = TypeKind(OfferType, EDITABLE, "offer_type", "tilbud", "Tilbudstype")


def offer_types_for(municipality: Municipality | int | None) -> QuerySet[OfferType]:
    """The types a municipality may use: the product's and its own."""
    return types_for(OFFER_TYPES, municipality)


def own_offer_type(user: User, pk: int) -> OfferType | None:
    found: OfferType | None = own_type(OFFER_TYPES, user, pk)
    return found


def create_offer_type(actor: User, data: dict[str, Any]) -> OfferType:
    created: OfferType = create_own_type(OFFER_TYPES, actor, data)
    return created


def update_offer_type(
    actor: User, offer_type: OfferType, data: dict[str, Any], *, expected_version: int
) -> OfferType:
    updated: OfferType = update_own_type(
        OFFER_TYPES, actor, offer_type, data, expected_version=expected_version
    )
    return updated
