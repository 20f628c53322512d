"""The rules a period must keep. Plain functions over periods, so tests call them directly.

Every error is a Danish message keyed by the form field, naming the conflicting period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fremdrift.journey.models import OfferType, Period
from fremdrift.journey.phase import add_months
from fremdrift.journey.types import EXCLUSIVE_KINDS, Absence, Outcome, PeriodKind, Visitation

FAR_FUTURE = dt.date.max


def fmt(day: dt.date | None) -> str:
    """A period's date in an error: the short named format, so English reads 01/02/2026."""
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


def describe(period: Period) -> str:
    """'Jobparat 01.02.2026–15.05.2026': how errors name a period."""
    return f"{period.label} {fmt(period.start)}–{fmt(period.end)}"


def overlaps(
    a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None
) -> bool:
    return a_start <= (b_end or FAR_FUTURE) and b_start <= (a_end or FAR_FUTURE)


_CODES = {
    PeriodKind.VISITATION: Visitation.values,
    PeriodKind.OUTCOME: Outcome.values,
    PeriodKind.ABSENCE: Absence.values,
    PeriodKind.PROGRAMME: ["programme"],
}


def check_period_fields(period: Period) -> None:
    """What one period must hold on its own, whatever else the citizen has."""
    errors: dict[str, str] = {}
    if period.end and period.end < period.start:
        errors["end"] = _("Slutdatoen kan ikke ligge før startdatoen.")
    if period.planned_end and period.planned_end < period.start:
        errors["planned_end"] = _("Den planlagte slutdato kan ikke ligge før startdatoen.")
    kind = period.kind
    if kind in _CODES and period.code not in _CODES[kind]:
        errors["code"] = _("Vælg en type.")
    if kind == PeriodKind.BENEFIT and period.benefit_type_id is None:
        errors["benefit_type"] = _("Vælg ydelsen.")
    if kind == PeriodKind.OFFER:
        _check_offer(period, errors)
    if kind == PeriodKind.VISITATION and period.code == Visitation.ACTIVITY_READY:
        if not period.reason:
            errors["reason"] = _(
                "Visitation som aktivitetsparat kræver en dokumenteret begrundelse."
            )
    if (
        kind == PeriodKind.OUTCOME
        and period.code == Outcome.ORDINARY_JOB
        and not period.hours_per_week
    ):
        errors["hours_per_week"] = _("Skriv hvor mange timer om ugen jobbet er på.")
    if period.hours_per_week is not None and not Decimal(0) < period.hours_per_week <= 60:
        errors["hours_per_week"] = _("Timer pr. uge skal være mellem 0 og 60.")
    if errors:
        raise ValidationError(errors)


def _check_offer(period: Period, errors: dict[str, str]) -> None:
    offer_type = period.offer_type
    if offer_type is None:
        errors["offer_type"] = _("Vælg tilbuddet.")
        return
    if offer_type.needs_company and period.company_id is None:
        errors["company"] = _("%(offer)s foregår i en virksomhed: vælg virksomheden.") % {
            "offer": offer_type.name
        }
    if period.company_id and period.company.municipality_id != period.municipality_id:
        errors["company"] = _("Vælg en virksomhed fra kommunens eget register.")
    if period.module and not offer_type.has_module:
        errors["module"] = _("Kun danskuddannelse har moduler.")
    for field, message in offer_length_errors(period, offer_type).items():
        errors.setdefault(field, message)


def offer_length_errors(
    period: Period,
    offer_type: OfferType,
    fields: tuple[str, ...] = ("end", "planned_end"),
    *,
    strategy_weeks: int | None = None,
) -> dict[str, str]:
    """An offer lasts at most its type's maximum (a setting per offer type), and at most the
    municipality's own maximum for the type (its activation strategy) when that is shorter;
    the end and the planned end both count, so an open offer cannot be planned past it."""
    limits = [w for w in (offer_type.max_weeks, strategy_weeks) if w is not None]
    if not limits:
        return {}
    weeks = min(limits)
    limit = period.start + dt.timedelta(weeks=weeks) - dt.timedelta(days=1)
    if offer_type.max_weeks is not None and weeks >= offer_type.max_weeks:
        message = ngettext(
            "%(offer)s kan højst vare %(weeks)s uge, til %(limit)s.",
            "%(offer)s kan højst vare %(weeks)s uger, til %(limit)s.",
            weeks,
        )
    else:
        message = ngettext(
            "Efter kommunens aktiveringsstrategi kan %(offer)s højst vare %(weeks)s uge, "
            "til %(limit)s.",
            "Efter kommunens aktiveringsstrategi kan %(offer)s højst vare %(weeks)s uger, "
            "til %(limit)s.",
            weeks,
        )
    text = message % {"offer": offer_type.name, "weeks": weeks, "limit": fmt(limit)}
    return {
        field: text
        for field in fields
        if (day := getattr(period, field)) is not None and day > limit
    }


MAX_PROGRAMME_YEARS = 5  # the law's limit, extensions included


def programme_standard_end(start: dt.date, years: int) -> dt.date:
    """The planned last day of a programme of `years` from `start` (the rule's length)."""
    return add_months(start, 12 * years) - dt.timedelta(days=1)


def check_programme_length(period: Period, years: int) -> None:
    """A programme is planned for the rule's length; longer needs a reason, and five years
    is the limit whatever the reason (extensions included)."""
    if period.kind != PeriodKind.PROGRAMME or period.planned_end is None:
        return
    standard = programme_standard_end(period.start, years)
    limit = programme_standard_end(period.start, MAX_PROGRAMME_YEARS)
    if period.planned_end > limit:
        raise ValidationError(
            {
                "planned_end": _("Programmet kan højst vare fem år, til %(limit)s.")
                % {"limit": fmt(limit)}
            }
        )
    if period.planned_end > standard and not period.reason:
        raise ValidationError(
            {
                "reason": ngettext(
                    "Programmet varer efter kommunens regler %(years)s år, til %(end)s. "
                    "Skriv begrundelsen for den længere plan.",
                    "Programmet varer efter kommunens regler %(years)s år, til %(end)s. "
                    "Skriv begrundelsen for den længere plan.",
                    years,
                )
                % {"years": years, "end": fmt(standard)}
            }
        )


def check_no_overlap(period: Period, others: Iterable[Period]) -> None:
    """A citizen is in at most one programme, benefit, visitation, absence or outcome at once."""
    if period.kind not in EXCLUSIVE_KINDS:
        return
    for other in others:
        if other.pk == period.pk or other.kind != period.kind:
            continue
        if overlaps(period.start, period.end, other.start, other.end):
            raise ValidationError(
                {
                    "start": _("Perioden overlapper med %(other)s. Afslut den først.")
                    % {"other": describe(other)}
                }
            )


def check_inside_programme(period: Period, others: Iterable[Period]) -> None:
    """An offer lies inside one programme period, from its start to its (planned) end."""
    if period.kind != PeriodKind.OFFER:
        return
    programmes = [p for p in others if p.kind == PeriodKind.PROGRAMME and p.pk != period.pk]
    last_day = period.effective_end or period.start
    for programme in programmes:
        if programme.start <= period.start and (programme.end is None or last_day <= programme.end):
            return
    if not programmes:
        raise ValidationError(
            {"start": _("Borgeren er ikke i integrationsprogrammet. Start programmet først.")}
        )
    names = ", ".join(describe(p) for p in programmes)
    raise ValidationError(
        {
            "start": _("Tilbuddet skal ligge inden for integrationsprogrammet (%(programmes)s).")
            % {"programmes": names}
        }
    )


def is_move(period: Period) -> bool:
    return period.kind == PeriodKind.OUTCOME and period.code == Outcome.MOVED


def check_before_move(period: Period, others: Iterable[Period]) -> None:
    """Nothing starts after the citizen moved away: what happens then is the new
    municipality's (journey.takeover_services), and this municipality's row ends with the move."""
    if is_move(period):
        later = [p for p in others if p.start > period.start]
        if later:
            raise ValidationError(
                {
                    "start": _("Der er registreret %(period)s efter flytningen. Ret den først.")
                    % {"period": describe(later[0])}
                }
            )
    moves = [p.start for p in others if is_move(p) and p.pk != period.pk]
    if moves and period.start > min(moves):
        raise ValidationError(
            {
                "start": _(
                    "Borgeren er flyttet til en anden kommune den %(day)s. "
                    "Der kan ikke registreres noget efter flytningen."
                )
                % {"day": fmt(min(moves))}
            }
        )
