"""Offer and benefit types retired in one municipality, and the types' change log.

A retired type is no longer offered for a new period there (the offer and benefit forms,
the case import from the retirement date), while every period that has it keeps it and
shows it. The product's types are retired per municipality, never for everyone.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.core import clock
from fremdrift.journey.models import BenefitType, OfferType, RetiredType

TypeRow = OfferType | BenefitType


def _field(kind: TypeRow) -> str:
    return "offer_type" if isinstance(kind, OfferType) else "benefit_type"


def retired_on(municipality_id: int | None, kind: TypeRow) -> dt.date | None:
    """The day the type was retired in the municipality, or None while it is in use."""
    if municipality_id is None:
        return None  # outside a municipality nothing is retired
    row = RetiredType.objects.filter(municipality_id=municipality_id, **{_field(kind): kind})
    return row.values_list("retired_on", flat=True).first()


def retired_ids(municipality_id: int | None, field: str, on: dt.date | None = None) -> set[int]:
    """The ids of the municipality's retired types of one field, retired on `on` or before
    (every retired one when `on` is None)."""
    if municipality_id is None:
        return set()
    rows = RetiredType.objects.filter(
        municipality_id=municipality_id, **{f"{field}__isnull": False}
    )
    if on is not None:
        rows = rows.filter(retired_on__lte=on)
    return set(rows.values_list(f"{field}_id", flat=True))


def retired_by_type(municipality_id: int | None) -> dict[tuple[str, int], dt.date]:
    """Every type the municipality has retired: (field, type id) -> the day (the import)."""
    found: dict[tuple[str, int], dt.date] = {}
    if municipality_id is None:
        return found
    for offer_id, benefit_id, day in RetiredType.objects.filter(
        municipality_id=municipality_id
    ).values_list("offer_type_id", "benefit_type_id", "retired_on"):
        key = ("offer_type", offer_id) if offer_id else ("benefit_type", benefit_id)
        found[key] = day
    return found


def in_use(types: QuerySet, municipality_id: int | None, field: str) -> QuerySet:
    """`types` without those the municipality has retired by today: the new period's choice."""
    return types.exclude(pk__in=retired_ids(municipality_id, field, clock.today()))


def refuse_type_not_in_use(
    municipality_id: int | None,
    start: dt.date,
    offer_type: OfferType | None,
    benefit_type: BenefitType | None,
) -> None:
    """ValidationError when a new period's type is another municipality's own, or retired
    in the municipality on or before the period's start."""
    for field, kind, foreign in (
        ("offer_type", offer_type, _("Tilbudstypen hører til en anden kommune.")),
        ("benefit_type", benefit_type, _("Ydelsestypen hører til en anden kommune.")),
    ):
        if kind is None:
            continue
        if kind.municipality_id not in (None, municipality_id):
            raise ValidationError({field: foreign})
        day = retired_on(municipality_id, kind)
        if day is not None and day <= start:
            message = _(
                "%(name)s er udgået i kommunen fra %(day)s og kan ikke vælges til nye forløb."
            )
            raise ValidationError({field: message % {"name": kind.name, "day": f"{day:%d.%m.%Y}"}})


def _usable_by(actor: User, kind: TypeRow) -> int:
    municipality_id = require(actor, Permission.MANAGE_USERS)
    if kind.municipality_id not in (None, municipality_id):
        # Another municipality's own type: as if it did not exist.
        raise ValidationError(_("Typen findes ikke i kommunen."))
    return municipality_id


def retire_type(actor: User, kind: TypeRow, *, on: dt.date | None = None) -> RetiredType:
    """Retire the type in the actor's municipality from `on` (today by default)."""
    municipality_id = _usable_by(actor, kind)
    day = on or clock.today()
    if retired_on(municipality_id, kind) is not None:
        raise ValidationError(_("Typen er allerede udgået i kommunen."))
    with audited_atomic():
        row = RetiredType.objects.create(
            municipality_id=municipality_id, retired_on=day, **{_field(kind): kind}
        )
        audit_record(
            actor=actor,
            action=Action.SETTINGS,
            purpose="Type udgået",
            municipality=actor.municipality,
            details={_field(kind): kind.code, "name": kind.name, "retired_on": day.isoformat()},
        )
    return row


def reactivate_type(actor: User, kind: TypeRow) -> None:
    """Take the type into use again in the actor's municipality."""
    municipality_id = _usable_by(actor, kind)
    rows = RetiredType.objects.filter(municipality_id=municipality_id, **{_field(kind): kind})
    with audited_atomic():
        day = rows.values_list("retired_on", flat=True).first()
        if day is None:
            raise ValidationError(_("Typen er ikke udgået i kommunen."))
        rows.delete()
        audit_record(
            actor=actor,
            action=Action.SETTINGS,
            purpose="Type genaktiveret",
            municipality=actor.municipality,
            details={_field(kind): kind.code, "name": kind.name, "was_retired_on": day.isoformat()},
        )
