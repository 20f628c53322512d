"""Writes for activation: the municipality's strategy, and a citizen's ordinary hours.

The strategy is a setting: its administrator changes it on its page, versioned (core.
versioning) and audited as a settings change with the values before and after. Ordinary
hours are the citizen's data: audited like a period, and followed by the key figures
(average activation hours) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.activation.models import (
    MAX_HOURS,
    ActivationStrategy,
    OfferTypeDuration,
    OrdinaryHours,
)
from fremdrift.activation.selectors import strategy_for
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.citizens.models import Citizen
from fremdrift.companies.models import Company
from fremdrift.core import clock
from fremdrift.core.changes import following
from fremdrift.core.versioning import claim_version
from fremdrift.journey.models import OfferType
from fremdrift.journey.offer_types import offer_types_for

MAX_BREAK_DAYS = 365
MAX_WEEKS = 5 * 52  # the longest any offer type may be set to (journey.OfferType.max_weeks)

# offer type id -> (longest, usual) in weeks; None where the strategy sets nothing
Durations = Mapping[int, tuple[int | None, int | None]]


def max_field(offer_type_id: int) -> str:
    return f"max_{offer_type_id}"


def usual_field(offer_type_id: int) -> str:
    return f"usual_{offer_type_id}"


def duration_errors(offer_types: list[OfferType], durations: Durations) -> dict[str, str]:
    """Each duration against its offer type: at least a week, no longer than the type
    allows, and the usual no longer than the longest. Keyed by the form's field names."""
    errors: dict[str, str] = {}
    for offer_type in offer_types:
        longest, usual = durations.get(offer_type.pk, (None, None))
        limit = offer_type.max_weeks or MAX_WEEKS
        pairs = ((max_field(offer_type.pk), longest), (usual_field(offer_type.pk), usual))
        for field, weeks in pairs:
            if weeks is not None and not 1 <= weeks <= limit:
                errors[field] = _("%(offer)s: vælg mellem 1 og %(limit)s uger.") % {
                    "offer": offer_type.name,
                    "limit": limit,
                }
        if usual_field(offer_type.pk) in errors or max_field(offer_type.pk) in errors:
            continue
        if longest is not None and usual is not None and usual > longest:
            errors[usual_field(offer_type.pk)] = _(
                "%(offer)s: den sædvanlige varighed kan ikke være længere end den længste "
                "(%(weeks)s uger)."
            ) % {"offer": offer_type.name, "weeks": longest}
    return errors


def _check(target_hours: Decimal, max_break_days: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not Decimal(1) <= target_hours <= MAX_HOURS:
        errors["target_hours"] = _("Målet skal være mellem 1 og %(max)s timer om ugen.") % {
            "max": MAX_HOURS
        }
    if not 1 <= max_break_days <= MAX_BREAK_DAYS:
        errors["max_break_days"] = _("Vælg mellem 1 og %(max)s dage.") % {"max": MAX_BREAK_DAYS}
    return errors


def strategy_save(
    *,
    actor: User,
    target_hours: Decimal,
    max_break_days: int,
    durations: Durations,
    expected_version: int,
) -> ActivationStrategy:
    """Set the actor's municipality's strategy, if it is still the version the editor
    loaded (else EditConflict); audited with what it was and what it is now."""
    municipality_id = require(actor, Permission.MANAGE_USERS)
    offer_types = list(offer_types_for(municipality_id))
    errors = _check(target_hours, max_break_days) | duration_errors(offer_types, durations)
    if errors:
        raise ValidationError(errors)
    with audited_atomic():
        strategy = strategy_for(municipality_id)
        before = _summary(strategy)
        claim_version(
            strategy,
            expected_version,
            values={
                "target_hours": target_hours,
                "max_break_days": max_break_days,
                "updated_by": actor,
                "updated_at": clock.now(),
            },
        )
        strategy.durations.all().delete()
        OfferTypeDuration.objects.bulk_create(
            OfferTypeDuration(strategy=strategy, offer_type_id=pk, max_weeks=mx, usual_weeks=us)
            for pk, (mx, us) in sorted(durations.items())
            if mx is not None or us is not None
        )
        audit_record(
            actor=actor,
            action=Action.SETTINGS,
            purpose="Kommunens aktiveringsstrategi ændret",
            municipality=strategy.municipality,
            details={"before": before, "after": _summary(strategy)},
        )
    return strategy


def _summary(strategy: ActivationStrategy) -> dict[str, object]:
    return {
        "target_hours": str(strategy.target_hours),
        "max_break_days": strategy.max_break_days,
        "durations": {
            str(d.offer_type_id): [d.max_weeks, d.usual_weeks]
            for d in strategy.durations.order_by("offer_type_id")
        },
    }


def _lock(citizen: Citizen) -> None:
    # As journey.services: no key update, so a page view's audit entry is not held up.
    Citizen.objects.select_for_update(no_key=True).filter(pk=citizen.pk).exists()


def _hours_errors(
    citizen: Citizen, start: dt.date, end: dt.date | None, hours: Decimal | None, company: object
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if hours is None or not Decimal(0) < hours <= MAX_HOURS:
        errors["hours_per_week"] = _("Timer pr. uge skal være mellem 0 og %(max)s.") % {
            "max": MAX_HOURS
        }
    if end is not None and end < start:
        errors["end"] = _("Slutdatoen kan ikke ligge før startdatoen.")
    if isinstance(company, Company) and company.municipality_id != citizen.municipality_id:
        errors["company"] = _("Vælg en virksomhed fra kommunens eget register.")
    return errors


def ordinary_hours_start(
    *,
    actor: User,
    citizen: Citizen,
    start: dt.date,
    hours_per_week: Decimal | None,
    end: dt.date | None = None,
    company: Company | None = None,
) -> OrdinaryHours:
    """Record ordinary paid hours beside the citizen's offers, from `start`."""
    require(actor, Permission.EDIT_JOURNEY, within=citizen)
    errors = _hours_errors(citizen, start, end, hours_per_week, company)
    if errors or hours_per_week is None:
        raise ValidationError(errors)
    with audited_atomic(), following(citizen.pk):
        _lock(citizen)
        row = OrdinaryHours.objects.create(
            municipality_id=citizen.municipality_id,
            citizen=citizen,
            start=start,
            end=end,
            hours_per_week=hours_per_week,
            company=company,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            purpose="Ordinære timer registreret",
            municipality=citizen.municipality,
            citizen=citizen,
            details={"ordinary_hours": row.pk, "start": start.isoformat()},
        )
    return row


def ordinary_hours_end(*, actor: User, row: OrdinaryHours, end: dt.date) -> OrdinaryHours:
    """End (or move the end of) a stretch of ordinary hours."""
    citizen = row.citizen
    require(actor, Permission.EDIT_JOURNEY, within=citizen)
    if end < row.start:
        raise ValidationError({"end": _("Slutdatoen kan ikke ligge før startdatoen.")})
    with audited_atomic(), following(citizen.pk):
        _lock(citizen)
        row.end = end
        row.save(update_fields=["end"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            purpose="Ordinære timer afsluttet",
            municipality=citizen.municipality,
            citizen=citizen,
            details={"ordinary_hours": row.pk, "end": end.isoformat()},
        )
    return row
