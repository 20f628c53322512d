"""Writes to a placement: its mentor, its consultant and the agreed tasks.

A placement is part of the citizen's case, so each save is audited (`Action.UPDATE`, the
period in the details) inside `audited_atomic()`.
"""

from __future__ import annotations

import dataclasses

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission, Role
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.companies.models import ContactPerson, Placement
from fremdrift.core import clock
from fremdrift.core.versioning import claim_version
from fremdrift.journey.models import Period
from fremdrift.journey.types import PeriodKind

TASKS_MAX_LENGTH = 4000


@dataclasses.dataclass(frozen=True)
class PlacementData:
    contact_person: ContactPerson | None = None
    consultant: User | None = None
    tasks: str = ""


PLACEMENT_FIELDS = tuple(field.name for field in dataclasses.fields(PlacementData))


class NotAPlacement(Exception):
    """The period is no offer at a company, so it has no placement."""


def is_placement(period: Period) -> bool:
    return period.kind == PeriodKind.OFFER and period.company_id is not None


def _clean(period: Period, data: PlacementData) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    contact = data.contact_person
    if contact is not None and contact.company_id != period.company_id:
        errors["contact_person"] = [_("Vælg en kontaktperson fra virksomheden.")]
    consultant = data.consultant
    if consultant is not None and not (
        consultant.municipality_id == period.municipality_id
        and consultant.role in (Role.CONSULTANT, Role.MANAGER)
    ):
        errors["consultant"] = [_("Vælg en virksomhedskonsulent fra jeres kommune.")]
    tasks = data.tasks.replace("\r\n", "\n").strip()
    if len(tasks) > TASKS_MAX_LENGTH:
        errors["tasks"] = [_("Skriv højst %(max)s tegn om opgaverne.") % {"max": TASKS_MAX_LENGTH}]
    if errors:
        raise ValidationError(errors)
    return {"contact_person": contact, "consultant": consultant, "tasks": tasks}


def placement_save(
    *, actor: User, period: Period, data: PlacementData, expected_version: int
) -> Placement:
    """Save the placement's own fields unless someone saved them since `expected_version`
    (EditConflict). The first save creates the row: a page read writes nothing."""
    require(actor, Permission.EDIT_PLACEMENT, within=period)
    if not is_placement(period):
        raise NotAPlacement(period.pk)
    values = _clean(period, data)
    with audited_atomic():
        # Version 1 is also what the page offers before any row exists, so two first saves
        # from the same loaded page conflict like any two saves.
        placement, _created = Placement.objects.get_or_create(
            period=period, defaults={"municipality_id": period.municipality_id}
        )
        claim_version(placement, expected_version)
        changed = [name for name, value in values.items() if getattr(placement, name) != value]
        for name, value in values.items():
            setattr(placement, name, value)
        placement.updated_at = clock.now()
        placement.save(update_fields=[*values, "updated_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            purpose="Praktikforløbets kontaktperson, konsulent og opgaver",
            municipality=period.municipality,
            citizen=period.citizen,
            details={"period": period.pk, "fields": changed},
        )
    return placement
