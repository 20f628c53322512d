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
from fremdrift.journey.deadlines import Deadline, Urgency
from fremdrift.journey.scope import Scope, ScopeKind, citizens_in_scope
from fremdrift.journey.selectors import Snapshot, snapshots

SHOWN = 300  # a list longer than this is not read; the counts say how many there are
# The whole municipality's list is for spotting the worst: the tables per person carry the rest.
SHOWN_FOR_MUNICIPALITY = 50


@dataclass
class Load:
    overdue: int = 0
    soon: int = 0

    def add(self, deadline: Deadline) -> None:
        if deadline.overdue:
            self.overdue += 1
        else:
            self.soon += 1


@dataclass
class PersonLoad(Load):
    user: User | None = None


@dataclass
class WorklistView:
    scope: Scope
    today: dt.date
    items: list[tuple[Snapshot, Deadline]]
    total: int
    teams: dict[str, list[PersonLoad]] = field(default_factory=dict)
    # Deadlines of citizens with no caseworker (whole-municipality view only).
    unassigned: Load = field(default_factory=Load)

    @property
    def person(self) -> User | None:
        return self.scope.person


def worklist_for(user: User, *, scope: Scope, today: dt.date) -> WorklistView:
    """The deadlines in `scope`; for the whole municipality also the counts per team."""
    citizens = citizens_in_scope(user, scope)
    due = [
        (snap, deadline)
        for snap in snapshots(citizens, user.municipality, today)
        for deadline in snap.deadlines
        if deadline.urgency <= Urgency.SOON
    ]
    due.sort(key=lambda pair: (pair[1].urgency, pair[1].due, pair[0].citizen.last_name))
    everyone = scope.kind == ScopeKind.ALL
    shown = SHOWN_FOR_MUNICIPALITY if everyone else SHOWN
    view = WorklistView(scope=scope, today=today, items=due[:shown], total=len(due))
    if everyone:
        view.teams, view.unassigned = _per_team(due)
    return view


def _per_team(
    due: list[tuple[Snapshot, Deadline]],
) -> tuple[dict[str, list[PersonLoad]], Load]:
    loads: dict[int, PersonLoad] = {}
    unassigned = Load()
    for snap, deadline in due:
        owner = snap.citizen.caseworker
        if owner is None:
            unassigned.add(deadline)
            continue
        loads.setdefault(owner.pk, PersonLoad(user=owner)).add(deadline)
    teams: dict[str, list[PersonLoad]] = defaultdict(list)
    for load in loads.values():
        assert load.user is not None
        teams[str(load.user.team) if load.user.team_id else _("Uden team")].append(load)
    per_team = {
        name: sorted(people, key=lambda p: -p.overdue) for name, people in sorted(teams.items())
    }
    return per_team, unassigned
