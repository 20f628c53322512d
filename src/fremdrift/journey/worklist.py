"""The worklist: overdue and due-soon deadlines for a person, or per team and person."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Role
from fremdrift.citizens.access import citizens_for
from fremdrift.journey.deadlines import Deadline, Urgency
from fremdrift.journey.selectors import Snapshot, snapshots

SHOWN = 300  # a list longer than this is not read; the counts say how many there are
# The whole municipality's list is for spotting the worst: the tables per person carry the rest.
SHOWN_FOR_MUNICIPALITY = 50


@dataclass
class PersonLoad:
    user: User
    overdue: int = 0
    soon: int = 0


@dataclass
class WorklistView:
    person: User | None
    today: dt.date
    items: list[tuple[Snapshot, Deadline]]
    total: int
    teams: dict[str, list[PersonLoad]] = field(default_factory=dict)


def worklist_for(user: User, *, person: User | None, today: dt.date) -> WorklistView:
    """`person` None: the whole municipality with counts per team and person (managers)."""
    citizens = citizens_for(user)
    if person is not None:
        field_name = "consultant" if person.role == Role.CONSULTANT else "caseworker"
        citizens = citizens.filter(**{field_name: person})
    due = [
        (snap, deadline)
        for snap in snapshots(citizens, user.municipality, today)
        for deadline in snap.deadlines
        if deadline.urgency <= Urgency.SOON
    ]
    due.sort(key=lambda pair: (pair[1].urgency, pair[1].due, pair[0].citizen.last_name))
    shown = SHOWN if person is not None else SHOWN_FOR_MUNICIPALITY
    view = WorklistView(person=person, today=today, items=due[:shown], total=len(due))
    if person is None:
        view.teams = _per_team(due)
    return view


def _per_team(due: list[tuple[Snapshot, Deadline]]) -> dict[str, list[PersonLoad]]:
    loads: dict[int, PersonLoad] = {}
    for snap, deadline in due:
        owner = snap.citizen.caseworker
        if owner is None:
            continue
        load = loads.setdefault(owner.pk, PersonLoad(owner))
        if deadline.overdue:
            load.overdue += 1
        else:
            load.soon += 1
    teams: dict[str, list[PersonLoad]] = defaultdict(list)
    for load in loads.values():
        teams[str(load.user.team) if load.user.team_id else _("Uden team")].append(load)
    return {
        name: sorted(people, key=lambda p: -p.overdue) for name, people in sorted(teams.items())
    }
