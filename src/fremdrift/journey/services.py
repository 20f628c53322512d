"""Writes to a citizen's periods: one service per change, shared by forms, the board and imports.

Each validates (end not before start, exclusive kinds never overlap, offers inside the
programme), saves inside a transaction with the citizen's row locked so two writers cannot
create overlapping periods, and writes the audit entry.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.activation.selectors import strategy_max_weeks
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.citizens.models import Citizen
from fremdrift.companies.models import Company
from fremdrift.core.changes import changed, following
from fremdrift.journey.models import BenefitType, Contract, OfferType, Period, ProgrammeExtension
from fremdrift.journey.phase import add_months
from fremdrift.journey.retired_types import refuse_type_not_in_use
from fremdrift.journey.rules import (
    MAX_PROGRAMME_YEARS,
    check_before_move,
    check_inside_programme,
    check_no_overlap,
    check_period_fields,
    check_programme_length,
    fmt,
    is_move,
    offer_length_errors,
)
from fremdrift.journey.selectors import journey_settings
from fremdrift.journey.types import PeriodKind, Visitation


def _lock(citizen: Citizen) -> None:
    # Serialises period writes per citizen, so overlap checks cannot race each other. No key
    # update: a plain FOR UPDATE would also hold up every row that points to the citizen
    # meanwhile (the audit entry of a page view of them), figure step included.
    Citizen.objects.select_for_update(no_key=True).filter(pk=citizen.pk).exists()


def _audit(actor: User, citizen: Citizen, purpose: str, period: Period, **details: object) -> None:
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        purpose=purpose,
        municipality=citizen.municipality,
        citizen=citizen,
        details={"period": period.pk, "kind": period.kind, **details},
    )


def period_start(
    *,
    actor: User,
    citizen: Citizen,
    kind: str,
    start: dt.date,
    code: str = "",
    benefit_type: BenefitType | None = None,
    offer_type: OfferType | None = None,
    planned_end: dt.date | None = None,
    end: dt.date | None = None,
    reason: str = "",
    hours_per_week: Decimal | None = None,
    company: Company | None = None,
    module: str = "",
) -> Period:
    """Record a new period on the citizen (a programme, benefit, visitation, offer ...)."""
    require(actor, Permission.EDIT_JOURNEY, within=citizen)
    refuse_type_not_in_use(citizen.municipality_id, start, offer_type, benefit_type)
    period = Period(
        municipality_id=citizen.municipality_id,
        citizen=citizen,
        kind=kind,
        code="programme" if kind == PeriodKind.PROGRAMME else code,
        benefit_type=benefit_type,
        offer_type=offer_type,
        start=start,
        end=end,
        planned_end=planned_end,
        reason=reason.strip(),
        hours_per_week=hours_per_week,
        company=company,
        module=module.strip(),
        created_by=actor,
    )
    check_period_fields(period)
    _check_strategy_length(period, ("end", "planned_end"))
    check_programme_length(period, journey_settings(citizen.municipality).programme_years)
    with audited_atomic(), following(citizen.pk):
        _lock(citizen)
        others = list(citizen.periods.select_related("offer_type", "benefit_type"))
        check_before_move(period, others)
        check_no_overlap(period, others)
        check_inside_programme(period, others)
        period.save()
        ended = _end_for_move(period, others) if is_move(period) else []
        _audit(
            actor,
            citizen,
            f"Ny periode: {period.label}",
            period,
            start=start.isoformat(),
            **({"ended": ended} if ended else {}),
        )
    return period


def _end_for_move(move: Period, others: list[Period]) -> list[int]:
    """The citizen moved away: what runs here ends the day before (the move day itself for
    what started that day), so nothing of this municipality's row lies after the move and
    its figures stop counting the citizen there. The ids of the periods ended."""
    last_day = move.start - dt.timedelta(days=1)
    ended = []
    for other in others:
        if other.end is not None and other.end < move.start:
            continue
        other.end = max(other.start, last_day)
        other.save(update_fields=["end"])
        ended.append(other.pk)
    return ended


def period_end(*, actor: User, period: Period, end: dt.date, reason: str = "") -> Period:
    """Close an open period (or move its end), keeping every rule."""
    citizen = period.citizen
    require(actor, Permission.EDIT_JOURNEY, within=citizen)
    if end < period.start:
        raise ValidationError(
            {
                "end": _("Slutdatoen kan ikke ligge før starten (%(start)s).")
                % {"start": fmt(period.start)}
            }
        )
    with audited_atomic(), following(citizen.pk):
        _lock(citizen)
        if is_move(period) and Citizen.objects.filter(taken_over_from=citizen).exists():
            raise ValidationError(
                {"end": _("Sagen er overtaget af den kommune, borgeren flyttede til.")}
            )
        period.end = end
        if reason.strip():
            period.reason = f"{period.reason}\n{reason.strip()}".strip()
        # Only the new end: an offer planned longer before the limit was set may still end.
        if period.kind == PeriodKind.OFFER and period.offer_type is not None:
            if errors := offer_length_errors(period, period.offer_type, ("end",)):
                raise ValidationError(errors)
            _check_strategy_length(period, ("end",))
        others = list(
            citizen.periods.exclude(pk=period.pk).select_related("offer_type", "benefit_type")
        )
        check_no_overlap(period, others)
        check_inside_programme(period, others)
        if period.kind == PeriodKind.PROGRAMME:
            _check_offers_end_with_programme(period, others)
        period.save(update_fields=["end", "reason"])
        _audit(actor, citizen, f"Periode afsluttet: {period.label}", period, end=end.isoformat())
    return period


def _check_strategy_length(period: Period, fields: tuple[str, ...]) -> None:
    """The municipality's own longest duration for the offer type (activation strategy),
    when it has set one shorter than the type's."""
    if period.kind != PeriodKind.OFFER or period.offer_type is None:
        return
    weeks = strategy_max_weeks(period.municipality_id, period.offer_type.pk)
    if weeks is None:
        return
    errors = offer_length_errors(period, period.offer_type, fields, strategy_weeks=weeks)
    if errors:
        raise ValidationError(errors)


def _check_offers_end_with_programme(programme: Period, others: list[Period]) -> None:
    outside = [
        p
        for p in others
        if p.kind == PeriodKind.OFFER
        and p.start <= (programme.end or p.start)
        and (p.effective_end is None or p.effective_end > programme.end)
    ]
    if outside:
        names = ", ".join(f"{p.label} ({fmt(p.start)}–)" for p in outside)
        raise ValidationError(
            {
                "end": _("Afslut først de tilbud, der fortsætter efter programmet: %(names)s.")
                % {"names": names}
            }
        )


def _switch(
    *,
    actor: User,
    citizen: Citizen,
    kind: str,
    on: dt.date,
    reason: str,
    is_same: object,
    field: str = "code",
    **fields: object,
) -> Period:
    """End the current period of an exclusive kind the day before `on`, start the new one."""
    require(actor, Permission.EDIT_JOURNEY, within=citizen)
    with audited_atomic(), following(citizen.pk):
        _lock(citizen)
        current = citizen.periods.filter(kind=kind, start__lte=on).exclude(end__lt=on).first()
        if current is not None and is_same(current):
            raise ValidationError(
                {
                    field: _("%(label)s er allerede registreret fra %(start)s.")
                    % {"label": current.label, "start": fmt(current.start)}
                }
            )
        if current is not None:
            if current.start == on:
                raise ValidationError(
                    {
                        "start": _("%(label)s startede samme dag. Ret den periode i stedet.")
                        % {"label": current.label}
                    }
                )
            period_end(actor=actor, period=current, end=on - dt.timedelta(days=1), reason=reason)
        return period_start(
            actor=actor, citizen=citizen, kind=kind, start=on, reason=reason, **fields
        )


def citizen_visit(
    *, actor: User, citizen: Citizen, category: str, on: dt.date, reason: str
) -> Period:
    """Visit or revisit the citizen: job-ready or activity-ready from `on`, with the reason."""
    if category not in Visitation.values:
        raise ValidationError({"code": _("Vælg jobparat eller aktivitetsparat.")})
    return _switch(
        actor=actor,
        citizen=citizen,
        kind=PeriodKind.VISITATION,
        on=on,
        reason=reason,
        code=category,
        is_same=lambda p: p.code == category,
    )


def benefit_change(
    *, actor: User, citizen: Citizen, benefit_type: BenefitType, on: dt.date, reason: str = ""
) -> Period:
    return _switch(
        actor=actor,
        citizen=citizen,
        kind=PeriodKind.BENEFIT,
        on=on,
        reason=reason,
        benefit_type=benefit_type,
        is_same=lambda p: p.benefit_type_id == benefit_type.pk,
        field="benefit_type",
    )


def programme_extend(
    *, actor: User, programme: Period, new_planned_end: dt.date, reason: str
) -> ProgrammeExtension:
    """Extend the programme's planned end, with the reason the law asks for."""
    citizen = programme.citizen
    require(actor, Permission.EDIT_JOURNEY, within=citizen)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Skriv begrundelsen for forlængelsen.")
    limit = add_months(programme.start, 12 * MAX_PROGRAMME_YEARS) - dt.timedelta(days=1)
    if programme.planned_end and new_planned_end <= programme.planned_end:
        errors["new_planned_end"] = _("Den nye slutdato skal ligge efter %(end)s.") % {
            "end": fmt(programme.planned_end)
        }
    elif new_planned_end > limit:
        errors["new_planned_end"] = _("Programmet kan højst vare fem år, til %(limit)s.") % {
            "limit": fmt(limit)
        }
    if errors:
        raise ValidationError(errors)
    with audited_atomic():
        _lock(citizen)
        extension = ProgrammeExtension.objects.create(
            period=programme,
            previous_planned_end=programme.planned_end,
            new_planned_end=new_planned_end,
            reason=reason.strip(),
            decided_by=actor,
        )
        programme.planned_end = new_planned_end
        programme.save(update_fields=["planned_end"])
        _audit(
            actor,
            citizen,
            "Integrationsprogrammet forlænget",
            programme,
            new_planned_end=new_planned_end.isoformat(),
        )
        changed(citizen.pk)  # "programmet udløber" moves with the planned end
    return extension


def contract_record(
    *, actor: User, citizen: Citizen, signed_on: dt.date, declaration_signed: bool = True
) -> Contract:
    require(actor, Permission.EDIT_JOURNEY, within=citizen)
    if signed_on < citizen.takeover_date:
        raise ValidationError(
            {"signed_on": _("Kontrakten kan ikke være underskrevet før overtagelsesdatoen.")}
        )
    with audited_atomic():
        contract = Contract.objects.create(
            municipality_id=citizen.municipality_id,
            citizen=citizen,
            signed_on=signed_on,
            declaration_signed=declaration_signed,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            purpose="Kontrakt registreret",
            municipality=citizen.municipality,
            citizen=citizen,
            details={"contract": contract.pk},
        )
        changed(citizen.pk)
    return contract


def absence_start(
    *, actor: User, citizen: Citizen, code: str, on: dt.date, reason: str = ""
) -> Period:
    """Sick, maternity or other absence from `on`; a running absence of another kind ends."""
    return _switch(
        actor=actor,
        citizen=citizen,
        kind=PeriodKind.ABSENCE,
        on=on,
        reason=reason,
        code=code,
        is_same=lambda p: p.code == code,
    )
