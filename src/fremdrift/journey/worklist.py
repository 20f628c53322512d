"""The worklist: overdue and due-soon deadlines for a person, a team, or the municipality.

Like the board, each person lands on their own citizens' deadlines (journey.scope: a
consultant's are the citizens she is consultant for) and widens from there; a manager lands
on the whole municipality with counts per team and person. Citizens without a caseworker are
their own group there, "Uden sagsbehandler", so their deadlines are on someone's screen.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.journey.scope import Scope, ScopeKind, citizens_in_scope
from fremdrift.journey.selectors import journey_settings
from fremdrift.journey.selectors_caseload import (
    CaseRow,
    CaseworkerLoad,
    due_deadlines,
    loads_per_caseworker,
    most_urgent,
)
from fremdrift.journey.snapshot_services import ensure_current

SHOWN = 300  # a list longer than this is not read; the counts say how many there are
# The whole municipality's list is for spotting the worst: the tables per person carry the rest.
SHOWN_FOR_MUNICIPALITY = 50


@dataclass
class Load:
    overdue: int = 0
    soon: int = 0


@dataclass
class PersonLoad(Load):
    user: User | None = None


@dataclass
class WorklistView:
    scope: Scope
    today: dt.date
    soon_days: int
    items: list[CaseRow]  # each with the deadline it is listed for as its next_deadline
    total: int
    teams: dict[str, list[PersonLoad]] = field(default_factory=dict)
    # Deadlines of citizens with no caseworker (whole-municipality view only).
    unassigned: Load = field(default_factory=Load)

    @property
    def person(self) -> User | None:
        return self.scope.person


def worklist_for(user: User, *, scope: Scope, today: dt.date) -> WorklistView:
    """The deadlines in `scope`; for the whole municipality also the counts per team.

    Read from the case snapshots: the database counts and sorts the deadlines, and only the
    lines shown are fetched, in a fixed number of queries whatever the number of citizens.
    """
    citizens = citizens_in_scope(user, scope)
    ensure_current(citizens, today)
    soon_days = journey_settings(user.municipality).due_soon_days
    due = due_deadlines(user, citizens, today=today, soon_days=soon_days)
    everyone = scope.kind == ScopeKind.ALL
    shown = SHOWN_FOR_MUNICIPALITY if everyone else SHOWN
    view = WorklistView(
        scope=scope,
        today=today,
        soon_days=soon_days,
        items=most_urgent(due, shown, today=today, soon_days=soon_days),
        total=due.count(),
    )
    if everyone:
        view.teams, view.unassigned = _per_team(loads_per_caseworker(due, today))
    return view


def _per_team(loads: list[CaseworkerLoad]) -> tuple[dict[str, list[PersonLoad]], Load]:
    unassigned = Load()
    owners = {load.caseworker_id: load for load in loads if load.caseworker_id is not None}
    for load in loads:
        if load.caseworker_id is None:
            unassigned = Load(load.overdue, load.soon)
    teams: dict[str, list[PersonLoad]] = defaultdict(list)
    for person in User.objects.filter(pk__in=owners).select_related("team"):
        load = owners[person.pk]
        team = str(person.team) if person.team_id else _("Uden team")
        teams[team].append(PersonLoad(load.overdue, load.soon, user=person))
    per_team = {
        name: sorted(people, key=_most_behind_first) for name, people in sorted(teams.items())
    }
    return per_team, unassigned


def _most_behind_first(load: PersonLoad) -> tuple[int, int, str]:
    return -load.overdue, -load.soon, load.user.get_full_name() if load.user else ""
