"""Reads for other pages: the plan's summary on the citizen's page, and what the printed plan
tells the citizen beside the plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.urls import reverse

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.citizens.models import Citizen
from fremdrift.core import clock
from fremdrift.journey.models import Period
from fremdrift.journey.selectors import citizen_snapshot
from fremdrift.plans.access import plan_for
from fremdrift.plans.models import OPEN_STATUSES, SubGoal, SubGoalStatus


def citizen_section(user: User, citizen: Citizen, *, today: dt.date | None = None) -> dict:
    """The plan in short for the citizen's page: end goal, sub-goals by status, next date.

    Records no audit entry: the citizen's page that includes it has recorded the read.
    Two queries, whatever the number of sub-goals.
    """
    today = today or clock.today()
    plan = plan_for(user, citizen)
    section: dict[str, object] = {
        "citizen": citizen,
        "plan": plan,
        "url": reverse("plans:detail", kwargs={"citizen_pk": citizen.pk}),
        "edit_url": reverse("plans:edit", kwargs={"citizen_pk": citizen.pk}),
        "can_edit": user.can(Permission.EDIT_CITIZEN),
        "counts": [],
        "total": 0,
        "overdue": 0,
        "next_target_date": None,
    }
    if plan is None:
        return section
    open_goals = Q(status__in=OPEN_STATUSES)
    figures = (
        scoped_queryset(user, SubGoal, Permission.VIEW_CITIZEN)
        .filter(plan=plan)
        .aggregate(
            total=Count("id"),
            overdue=Count("id", filter=open_goals & Q(target_date__lt=today)),
            next_target_date=Min("target_date", filter=open_goals & Q(target_date__gte=today)),
            **{status: Count("id", filter=Q(status=status)) for status in SubGoalStatus.values},
        )
    )
    section.update(
        total=figures["total"],
        overdue=figures["overdue"],
        next_target_date=figures["next_target_date"],
        counts=[
            {"status": status.value, "label": status.label, "count": figures[status.value]}
            for status in SubGoalStatus
            if figures[status.value]
        ],
    )
    return section


@dataclass(frozen=True)
class CaseworkerContact:
    """How the citizen reaches their caseworker. The user model holds an e-mail address and
    no telephone number, so the address is all there is to print."""

    name: str
    email: str


@dataclass(frozen=True)
class PrintFacts:
    """What the printed plan says beside the plan: who the caseworker is and how to reach
    them, the offers the citizen is in today, and when the next conversation is due."""

    caseworker: CaseworkerContact | None
    offers: list[Period]
    next_conversation: dt.date | None


def plan_print_facts(citizen: Citizen, *, today: dt.date) -> PrintFacts:
    """The printout's facts about `citizen`, reached by the caller through a scoped accessor
    (which records the read). Five queries, whatever the number of periods."""
    caseworker = citizen.caseworker
    # A caseworker of another municipality is not this citizen's contact, whatever the key says.
    if caseworker is not None and caseworker.municipality_id != citizen.municipality_id:
        caseworker = None
    snap = citizen_snapshot(citizen, today)
    conversation = next((d for d in snap.deadlines if d.code == "conversation"), None)
    return PrintFacts(
        caseworker=(
            CaseworkerContact(caseworker.get_full_name() or caseworker.username, caseworker.email)
            if caseworker is not None
            else None
        ),
        offers=snap.offers,
        next_conversation=conversation.due if conversation else None,
    )
