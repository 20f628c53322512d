"""Writes to a company's contact persons and capacity: the company consultant's register.

Like the company itself these are no citizen's data, so they make no audit entry; they are
logged by id and field names only, since a contact person's details are personal data.
"""

from __future__ import annotations

import dataclasses
import logging

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.companies.models import Company, CompanyCapacity, ContactPerson
from fremdrift.companies.numbers import normalise_phone
from fremdrift.core.versioning import claim_version

logger = logging.getLogger(__name__)
PLACES_MAX = 999


@dataclasses.dataclass(frozen=True)
class ContactData:
    name: str
    title: str = ""
    phone: str = ""
    email: str = ""
    active: bool = True


CONTACT_FIELDS = tuple(field.name for field in dataclasses.fields(ContactData))


@dataclasses.dataclass(frozen=True)
class CapacityData:
    trade: str
    places: int


CAPACITY_FIELDS = tuple(field.name for field in dataclasses.fields(CapacityData))


def clean_contact(data: ContactData) -> dict[str, object]:
    """The contact's values, normalised, or a Danish ValidationError keyed by field."""
    email = data.email.strip()
    values: dict[str, object] = {
        "name": data.name.strip(),
        "title": data.title.strip(),
        "email": email,
        "active": bool(data.active),
    }
    errors: dict[str, list[str]] = {}
    if not values["name"]:
        errors["name"] = [_("Skriv kontaktpersonens navn.")]
    try:
        values["phone"] = normalise_phone(data.phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("E-mailadressen er ikke gyldig. Skriv fx navn@firma.dk.")]
    if errors:
        raise ValidationError(errors)
    return values


def contact_create(*, actor: User, company: Company, data: ContactData) -> ContactPerson:
    require(actor, Permission.EDIT_PLACEMENT, within=company)
    values = clean_contact(data)
    contact = ContactPerson.objects.create(
        municipality_id=company.municipality_id, company=company, **values
    )
    logger.info("contact %s added to company %s by user %s", contact.pk, company.pk, actor.pk)
    return contact


def contact_update(
    *, actor: User, contact: ContactPerson, data: ContactData, expected_version: int
) -> ContactPerson:
    """Save `data` (deactivating is `active=False`) unless someone saved it since."""
    require(actor, Permission.EDIT_PLACEMENT, within=contact)
    values = clean_contact(data)
    changed = [name for name, value in values.items() if getattr(contact, name) != value]
    if not changed:
        return contact
    for name in changed:
        setattr(contact, name, values[name])
    with transaction.atomic():
        claim_version(contact, expected_version)
        contact.save(update_fields=changed)
    logger.info("contact %s updated (%s) by user %s", contact.pk, ", ".join(changed), actor.pk)
    return contact


def clean_capacity(data: CapacityData) -> dict[str, object]:
    trade = data.trade.strip()
    errors: dict[str, list[str]] = {}
    if not trade:
        errors["trade"] = [_("Skriv faget eller branchen, fx lager eller rengøring.")]
    if not 0 <= data.places <= PLACES_MAX:
        errors["places"] = [_("Antal pladser skal være mellem 0 og %(max)s.") % {"max": PLACES_MAX}]
    if errors:
        raise ValidationError(errors)
    return {"trade": trade, "places": data.places}


def _trade_taken() -> ValidationError:
    return ValidationError(
        {"trade": [_("Faget står allerede på virksomhedens liste. Ret antallet dér.")]}
    )


def capacity_create(*, actor: User, company: Company, data: CapacityData) -> CompanyCapacity:
    require(actor, Permission.EDIT_PLACEMENT, within=company)
    values = clean_capacity(data)
    if company.capacities.filter(trade__iexact=values["trade"]).exists():
        raise _trade_taken()
    try:
        with transaction.atomic():
            capacity = CompanyCapacity.objects.create(
                municipality_id=company.municipality_id, company=company, **values
            )
    except IntegrityError as exc:  # a colleague added the same trade at the same moment
        raise _trade_taken() from exc
    logger.info("capacity %s added to company %s by user %s", capacity.pk, company.pk, actor.pk)
    return capacity


def capacity_update(
    *, actor: User, capacity: CompanyCapacity, data: CapacityData, expected_version: int
) -> CompanyCapacity:
    require(actor, Permission.EDIT_PLACEMENT, within=capacity)
    values = clean_capacity(data)
    others = capacity.company.capacities.exclude(pk=capacity.pk)
    if others.filter(trade__iexact=values["trade"]).exists():
        raise _trade_taken()
    changed = [name for name, value in values.items() if getattr(capacity, name) != value]
    if not changed:
        return capacity
    for name in changed:
        setattr(capacity, name, values[name])
    with transaction.atomic():
        claim_version(capacity, expected_version)
        capacity.save(update_fields=changed)
    logger.info("capacity %s updated by user %s", capacity.pk, actor.pk)
    return capacity
