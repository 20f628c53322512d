"""Reading action plans: actions by theme, overdue first, the manager's overview.

Plans are reached through toolbox.access (the user's municipality); the functions here take
a plan or a municipality the caller has already been allowed to see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.toolbox.access import documents
from fremdrift.toolbox.models import (
    Action,
    ActionPlan,
    StatusRound,
    Theme,
    TheoryItem,
)
from fremdrift.toolbox.services.actions import OPEN_STATUSES


def overdue_q(today: dt.date) -> Q:
    """Due before today and still open (not done, not dropped)."""
    return Q(due__lt=today, status__in=OPEN_STATUSES)


def with_overdue(actions: QuerySet[Action], today: dt.date) -> QuerySet[Action]:
    return actions.annotate(
        overdue=Case(
            When(overdue_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _actions(today: dt.date) -> QuerySet[Action]:
    return with_overdue(
        Action.objects.select_related("owner", "plan", "checklist_answer").prefetch_related(
            "theory_items"
        ),
        today,
    )


@dataclass(frozen=True)
class ThemeGroup:
    theme: str
    label: str
    actions: list[Action]

    @property
    def overdue_count(self) -> int:
        return sum(1 for action in self.actions if action.overdue)


def plan_themes(plan: ActionPlan, today: dt.date) -> list[ThemeGroup]:
    """All five themes in their order, each with its actions (overdue first, then by due)."""
    actions = list(_actions(today).filter(plan=plan).order_by("-overdue", "due", "id"))
    return [
        ThemeGroup(theme, str(label), [a for a in actions if a.theme == theme])
        for theme, label in Theme.choices
    ]


def plan_summaries(plans: Iterable[ActionPlan], today: dt.date) -> list[dict]:
    """For the list page: each plan with its number of actions and of overdue ones."""
    rows = []
    for plan in plans:
        actions = Action.objects.filter(plan=plan)
        rows.append(
            {
                "plan": plan,
                "actions": actions.count(),
                "overdue": actions.filter(overdue_q(today)).count(),
                "done": actions.filter(status="done").count(),
            }
        )
    return rows


def plan_rounds(plan: ActionPlan) -> list[StatusRound]:
    """The plan's status rounds, newest first, with their notes and the actions noted."""
    return list(
        StatusRound.objects.filter(plan=plan)
        .select_related("held_by")
        .prefetch_related("notes__action")
        .order_by("-year", "-quarter")
    )


def owners_for(municipality_id: int | None) -> QuerySet[User]:
    """The users an action can be given to: the municipality's active staff."""
    return User.objects.filter(municipality_id=municipality_id, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def theory_items_for(plan: ActionPlan, linked: Iterable[int] = ()) -> QuerySet[TheoryItem]:
    """Items an action of the plan may contribute to: the plan's theory of change when it has
    one, else every theory of the municipality; and always those already linked."""
    scope = (
        Q(theory_id=plan.theory_id)
        if plan.theory_id
        else Q(theory__municipality_id=plan.municipality_id)
    )
    return (
        TheoryItem.objects.filter(scope | Q(pk__in=list(linked)))
        .filter(theory__municipality_id=plan.municipality_id)
        .select_related("theory")
        .order_by("theory__title", "theory__version", "horizon", "position", "id")
    )


def newest_plan(municipality_id: int) -> ActionPlan | None:
    return (
        ActionPlan.objects.filter(municipality_id=municipality_id)
        .order_by("-created_at", "-id")
        .first()
    )


@dataclass(frozen=True)
class OverviewFilter:
    status: str = ""
    theme: str = ""
    owner: int | None = None
    overdue_only: bool = False


def overview(user: User, today: dt.date, wanted: OverviewFilter) -> list[Action]:
    """Every action of the municipality's plans, overdue first, then by due date."""
    plans = documents(user, ActionPlan, Permission.MANAGE_TOOLBOX)
    actions = _actions(today).filter(plan__in=plans)
    if wanted.status:
        actions = actions.filter(status=wanted.status)
    if wanted.theme:
        actions = actions.filter(theme=wanted.theme)
    if wanted.owner:
        actions = actions.filter(owner_id=wanted.owner)
    if wanted.overdue_only:
        actions = actions.filter(overdue_q(today))
    return list(actions.order_by("-overdue", "due", "plan__title", "id"))
