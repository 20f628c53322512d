"""Reading action plans: actions by theme, overdue first, the manager's overview.

Plans are reached through toolbox.access (the user's municipality); the functions here take
a plan or a municipality the caller has already been allowed to see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Prefetch, Q, QuerySet, Value, When

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.toolbox.access import documents
from fremdrift.toolbox.models import (
    ActionPlan,
    ActionStatus,
    PlanAction,
    StatusRound,
    Theme,
    TheoryItem,
    TheoryOfChange,
)
from fremdrift.toolbox.models.actions import OPEN_STATUSES


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    """Due before today and still open (not done, not dropped); `prefix` reaches the actions
    from another model (e.g. "actions__" from a plan)."""
    return Q(**{f"{prefix}due__lt": today, f"{prefix}status__in": OPEN_STATUSES})


def with_overdue(actions: QuerySet[PlanAction], today: dt.date) -> QuerySet[PlanAction]:
    return actions.annotate(
        overdue=Case(
            When(overdue_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def _actions(today: dt.date) -> QuerySet[PlanAction]:
    return with_overdue(
        PlanAction.objects.select_related("owner", "plan", "checklist_answer").prefetch_related(
            Prefetch(
                "theory_items",
                queryset=TheoryItem.objects.select_related("theory").order_by(
                    "horizon", "position", "id"
                ),
            )
        ),
        today,
    )


def is_outsider(user: User, plan: ActionPlan) -> bool:
    """A reader outside the plan's municipality: the facilitator reading a shared plan."""
    return user.municipality_id != plan.municipality_id


def visible_theory(plan: ActionPlan, outsider: bool) -> TheoryOfChange | None:
    """The plan's theory of change as the reader may see it: an outsider only when shared."""
    theory = plan.theory
    if theory is None or (outsider and not theory.shared):
        return None
    return theory


@dataclass(frozen=True)
class ActionRow:
    """An action as a page shows it: whether it is overdue (the database's rule, overdue_q),
    the theory items it contributes to that the reader may see, and how many it links to
    in theories the reader may not see (the facilitator, in theories not shared)."""

    action: PlanAction
    overdue: bool
    linked_items: tuple[TheoryItem, ...] = ()
    hidden_links: int = 0


def _overdue(action: PlanAction) -> bool:
    # Set by with_overdue()'s annotation, the same rule the query orders by.
    return bool(action.overdue)


@dataclass(frozen=True)
class ThemeGroup:
    theme: str
    label: str
    actions: list[ActionRow]

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.actions if row.overdue)


def _plan_row(action: PlanAction, *, outsider: bool) -> ActionRow:
    items = list(action.theory_items.all())
    linked = tuple(i for i in items if not outsider or i.theory.shared)
    return ActionRow(
        action=action,
        overdue=_overdue(action),
        linked_items=linked,
        hidden_links=len(items) - len(linked),
    )


def plan_themes(plan: ActionPlan, today: dt.date, *, outsider: bool = False) -> list[ThemeGroup]:
    """All five themes in their order, each with its actions (overdue first, then by due).

    An outsider (the facilitator) sees the linked items of shared theories only; the rest
    are counted in each row's `hidden_links`.
    """
    actions = _actions(today).filter(plan=plan).order_by("-overdue", "due", "id")
    rows = [_plan_row(action, outsider=outsider) for action in actions]
    return [
        ThemeGroup(theme, str(label), [r for r in rows if r.action.theme == theme])
        for theme, label in Theme.choices
    ]


def plan_summaries(plans: QuerySet[ActionPlan], today: dt.date) -> list[dict]:
    """For the list page: each plan with its number of actions, of overdue and of done ones,
    counted in the same query as the plans."""
    annotated = plans.annotate(
        action_count=Count("actions"),
        overdue_count=Count("actions", filter=overdue_q(today, "actions__")),
        done_count=Count("actions", filter=Q(actions__status=ActionStatus.DONE)),
    )
    return [
        {
            "plan": plan,
            "actions": plan.action_count,
            "overdue": plan.overdue_count,
            "done": plan.done_count,
        }
        for plan in annotated
    ]


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


def overview(user: User, today: dt.date, wanted: OverviewFilter) -> list[ActionRow]:
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
    ordered = actions.order_by("-overdue", "due", "plan__title", "id")
    return [ActionRow(action=action, overdue=_overdue(action)) for action in ordered]
