"""Where a citizen is right now, for the caseload board (Helsingør's boards): one column each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.journey.models import Period
from fremdrift.journey.types import Absence, OfferCategory, Outcome, PeriodKind


class Situation(models.TextChoices):
    NOT_PLACED = "not_placed", _("Ikke placeret endnu")
    DANISH_ONLY = "danish_only", _("Kun danskuddannelse")
    OTHER_OFFER = "other_offer", _("Andre tilbud")
    PLACEMENT = "placement", _("I praktik")
    WAGE_SUBSIDY = "wage_subsidy", _("Løntilskud")
    IGU = "igu", _("IGU")
    MATERNITY = "maternity", _("Barsel")
    SICK = "sick", _("Syg")
    JOB_OR_EDUCATION = "job_or_education", _("I job eller uddannelse")


BOARD_ORDER = list(Situation)
WORK_OUTCOMES = {Outcome.ORDINARY_JOB, Outcome.ORDINARY_EDUCATION, Outcome.IGU_COMPLETED}
_OFFER_SITUATIONS = [
    (OfferCategory.IGU, Situation.IGU),
    (OfferCategory.WAGE_SUBSIDY, Situation.WAGE_SUBSIDY),
    (OfferCategory.PLACEMENT, Situation.PLACEMENT),
]


def situation_on(periods: Iterable[Period], day: dt.date) -> Situation | None:
    """The board column, or None when the citizen is not in the programme on `day`."""
    return situation_of(
        (p.kind, p.code, p.offer_type.category if p.kind == PeriodKind.OFFER else "")
        for p in periods
        if p.covers(day)
    )


def situation_of(active: Iterable[tuple[str, str, str]]) -> Situation | None:
    """The column from the periods covering the day, as (kind, code, offer category).

    Apart from `situation_on` so the board can place hundreds of citizens from plain rows
    of their current periods, without building every period, by the same rule.
    """
    rows = list(active)
    kinds = {kind for kind, _code, _category in rows}
    outcomes = {code for kind, code, _category in rows if kind == PeriodKind.OUTCOME}
    if outcomes & WORK_OUTCOMES:
        return Situation.JOB_OR_EDUCATION
    if PeriodKind.PROGRAMME not in kinds:
        return None
    absences = {code for kind, code, _category in rows if kind == PeriodKind.ABSENCE}
    if Absence.MATERNITY in absences:
        return Situation.MATERNITY
    if Absence.SICK in absences:
        return Situation.SICK
    categories = {category for kind, _code, category in rows if kind == PeriodKind.OFFER}
    for category, situation in _OFFER_SITUATIONS:
        if category in categories:
            return situation
    if categories == {OfferCategory.DANISH}:
        return Situation.DANISH_ONLY
    if categories:
        return Situation.OTHER_OFFER
    return Situation.NOT_PLACED
