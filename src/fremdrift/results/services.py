"""What managers record about the figures: baselines, targets, explanations, the monthly book.

None of it is personal data; each write checks the user's role and municipality. Each is
edited through a form on a page several managers may have open, so each write claims the
row's version (core.versioning): `expected_version` is the version the editor loaded, 0 when
nothing was saved yet, None for a caller without a form (it sets what it is told).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fremdrift.accounts.models import Team, User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.core import clock
from fremdrift.core.months import month_index, month_label
from fremdrift.core.versioning import EditConflict, Versioned, claim_version
from fremdrift.results.definitions import FIGURES
from fremdrift.results.models import Baseline, Deviation, MonthlyBookEntry, Target
from fremdrift.results.versions import bump

V = TypeVar("V", bound=Versioned)


def _figure(code: str) -> str:
    if code not in FIGURES:
        raise ValidationError({"figure": _("Ukendt nøgletal: %(code)s.") % {"code": code}})
    return code


def _save_versioned(
    model: type[V], key: dict[str, Any], values: dict[str, Any], expected_version: int | None
) -> V:
    """The row at `key` given `values`, if it is still at the version the editor loaded.

    Call inside the write's transaction. A row that does not exist yet is version 0: a
    colleague's first save meanwhile hits the unique constraint and is a conflict, and a row
    the editor loaded that is gone now is one too (nothing to compare with but empty)."""
    record = model._default_manager.filter(**key).first()
    if record is None:
        if expected_version not in (None, 0):
            raise EditConflict(model(**key), 0)
        try:
            with transaction.atomic():
                return model._default_manager.create(**key, **values)
        except IntegrityError:
            record = model._default_manager.get(**key)
            if expected_version is not None:
                raise EditConflict(record, record.version) from None
    _claim(record, expected_version)
    for name, value in values.items():
        setattr(record, name, value)
    record.save()
    return record


def _claim(record: Versioned, expected_version: int | None) -> None:
    claim_version(record, record.version if expected_version is None else expected_version)


def baseline_set(
    *, user: User, figure: str, month: int, expected_version: int | None = None
) -> Baseline:
    require(user, Permission.MANAGE_RESULTS)
    key = {"municipality_id": user.municipality_id, "figure": _figure(figure)}
    with transaction.atomic():
        baseline = _save_versioned(
            Baseline, key, {"month": month, "chosen_by": user}, expected_version
        )
        bump(user.municipality_id)
    return baseline


def target_set(
    *,
    user: User,
    figure: str,
    year: int,
    value: Decimal | None,
    expected_version: int | None = None,
) -> Target | None:
    """Set the year's target; an empty value removes it."""
    require(user, Permission.MANAGE_RESULTS)
    code = _figure(figure)
    key = {"municipality_id": user.municipality_id, "figure": code, "year": year}
    if value is None:
        with transaction.atomic():
            _target_remove(key, expected_version)
            bump(user.municipality_id)
        return None
    if FIGURES[code].is_share and not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"value": _("Et mål for en andel ligger mellem 0 og 100 %.")})
    if value < 0:
        raise ValidationError({"value": _("Målet kan ikke være negativt.")})
    with transaction.atomic():
        target = _save_versioned(Target, key, {"value": value, "set_by": user}, expected_version)
        bump(user.municipality_id)
    return target


def _target_remove(key: dict[str, Any], expected_version: int | None) -> None:
    target = Target.objects.filter(**key).first()
    if target is not None:
        _claim(target, expected_version)  # a colleague's newer target is not removed unseen
        target.delete()
    elif expected_version not in (None, 0):
        raise EditConflict(Target(**key), 0)


def deviation_explain(
    *,
    user: User,
    figure: str,
    month: int,
    explanation: str,
    action: str,
    expected_version: int | None = None,
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
    key = {"municipality_id": user.municipality_id, "figure": _figure(figure), "month": month}
    values = {"explanation": explanation.strip(), "action": action.strip(), "written_by": user}
    with transaction.atomic():
        deviation = _save_versioned(Deviation, key, values, expected_version)
        bump(user.municipality_id)
    return deviation


def reflection_save(
    *,
    user: User,
    team: Team,
    month: int,
    reflection: str,
    close: bool = False,
    expected_version: int | None = None,
) -> MonthlyBookEntry:
    """Write the team's reflection for the month; closing needs a reflection."""
    require(user, Permission.MANAGE_RESULTS)
    if team.municipality_id != user.municipality_id:
        raise PermissionDenied
    text = reflection.strip()
    values: dict[str, Any] = {"reflection": text, "written_by": user}
    if close:
        values |= {"closed_at": clock.now(), "closed_by": user}
    key = {"municipality_id": user.municipality_id, "team": team, "month": month}
    with transaction.atomic():
        # Locked first, so a month closed meanwhile is refused as closed rather than as a
        # conflict: saving again would not help.
        saved = MonthlyBookEntry.objects.select_for_update().filter(**key).first()
        if saved is not None and saved.is_closed:
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
        return _save_versioned(MonthlyBookEntry, key, values, expected_version)
