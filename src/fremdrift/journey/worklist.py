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

from fremdrift.accounts.http import municipality_id_of
from fremdrift.accounts.models import Team, User
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
    user_id: int = 0
    name: str = ""


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


def worklist_for(
    user: User, *, scope: Scope, today: dt.date, staff: list[User], teams: list[Team]
) -> WorklistView:
    """The deadlines in `scope`; for the whole municipality also the counts per team.

    Read from the case snapshots: the database counts and sorts the deadlines, and only the
    lines shown are fetched, in a fixed number of queries whatever the number of citizens.
    `staff` and `teams` are the municipality's (journey.scope.staff_and_teams), for the
    table per team and person.
    """
    citizens = citizens_in_scope(user, scope)
    ensure_current(citizens, today)
    soon_days = journey_settings(municipality_id_of(user)).due_soon_days
    due = due_deadlines(user, citizens, today=today, soon_days=soon_days)
    everyone = scope.kind == ScopeKind.ALL
    loads = loads_per_caseworker(due, today)
    view = WorklistView(
        scope=scope,
        today=today,
        soon_days=soon_days,
        items=most_urgent(
            due, SHOWN_FOR_MUNICIPALITY if everyone else SHOWN, today=today, soon_days=soon_days
        ),
        total=sum(load.overdue + load.soon for load in loads),
    )
    if everyone:
        view.teams, view.unassigned = _per_team(loads, staff, teams)
    return view


def _per_team(
    loads: list[CaseworkerLoad], staff: list[User], teams: list[Team]
) -> tuple[dict[str, list[PersonLoad]], Load]:
    unassigned = Load()
    people = {person.pk: person for person in staff}
    missing = [pk for load in loads if (pk := load.caseworker_id) and pk not in people]
    if missing:  # a caseworker who has left still has citizens
        people.update((p.pk, p) for p in User.objects.filter(pk__in=missing))
    team_names = {team.pk: team.name for team in teams}
    per_team: dict[str, list[PersonLoad]] = defaultdict(list)
    for load in loads:
        if load.caseworker_id is None:
            unassigned = Load(load.overdue, load.soon)
            continue
        person = people[load.caseworker_id]
        team = team_names.get(person.team_id) if person.team_id else None
        per_team[team or _("Uden team")].append(
            PersonLoad(load.overdue, load.soon, user_id=person.pk, name=person.get_full_name())
        )
    ordered = {
        name: sorted(rows, key=_most_behind_first) for name, rows in sorted(per_team.items())
    }
    return ordered, unassigned


def _most_behind_first(load: PersonLoad) -> tuple[int, int, str]:
    return -load.overdue, -load.soon, load.name
