"""What managers record about the figures: baselines, targets, explanations, the monthly book.

None of it is personal data; each write checks the user's role and municipality.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fremdrift.accounts.models import Team, User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.core import clock
from fremdrift.core.months import month_index, month_label
from fremdrift.results.definitions import FIGURES
from fremdrift.results.models import Baseline, Deviation, MonthlyBookEntry, Target
from fremdrift.results.versions import bump


def _figure(code: str) -> str:
    if code not in FIGURES:
        raise ValidationError({"figure": _("Ukendt nøgletal: %(code)s.") % {"code": code}})
    return code


def baseline_set(*, user: User, figure: str, month: int) -> Baseline:
    require(user, Permission.MANAGE_RESULTS)
    with transaction.atomic():
        baseline, _created = Baseline.objects.update_or_create(
            municipality_id=user.municipality_id,
            figure=_figure(figure),
            defaults={"month": month, "chosen_by": user},
        )
        bump(user.municipality_id)
    return baseline


def target_set(*, user: User, figure: str, year: int, value: Decimal | None) -> Target | None:
    """Set the year's target; an empty value removes it."""
    require(user, Permission.MANAGE_RESULTS)
    code = _figure(figure)
    if value is None:
        with transaction.atomic():
            Target.objects.filter(
                municipality_id=user.municipality_id, figure=code, year=year
            ).delete()
            bump(user.municipality_id)
        return None
    if FIGURES[code].is_share and not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"value": _("Et mål for en andel ligger mellem 0 og 100 %.")})
    if value < 0:
        raise ValidationError({"value": _("Målet kan ikke være negativt.")})
    with transaction.atomic():
        target, _created = Target.objects.update_or_create(
            municipality_id=user.municipality_id,
            figure=code,
            year=year,
            defaults={"value": value, "set_by": user},
        )
        bump(user.municipality_id)
    return target


def deviation_explain(
    *, user: User, figure: str, month: int, explanation: str, action: str
) -> Deviation:
    """Why the figure is below its target this month, and what will be done about it."""
    require(user, Permission.MANAGE_RESULTS)
    errors = {}
    if not explanation.strip():
        errors["explanation"] = _("Skriv forklaringen på afvigelsen.")
    if not action.strip():
        errors["action"] = _("Skriv, hvad I gør ved det (handlingen).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        deviation, _created = Deviation.objects.update_or_create(
            municipality_id=user.municipality_id,
            figure=_figure(figure),
            month=month,
            defaults={
                "explanation": explanation.strip(),
                "action": action.strip(),
                "written_by": user,
            },
        )
        bump(user.municipality_id)
    return deviation


def reflection_save(
    *, user: User, team: Team, month: int, reflection: str, close: bool = False
) -> MonthlyBookEntry:
    """Write the team's reflection for the month; closing needs a reflection."""
    require(user, Permission.MANAGE_RESULTS)
    if team.municipality_id != user.municipality_id:
        raise PermissionDenied
    text = reflection.strip()
    with transaction.atomic():
        entry, _created = MonthlyBookEntry.objects.select_for_update().get_or_create(
            municipality_id=user.municipality_id, team=team, month=month
        )
        if entry.is_closed:
            raise ValidationError(
                {
                    "reflection": _("%(month)s er lukket og kan ikke ændres.")
                    % {"month": month_label(month).capitalize()}
                }
            )
        if close and month >= month_index(clock.today()):
            raise ValidationError({"reflection": _("En måned kan først lukkes, når den er slut.")})
        if close and not text:
            raise ValidationError(
                {"reflection": _("En måned lukkes først, når teamets refleksion er skrevet.")}
            )
        entry.reflection = text
        entry.written_by = user
        if close:
            entry.closed_at = clock.now()
            entry.closed_by = user
        entry.save()
    return entry
