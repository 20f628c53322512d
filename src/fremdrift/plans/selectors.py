"""Reads for other pages: the plan's summary on the citizen's page."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min, Q
from django.urls import reverse

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.citizens.models import Citizen
from fremdrift.core import clock
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
