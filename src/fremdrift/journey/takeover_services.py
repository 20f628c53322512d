"""Taking over the case of a citizen who moved here from another municipality.

The municipality moved from records the outcome "moved" on a date; its row keeps the
history up to that day and nothing is added after it (journey.rules.check_before_move).
When a caseworker here then creates the citizen by CPR number, the product offers to take
the case over: the offer shows only what would follow, as counts, the municipality moved
from and the move date. Only her explicit confirmation copies anything, in one transaction,
as new rows owned by this municipality; the old rows are never moved or changed.

What follows, and why:
- the programme: a new programme period from the takeover to the old programme's planned
  end. Moving does not restart the integration programme; its clock keeps running, and the
  reason names the first start. The figures here count from the takeover, as the periods
  here start then; the time before stays in the old municipality's figures.
- the visitation (job-ready or activity-ready) and the benefit in force on the move date,
  continued from the takeover: a new visitation is the new municipality's decision, until
  then the old one stands.
- the plan with its sub-goals (text, target date, status), and the competence card with
  every assessment: the citizen's own goals and competences, which the law lets follow.
- the completed progression readings in the product's own questionnaires, with their
  answers and dates: the citizen's progress does not restart either. A copy names the
  municipality where it was taken instead of a conversation, as its conversation stays
  there. Readings in the old municipality's own questionnaire stay: its questions mean
  nothing here.
What stays: offers (decisions of the old municipality, at its companies), absences, the
contract, conversations and their journal, referrals, and the follow-ups at placements.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.citizens.cpr import parse_cpr
from fremdrift.citizens.cpr_storage import cpr_digest
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.selectors_moving import unscoped_cpr_rows
from fremdrift.citizens.services import CitizenData, citizen_create, lock_for_write
from fremdrift.competences.models import Assessment, Competence
from fremdrift.core import clock
from fremdrift.core.changes import following
from fremdrift.instruments.models import Answer, Response
from fremdrift.journey.models import Period
from fremdrift.journey.rules import fmt, programme_standard_end
from fremdrift.journey.selectors import journey_settings
from fremdrift.journey.types import PeriodKind
from fremdrift.plans.models import Plan, SubGoal

CARRIED_KINDS = (PeriodKind.PROGRAMME, PeriodKind.VISITATION, PeriodKind.BENEFIT)


@dataclass(frozen=True)
class TakeoverOffer:
    """What the caseworker may see before she confirms: counts, a name and dates."""

    municipality_name: str
    moved_on: dt.date
    periods: int
    has_plan: bool
    sub_goals: int
    competences: int
    readings: int
    earliest: dt.date
    suggested: dt.date


def _source(actor: User, cpr: str) -> Citizen:
    """The row of the municipality the citizen moved from; ValidationError if there is none
    this municipality may take over (never saying why, as for a number taken elsewhere)."""
    try:
        digits = parse_cpr(cpr).digits
    except ValidationError as exc:
        raise ValidationError({"cpr": exc.messages}) from exc
    rows = unscoped_cpr_rows(cpr_digest(digits), actor.municipality_id)
    if rows.own is not None or rows.open_elsewhere is not None or rows.moved_from is None:
        raise ValidationError({"cpr": _("Der er ingen sag at overtage for CPR-nummeret.")})
    return Citizen.objects.select_related("municipality").get(pk=rows.moved_from.pk)


def _moved_on(source: Citizen) -> dt.date:
    day: dt.date = (
        source.periods.filter(kind=PeriodKind.OUTCOME, code="moved").earliest("start").start
    )
    return day


def _carried(source: Citizen, moved: dt.date) -> list[Period]:
    """The periods that ran up to the move (recording it ended them the day before) and
    continue here."""
    last_day = moved - dt.timedelta(days=1)
    running = source.periods.filter(kind__in=CARRIED_KINDS, start__lte=last_day).exclude(
        end__lt=last_day
    )
    return list(running.select_related("benefit_type").order_by("kind"))


def takeover_offer(*, actor: User, cpr: str) -> TakeoverOffer:
    """The offer shown before confirmation. Looking is recorded in both municipalities'
    logs: in the old one on the citizen, here without one (there is no citizen here yet)."""
    require(actor, Permission.EDIT_CITIZEN)
    source = _source(actor, cpr)
    moved = _moved_on(source)
    today = clock.today()
    if moved > today:
        raise ValidationError(
            {
                "cpr": _(
                    "Flytningen er registreret til den %(day)s. Sagen kan overtages fra den dag."
                )
                % {"day": fmt(moved)}
            }
        )
    plan = Plan.objects.filter(citizen=source).first()
    offer = TakeoverOffer(
        municipality_name=source.municipality.name,
        moved_on=moved,
        periods=len(_carried(source, moved)),
        has_plan=plan is not None,
        sub_goals=SubGoal.objects.filter(plan=plan).count() if plan else 0,
        competences=Competence.objects.filter(citizen=source).count(),
        readings=_carried_readings(source).count(),
        earliest=moved,
        suggested=min(moved + dt.timedelta(days=1), today),
    )
    details = {"counts": _counts(offer)}
    audit_record(
        actor=actor,
        action=Action.CPR_MATCH,
        purpose="Tilflytning: anden kommune så, hvad der kan overtages",
        municipality=source.municipality,
        citizen=source,
        details={**details, "to": str(actor.municipality)},
    )
    audit_record(
        actor=actor,
        action=Action.CPR_MATCH,
        purpose="Tilflytning: overtagelse tilbudt",
        municipality=actor.municipality,
        details={**details, "from": source.municipality.name},
    )
    return offer


def _counts(offer: TakeoverOffer) -> dict[str, int]:
    return {
        "periods": offer.periods,
        "plan": int(offer.has_plan),
        "sub_goals": offer.sub_goals,
        "competences": offer.competences,
        "readings": offer.readings,
    }


def _check_date(takeover: dt.date, moved: dt.date) -> None:
    if takeover < moved:
        raise ValidationError(
            {
                "takeover_date": _("Overtagelsen kan ikke ligge før flytningen den %(day)s.")
                % {"day": fmt(moved)}
            }
        )
    if takeover > clock.today():
        raise ValidationError({"takeover_date": _("Overtagelsen kan ikke ligge i fremtiden.")})


def case_takeover(*, actor: User, cpr: str, takeover_date: dt.date) -> Citizen:
    """Take the moved citizen's case over on `takeover_date`: a new citizen here, with
    what follows copied (see the module's docstring), audited in both municipalities."""
    require(actor, Permission.EDIT_CITIZEN)
    source = _source(actor, cpr)
    with audited_atomic():
        lock_for_write(source.pk)
        moved = _moved_on(source)
        _check_date(takeover_date, moved)
        citizen = citizen_create(
            actor=actor, cpr=cpr, data=_data(source, actor, takeover_date), taken_over_from=source
        )
        with following(citizen.pk):  # the figures and the case snapshot see the periods
            copied = {
                "periods": _copy_periods(actor, source, citizen, moved),
                **_copy_plan(actor, source, citizen),
                **_copy_competences(actor, source, citizen),
                "readings": _copy_readings(actor, source, citizen),
            }
        common = {"copied": copied, "moved_on": moved.isoformat()}
        audit_record(
            actor=actor,
            action=Action.TAKEOVER,
            purpose=f"Sagen overtaget fra {source.municipality.name}"[:200],
            municipality=citizen.municipality,
            citizen=citizen,
            details={
                **common,
                "from": source.municipality.name,
                "takeover_date": takeover_date.isoformat(),
            },
        )
        audit_record(
            actor=actor,
            action=Action.TAKEOVER,
            purpose=f"Sagen overtaget af {citizen.municipality.name}"[:200],
            municipality=source.municipality,
            citizen=source,
            details={**common, "to": citizen.municipality.name},
        )
    return citizen


def _data(source: Citizen, actor: User, takeover: dt.date) -> CitizenData:
    return CitizenData(
        first_name=source.first_name,
        last_name=source.last_name,
        country_of_origin=str(source.country_of_origin),  # its code
        category=source.category,
        takeover_date=takeover,
        preferred_language=source.preferred_language,
        interpreter_needed=source.interpreter_needed,
        caseworker=actor,
        consultant=None,
    )


def _copy_periods(actor: User, source: Citizen, citizen: Citizen, moved: dt.date) -> int:
    start = citizen.takeover_date
    origin = source.municipality.name
    rows = []
    for old in _carried(source, moved):
        if old.benefit_type is not None and getattr(
            old.benefit_type, "municipality_id", None
        ) not in (None, citizen.municipality_id):
            continue  # the old municipality's own benefit type means nothing here
        planned_end = (
            old.planned_end
            if old.kind != PeriodKind.PROGRAMME
            else _programme_end(old, citizen, start)
        )
        reason = _("Fortsat fra %(municipality)s (startede der %(day)s).") % {
            "municipality": origin,
            "day": fmt(old.start),
        }
        rows.append(
            Period(
                municipality_id=citizen.municipality_id,
                citizen=citizen,
                kind=old.kind,
                code=old.code,
                benefit_type=old.benefit_type,
                start=start,
                planned_end=planned_end if planned_end and planned_end >= start else None,
                reason=f"{reason}\n{old.reason}".strip(),
                created_by=actor,
            )
        )
    if not any(p.kind == PeriodKind.PROGRAMME for p in rows):
        years = journey_settings(citizen.municipality_id).programme_years
        rows.append(
            Period(
                municipality_id=citizen.municipality_id,
                citizen=citizen,
                kind=PeriodKind.PROGRAMME,
                code="programme",
                start=start,
                planned_end=programme_standard_end(start, years),
                created_by=actor,
            )
        )
    Period.objects.bulk_create(rows)
    return len(rows)


def _programme_end(old: Period, citizen: Citizen, start: dt.date) -> dt.date:
    """The old programme's planned end: moving does not restart the programme. Past it
    already (an extension being decided), the municipality's own length from the takeover."""
    if old.planned_end is not None and old.planned_end >= start:
        return old.planned_end
    return programme_standard_end(start, journey_settings(citizen.municipality_id).programme_years)


def _copy_plan(actor: User, source: Citizen, citizen: Citizen) -> dict[str, int]:
    old = Plan.objects.filter(citizen=source).first()
    if old is None:
        return {"plan": 0, "sub_goals": 0}
    plan = Plan.objects.create(
        municipality_id=citizen.municipality_id,
        citizen=citizen,
        end_goal=old.end_goal,
        field=old.field,
        note=old.note,
        updated_by=actor,
    )
    goals = [
        SubGoal(
            municipality_id=citizen.municipality_id,
            plan=plan,
            text=goal.text,
            target_date=goal.target_date,
            status=goal.status,
            order=goal.order,
            updated_by=actor,
        )
        for goal in old.sub_goals.order_by("order", "pk")
    ]
    SubGoal.objects.bulk_create(goals)
    return {"plan": 1, "sub_goals": len(goals)}


def _copy_competences(actor: User, source: Citizen, citizen: Citizen) -> dict[str, int]:
    count = assessments = 0
    for old in Competence.objects.filter(citizen=source).prefetch_related("assessments"):
        new = Competence.objects.create(
            municipality_id=citizen.municipality_id,
            citizen=citizen,
            kind=old.kind,
            key=old.key,
            title=old.title,
            origin=old.origin,
            year_from=old.year_from,
            year_to=old.year_to,
            note=old.note,
            level=old.level,
            assessed_on=old.assessed_on,
            created_by=actor,
        )
        copies = [
            Assessment(
                municipality_id=citizen.municipality_id,
                competence=new,
                level=a.level,
                assessor_role=a.assessor_role,
                assessor_name=a.assessor_name,
                assessed_on=a.assessed_on,
                note=a.note,
                source=a.source,
                recorded_by=actor,
            )
            for a in old.assessments.all()
        ]
        Assessment.objects.bulk_create(copies)
        count += 1
        assessments += len(copies)
    return {"competences": count, "assessments": assessments}


def _carried_readings(source: Citizen) -> QuerySet[Response]:
    """The completed progression readings that follow (taken there, or carried there from
    an earlier move), in one of the product's own questionnaires."""
    return Response.objects.filter(
        citizen=source,
        completed_at__isnull=False,
        instrument__municipality__isnull=True,
        version__definition__use="progression",
    )


def _copy_readings(actor: User, source: Citizen, citizen: Citizen) -> int:
    count = 0
    for old in _carried_readings(source).prefetch_related("answers").order_by("taken_on", "pk"):
        new = Response.objects.create(
            municipality_id=citizen.municipality_id,
            citizen=citizen,
            version_id=old.version_id,
            instrument_id=old.instrument_id,
            carried_from=old.carried_from or source.municipality.name,
            respondent=old.respondent,
            taken_on=old.taken_on,
            agreed_together=old.agreed_together,
            language=old.language,
            recorded_by=actor,
            completed_at=old.completed_at,
        )
        Answer.objects.bulk_create(
            Answer(
                municipality_id=citizen.municipality_id,
                response=new,
                item=a.item,
                value=a.value,
                special=a.special,
            )
            for a in old.answers.all()
        )
        count += 1
    return count
