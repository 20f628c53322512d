"""Writes to the citizen's plan. Each validates, saves and records its audit entry together.

Audit purposes are Danish as written (see audit.services). Writes to a plan are changes to
the citizen's case, so they are recorded as `Action.UPDATE` with the object in `details`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.citizens.models import Citizen
from fremdrift.core import clock
from fremdrift.core.versioning import EditConflict, bump_version, claim_version
from fremdrift.journey.models import Period
from fremdrift.journey.types import PeriodKind
from fremdrift.plans.models import EndGoal, FollowUpNote, Plan, SubGoal, SubGoalStatus

# A target date further ahead than this is almost surely a typing error (e.g. 2062).
MAX_YEARS_AHEAD = 6


def _audit(actor: User, citizen: Citizen, purpose: str, details: dict[str, object]) -> None:
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        purpose=purpose,
        municipality=citizen.municipality,
        citizen=citizen,
        details=details,
    )


def plan_save(
    *,
    actor: User,
    citizen: Citizen,
    end_goal: str,
    field: str,
    note: str,
    expected_version: int | None = None,
) -> Plan:
    """Create the citizen's plan, or update it if nobody saved since `expected_version`.

    `expected_version=None` means the editor saw no plan; if one exists by now, someone
    else created it meanwhile, and that is a conflict too.
    """
    require(actor, Permission.EDIT_CITIZEN, within=citizen)
    field, note = field.strip(), note.strip()
    errors: dict[str, str] = {}
    if end_goal not in EndGoal.values:
        errors["end_goal"] = _("Vælg job eller uddannelse som slutmål.")
    if not field:
        errors["field"] = _("Skriv hvilket område målet er inden for, fx Lager og logistik.")
    if errors:
        raise ValidationError(errors)
    values = {"end_goal": end_goal, "field": field, "note": note}
    now = clock.now()
    existing = Plan.objects.filter(citizen=citizen).first()
    if existing is None:
        plan = Plan(
            municipality_id=citizen.municipality_id, citizen=citizen, updated_by=actor, **values
        )
        try:
            with audited_atomic():
                plan.save()
                _audit(actor, citizen, "Oprettelse af borgerens plan", _details(plan, values))
        except IntegrityError as exc:
            # Lost a race with another editor creating the plan at the same moment.
            current = Plan.objects.get(citizen=citizen)
            raise EditConflict(current, current.version) from exc
        return plan
    if expected_version is None:
        raise EditConflict(existing, existing.version)
    changed = [name for name, value in values.items() if getattr(existing, name) != value]
    with audited_atomic():
        claim_version(
            existing,
            expected_version,
            values={**values, "updated_at": now, "updated_by": actor},
        )
        _audit(actor, citizen, "Rettelse i borgerens plan", _details(existing, changed))
    existing.refresh_from_db()
    return existing


def _details(obj: Plan | SubGoal | FollowUpNote, fields: Iterable[str]) -> dict[str, object]:
    # Names of objects and fields only, never the values: the log must not copy the case.
    return {"object": obj._meta.model_name, "id": obj.pk, "fields": sorted(fields)}


def _validate_sub_goal(
    citizen: Citizen, text: str, target_date: dt.date | None, status: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = _("Skriv delmålet, fx Bestå Danskuddannelse 2 modul 3.")
    if target_date is None:
        errors["target_date"] = _("Angiv en måldato.")
    elif target_date < citizen.takeover_date:
        errors["target_date"] = _(
            "Måldatoen kan ikke ligge før kommunen overtog borgeren (%(date)s)."
        ) % {"date": date_format(citizen.takeover_date, "SHORT_DATE_FORMAT")}
    elif target_date > clock.today() + dt.timedelta(days=365 * MAX_YEARS_AHEAD):
        errors["target_date"] = _("Måldatoen ligger for langt ude i fremtiden. Tjek årstallet.")
    if status not in SubGoalStatus.values:
        errors["status"] = _("Vælg en status.")
    return errors


def _citizen_offers(citizen: Citizen, offers: Iterable[Period]) -> tuple[list[Period], str | None]:
    """The offers, if every one is an offer period of this very citizen; else an error."""
    chosen = list(offers)
    ids = {offer.pk for offer in chosen}
    own = set(
        Period.objects.filter(pk__in=ids, citizen=citizen, kind=PeriodKind.OFFER).values_list(
            "pk", flat=True
        )
    )
    if own != ids:
        return chosen, _("Vælg kun tilbud, som borgeren selv har fået.")
    return chosen, None


def sub_goal_add(
    *,
    actor: User,
    plan: Plan,
    text: str,
    target_date: dt.date | None,
    status: str = SubGoalStatus.NOT_STARTED,
    offers: Iterable[Period] = (),
) -> SubGoal:
    citizen = plan.citizen
    require(actor, Permission.EDIT_CITIZEN, within=citizen)
    text = text.strip()
    errors = _validate_sub_goal(citizen, text, target_date, status)
    chosen, offer_error = _citizen_offers(citizen, offers)
    if offer_error:
        errors["offers"] = offer_error
    if errors:
        raise ValidationError(errors)
    with audited_atomic():
        last = plan.sub_goals.aggregate(last=Max("order"))["last"]
        sub_goal = SubGoal.objects.create(
            municipality_id=plan.municipality_id,
            plan=plan,
            text=text,
            target_date=target_date,
            status=status,
            order=0 if last is None else last + 1,
            updated_by=actor,
        )
        sub_goal.offers.set(chosen)
        fields = ["text", "target_date", "status"] + (["offers"] if chosen else [])
        _audit(actor, citizen, "Nyt delmål i borgerens plan", _details(sub_goal, fields))
    return sub_goal


def sub_goal_update(
    *,
    actor: User,
    sub_goal: SubGoal,
    text: str,
    target_date: dt.date | None,
    status: str,
    offers: Iterable[Period],
    expected_version: int,
) -> SubGoal:
    """Save the sub-goal if nobody saved it since `expected_version`; else EditConflict."""
    citizen = sub_goal.plan.citizen
    require(actor, Permission.EDIT_CITIZEN, within=citizen)
    text = text.strip()
    errors = _validate_sub_goal(citizen, text, target_date, status)
    chosen, offer_error = _citizen_offers(citizen, offers)
    if offer_error:
        errors["offers"] = offer_error
    if errors:
        raise ValidationError(errors)
    new = {"text": text, "target_date": target_date, "status": status}
    changed = [name for name, value in new.items() if getattr(sub_goal, name) != value]
    if {o.pk for o in chosen} != set(sub_goal.offers.values_list("pk", flat=True)):
        changed.append("offers")
    with audited_atomic():
        claim_version(sub_goal, expected_version)
        for name, value in new.items():
            setattr(sub_goal, name, value)
        sub_goal.updated_at, sub_goal.updated_by = clock.now(), actor
        sub_goal.save()
        sub_goal.offers.set(chosen)
        _audit(actor, citizen, "Rettelse af delmål i borgerens plan", _details(sub_goal, changed))
    return sub_goal


def sub_goal_set_status(*, actor: User, sub_goal: SubGoal, status: str) -> SubGoal:
    citizen = sub_goal.plan.citizen
    require(actor, Permission.EDIT_CITIZEN, within=citizen)
    if status not in SubGoalStatus.values:
        raise ValidationError({"status": _("Vælg en status.")})
    with audited_atomic():
        sub_goal.status = status
        sub_goal.updated_at, sub_goal.updated_by = clock.now(), actor
        sub_goal.save(update_fields=["status", "updated_at", "updated_by"])
        bump_version(sub_goal)
        _audit(
            actor, citizen, "Ny status på delmål i borgerens plan", _details(sub_goal, ["status"])
        )
    return sub_goal


def sub_goal_can_be_removed(sub_goal: SubGoal) -> bool:
    """Only a goal nobody worked on yet: a worked-on goal keeps its history as "Droppet"."""
    return sub_goal.status == SubGoalStatus.NOT_STARTED and not sub_goal.follow_ups.exists()


def sub_goal_remove(*, actor: User, sub_goal: SubGoal) -> None:
    citizen = sub_goal.plan.citizen
    require(actor, Permission.EDIT_CITIZEN, within=citizen)
    if not sub_goal_can_be_removed(sub_goal):
        raise ValidationError(
            _(
                "Delmålet er arbejdet med og kan ikke slettes. Sæt status til Droppet i stedet, "
                "så historikken bevares."
            )
        )
    with audited_atomic():
        _audit(actor, citizen, "Sletning af delmål i borgerens plan", _details(sub_goal, []))
        sub_goal.offers.clear()
        sub_goal.delete()


def follow_up_add(
    *, actor: User, sub_goal: SubGoal, noted_on: dt.date | None, text: str
) -> FollowUpNote:
    citizen = sub_goal.plan.citizen
    require(actor, Permission.EDIT_CITIZEN, within=citizen)
    text = text.strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = _("Skriv, hvad I talte om, og hvordan det går med delmålet.")
    if noted_on is None:
        errors["noted_on"] = _("Angiv datoen for opfølgningen.")
    elif noted_on > clock.today():
        errors["noted_on"] = _("Opfølgningen kan ikke dateres i fremtiden.")
    elif noted_on < citizen.takeover_date:
        errors["noted_on"] = _("Datoen kan ikke ligge før kommunen overtog borgeren.")
    if errors:
        raise ValidationError(errors)
    with audited_atomic():
        note = FollowUpNote.objects.create(
            municipality_id=sub_goal.municipality_id,
            sub_goal=sub_goal,
            noted_on=noted_on,
            text=text,
            written_by=actor,
        )
        _audit(actor, citizen, "Opfølgning på delmål i borgerens plan", _details(note, ["text"]))
    return note
