"""Scoped accessors for plans: the only way views reach plans, sub-goals and their offers.

Everything goes through `accounts.scoping` (the user's municipality and role, 404 otherwise);
the `read_...` functions also record the read in the audit log, since the page they serve
shows the citizen's data.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import access_by_id, scoped_queryset
from fremdrift.citizens.access import record_citizen_read
from fremdrift.citizens.models import Citizen
from fremdrift.journey.models import Period
from fremdrift.journey.types import PeriodKind
from fremdrift.plans.models import FollowUpNote, Plan, SubGoal

PLAN_PAGE_PURPOSE = "Opslag på borgerens plan"


def plan_for(
    user: User, citizen: Citizen, *, permission: Permission = Permission.VIEW_CITIZEN
) -> Plan | None:
    """The citizen's plan, without its sub-goals; None when there is none (or not for you)."""
    return scoped_queryset(user, Plan, permission).filter(citizen=citizen).first()


def plan_with_sub_goals(user: User, citizen: Citizen) -> Plan | None:
    """The plan with everything the plan page and the printout show, in a fixed few queries."""
    sub_goals = scoped_queryset(user, SubGoal, Permission.VIEW_CITIZEN).prefetch_related(
        Prefetch("offers", queryset=Period.objects.select_related("offer_type")),
        Prefetch("follow_ups", queryset=FollowUpNote.objects.select_related("written_by")),
    )
    return (
        scoped_queryset(user, Plan, Permission.VIEW_CITIZEN)
        .filter(citizen=citizen)
        .select_related("updated_by")
        .prefetch_related(Prefetch("sub_goals", queryset=sub_goals))
        .first()
    )


def offers_for(user: User, citizen: Citizen) -> QuerySet[Period]:
    """The citizen's own offer periods: what a sub-goal may link to."""
    return (
        scoped_queryset(user, Period, Permission.VIEW_CITIZEN)
        .filter(citizen=citizen, kind=PeriodKind.OFFER)
        .select_related("offer_type")
        .order_by("-start", "-id")
    )


def access_sub_goal(
    user: User, pk: object, *, permission: Permission = Permission.EDIT_CITIZEN
) -> SubGoal:
    """One sub-goal inside the user's boundary (404 otherwise), without recording a read."""
    return access_by_id(
        user,
        SubGoal,
        pk,
        permission,
        select_related=("plan", "plan__citizen", "plan__citizen__municipality"),
    )


def record_plan_read(user: User, citizen: Citizen, *, purpose: str) -> None:
    """A page showing the citizen's plan data was served: an audit entry."""
    record_citizen_read(user, citizen, purpose=purpose)
