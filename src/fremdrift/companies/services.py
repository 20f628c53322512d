"""Writes to the municipality's company register.

A company is no citizen's data, so its writes make no audit entry (the audit log is kept per
citizen); they are logged instead, by id and field names only: the contact person is
personal data and stays out of the log.
"""

from __future__ import annotations

import dataclasses
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Role
from fremdrift.companies.access import COMPANY_PERMISSION
from fremdrift.companies.cvr import normalise_cvr
from fremdrift.companies.models import Company
from fremdrift.companies.numbers import normalise_p_number
from fremdrift.core.versioning import claim_version

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class CompanyData:
    """Everything a person enters about a company."""

    cvr: str
    name: str
    industry: str = ""
    address: str = ""
    p_number: str = ""
    # The responsible consultant; on create, a consultant who names nobody becomes it.
    consultant: User | None = None


EDITABLE_FIELDS = tuple(field.name for field in dataclasses.fields(CompanyData))
_TEXT_FIELDS = tuple(name for name in EDITABLE_FIELDS if name != "consultant")


class CvrTaken(Exception):
    """The CVR number is registered in the municipality already, as `existing`.

    Companies are kept per municipality, so another municipality's record never collides
    and nothing about it can leak through this exception.
    """

    def __init__(self, existing: Company) -> None:
        super().__init__("CVR number already registered in the municipality")
        self.existing = existing


def _clean(actor: User, data: CompanyData) -> dict[str, object]:
    values: dict[str, object] = {name: (getattr(data, name) or "").strip() for name in _TEXT_FIELDS}
    errors: dict[str, list[str]] = {}
    for name, normalise in (("cvr", normalise_cvr), ("p_number", normalise_p_number)):
        try:
            values[name] = normalise(str(values[name]))
        except ValidationError as exc:
            errors[name] = exc.messages
    if not values["name"]:
        errors["name"] = [_("Skriv virksomhedens navn.")]
    consultant = data.consultant
    if consultant is not None and not (
        consultant.municipality_id == actor.municipality_id and consultant.role == Role.CONSULTANT
    ):
        errors["consultant"] = [_("Vælg en virksomhedskonsulent fra jeres kommune.")]
    if errors:
        raise ValidationError(errors)
    values["consultant"] = consultant
    return values


def _same_cvr(actor: User, cvr: str, exclude_pk: int | None = None) -> Company | None:
    others = Company.objects.filter(municipality_id=actor.municipality_id, cvr=cvr)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.only("id", "name", "cvr").first()


def company_create(*, actor: User, data: CompanyData) -> Company:
    require(actor, COMPANY_PERMISSION)
    values = _clean(actor, data)
    if values["consultant"] is None and actor.role == Role.CONSULTANT:
        values["consultant"] = actor
    if existing := _same_cvr(actor, str(values["cvr"])):
        raise CvrTaken(existing)
    try:
        with transaction.atomic():
            company = Company.objects.create(municipality_id=actor.municipality_id, **values)
    except IntegrityError as exc:
        # Lost a race with a colleague registering the same company at the same moment.
        existing = _same_cvr(actor, str(values["cvr"]))
        if existing is None:
            raise
        raise CvrTaken(existing) from exc
    logger.info(
        "company %s created in municipality %s by user %s",
        company.pk,
        company.municipality_id,
        actor.pk,
    )
    return company


def company_update(
    *, actor: User, company: Company, data: CompanyData, expected_version: int
) -> Company:
    """Save `data` if nobody saved the company since `expected_version`; else EditConflict."""
    require(actor, COMPANY_PERMISSION, within=company)
    values = _clean(actor, data)
    if existing := _same_cvr(actor, str(values["cvr"]), exclude_pk=company.pk):
        raise CvrTaken(existing)
    changed = [name for name, value in values.items() if getattr(company, name) != value]
    if not changed:
        return company
    for name in changed:
        setattr(company, name, values[name])
    try:
        with transaction.atomic():
            claim_version(company, expected_version)
            company.save(update_fields=changed)
    except IntegrityError as exc:
        existing = _same_cvr(actor, str(values["cvr"]), exclude_pk=company.pk)
        if existing is None:
            raise
        raise CvrTaken(existing) from exc
    logger.info("company %s updated (%s) by user %s", company.pk, ", ".join(changed), actor.pk)
    return company
