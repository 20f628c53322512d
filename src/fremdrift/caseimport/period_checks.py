"""One citizen's periods from the file, checked by journey.rules with those already saved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fremdrift.caseimport.context import Context
from fremdrift.caseimport.formats import PERIOD_FIELDS, PERIOD_FILE, RULE_COLUMNS, show
from fremdrift.citizens.models import Citizen
from fremdrift.companies.models import Company
from fremdrift.journey.models import BenefitType, OfferType, Period
from fremdrift.journey.rules import (
    check_inside_programme,
    check_no_overlap,
    check_period_fields,
    describe,
)
from fremdrift.journey.types import PeriodKind


@dataclass
class PeriodRow:
    row: int
    external_id: str
    citizen_id: str  # the file's borger_id
    ok: bool
    kind: str = ""
    code: str = ""
    benefit_type: BenefitType | None = None
    offer_type: OfferType | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    planned_end: dt.date | None = None
    hours_per_week: Decimal | None = None
    cvr: str = ""
    module: str = ""
    reason: str = ""


@dataclass
class Fresh:
    """A file row as the period it becomes, checked against the citizen's other periods."""

    source: PeriodRow
    period: Period
    original: Period | None
    changed: list[str]


# (period id, citizen id, citizen's external id) by the period's external id.
Owners = dict[str, tuple[int, int, str]]


def check_group(
    ctx: Context,
    citizen: Citizen,
    group: list[PeriodRow],
    saved: list[Period],
    owners: Owners,
    companies: dict[str, Company],
) -> list[Fresh]:
    """The group's rows as periods, each checked by journey.rules like a typed-in period."""
    by_pk = {p.pk: p for p in saved}
    fresh: list[Fresh] = []
    overridden: set[int] = set()
    for r in group:
        if r.external_id in owners:
            # The file replaces the saved version, even when this row fails: checked against
            # its old values, the other rows would get errors the file does not have.
            overridden.add(owners[r.external_id][0])
        if not r.ok:
            continue
        found = _fresh(ctx, citizen, r, owners, by_pk, companies)
        if found is not None:
            fresh.append(found)
    kept = [p for p in saved if p.pk not in overridden]
    every = kept + [f.period for f in fresh]
    _check_against_others(ctx, fresh, kept, every)
    _check_saved_offers(ctx, fresh, kept, every)
    return fresh


def _fresh(
    ctx: Context,
    citizen: Citizen,
    r: PeriodRow,
    owners: Owners,
    by_pk: dict[int, Period],
    companies: dict[str, Company],
) -> Fresh | None:
    """The row as a period with its own fields checked, or None after adding its errors."""
    errors = ctx.errors
    company = companies.get(r.cvr) if r.cvr else None
    if r.cvr and company is None:
        errors.add_at(
            PERIOD_FILE,
            _(
                "Der er ingen virksomhed med CVR-nummer %(cvr)s i kommunens "
                "virksomhedsregister. Opret den under Virksomheder først."
            )
            % {"cvr": r.cvr},
            r.row,
            "cvr",
        )
        return None
    original = None
    if r.external_id in owners:
        pk, owner_pk, owner_ext = owners[r.external_id]
        if owner_pk != citizen.pk:
            errors.add_at(
                PERIOD_FILE,
                _(
                    "periode_id '%(id)s' hører til borger_id '%(other)s'. En periode "
                    "kan ikke flyttes til en anden borger."
                )
                % {"id": show(r.external_id), "other": show(owner_ext)},
                r.row,
                "periode_id",
            )
            return None
        original = by_pk[pk]
    period = _period(ctx, citizen, r, original, company)
    try:
        check_period_fields(period)
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.add_at(PERIOD_FILE, " ".join(messages), r.row, RULE_COLUMNS.get(key, "art"))
        return None
    changed = (
        [n for n in PERIOD_FIELDS if getattr(period, n) != getattr(original, n)] if original else []
    )
    return Fresh(r, period, original, [n.removesuffix("_id") for n in changed])


def _period(
    ctx: Context,
    citizen: Citizen,
    r: PeriodRow,
    original: Period | None,
    company: Company | None,
) -> Period:
    period = Period(
        # New periods get a stand-in id (negative, unique in the file), because the
        # rules tell periods apart by id; it is cleared before saving.
        pk=original.pk if original else -r.row,
        municipality_id=citizen.municipality_id,
        citizen_id=citizen.pk,
        kind=r.kind,
        code=r.code,
        benefit_type_id=r.benefit_type.pk if r.benefit_type else None,
        offer_type_id=r.offer_type.pk if r.offer_type else None,
        start=r.start,
        end=r.end,
        planned_end=r.planned_end,
        reason=r.reason,
        hours_per_week=r.hours_per_week,
        company_id=company.pk if company else None,
        module=r.module,
        external_id=r.external_id,
        created_by_id=original.created_by_id if original else ctx.actor.pk,
    )
    # The rules read the types and the company; ids alone would cost a query each.
    for name, related in (
        ("benefit_type", r.benefit_type),
        ("offer_type", r.offer_type),
        ("company", company),
    ):
        if related is not None:
            setattr(period, name, related)
    return period


def _check_against_others(
    ctx: Context, fresh: list[Fresh], kept: list[Period], every: list[Period]
) -> None:
    for index, f in enumerate(fresh):
        # Each pair once: against what is saved and against the file's earlier rows.
        earlier = {id(g.period): g.source.row for g in fresh[:index]}
        for other in kept + [g.period for g in fresh[:index]]:
            try:
                check_no_overlap(f.period, [other])
            except ValidationError as error:
                where = (
                    _("række %(row)s") % {"row": earlier[id(other)]}
                    if id(other) in earlier
                    else _("allerede i Fremdrift")
                )
                name = describe(other)
                message = " ".join(error.messages).replace(name, f"{name} ({where})", 1)
                ctx.errors.add_at(PERIOD_FILE, message, f.source.row, "start")
        try:
            check_inside_programme(f.period, [p for p in every if p is not f.period])
        except ValidationError as error:
            ctx.errors.add_at(PERIOD_FILE, " ".join(error.messages), f.source.row, "start")


def _check_saved_offers(
    ctx: Context, fresh: list[Fresh], kept: list[Period], every: list[Period]
) -> None:
    """A changed programme must still hold the offers already saved for the citizen."""
    programme_rows = [f.source.row for f in fresh if f.period.kind == PeriodKind.PROGRAMME]
    if not programme_rows:
        return
    for offer in (p for p in kept if p.kind == PeriodKind.OFFER):
        try:
            check_inside_programme(offer, [p for p in every if p is not offer])
        except ValidationError as error:
            ctx.errors.add_at(
                PERIOD_FILE,
                _("%(offer)s (allerede i Fremdrift): %(message)s")
                % {"offer": describe(offer), "message": " ".join(error.messages)},
                programme_rows[0],
                "slut",
            )
