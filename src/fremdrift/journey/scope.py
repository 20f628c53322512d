"""Whose citizens the board and the worklist show: mine, a team's, a colleague's, everyone's.

A caseworker or consultant works on her own citizens, so that is where she lands; a manager
answers for the whole municipality, so that is where he lands. The choice is one query-string
value (`?vis=` on the board, `?medarbejder=` on the worklist, the same vocabulary), so a link
to a filtered page can be shared, and it only ever narrows the municipality's citizens
(`citizens_for`): a value naming someone or something outside the municipality falls back to
the default instead of widening anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from fremdrift.accounts.http import municipality_id_of
from fremdrift.accounts.models import Team, User
from fremdrift.accounts.roles import Role
from fremdrift.citizens.access import citizens_for
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.selectors import staff_in_municipality
from fremdrift.core.numbers import parse_whole_number

STAFF_ROLES = (Role.CASEWORKER, Role.CONSULTANT, Role.MANAGER)
TEAM_PREFIX = "team-"


class ScopeKind(StrEnum):
    MINE = "mine"
    ALL = "alle"
    UNASSIGNED = "uden"  # no caseworker: the citizens nobody has on their own list
    TEAM = "team"
    PERSON = "person"


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    person: User | None = None  # MINE: the user; PERSON: the colleague
    team: Team | None = None

    @property
    def value(self) -> str:
        """The query-string value that gives this scope back."""
        if self.kind == ScopeKind.TEAM and self.team is not None:
            return f"{TEAM_PREFIX}{self.team.pk}"
        if self.kind == ScopeKind.PERSON and self.person is not None:
            return str(self.person.pk)
        return str(self.kind)

    @property
    def label(self) -> str:
        if self.kind == ScopeKind.MINE:
            return _("Mine borgere")
        if self.kind == ScopeKind.ALL:
            return _("Alle i kommunen")
        if self.kind == ScopeKind.UNASSIGNED:
            return _("Uden sagsbehandler")
        if self.kind == ScopeKind.TEAM and self.team is not None:
            return _("Team: %(team)s") % {"team": self.team.name}
        assert self.person is not None
        return _("%(name)s (%(role)s)") % {
            "name": self.person.get_full_name(),
            "role": self.person.get_role_display().lower(),
        }


def default_scope(user: User) -> Scope:
    if user.role == Role.MANAGER:
        return Scope(ScopeKind.ALL)
    return Scope(ScopeKind.MINE, person=user)


def parse_scope(user: User, raw: str | None) -> Scope:
    """The scope a query-string value asks for; the user's default when it names nothing."""
    value = (raw or "").strip()
    if value == ScopeKind.MINE:
        return Scope(ScopeKind.MINE, person=user)
    if value == ScopeKind.ALL:
        return Scope(ScopeKind.ALL)
    if value == ScopeKind.UNASSIGNED:
        return Scope(ScopeKind.UNASSIGNED)
    team_id = parse_whole_number(value.removeprefix(TEAM_PREFIX))
    if value.startswith(TEAM_PREFIX) and team_id is not None:
        team = Team.objects.filter(municipality_id=municipality_id_of(user), pk=team_id).first()
        if team is not None:
            return Scope(ScopeKind.TEAM, team=team)
    elif (person_id := parse_whole_number(value)) is not None:
        if person_id == user.pk:
            return Scope(ScopeKind.MINE, person=user)
        person = staff_in_municipality(user, STAFF_ROLES).filter(pk=person_id).first()
        if person is not None:
            return Scope(ScopeKind.PERSON, person=person)
    return default_scope(user)


def citizens_in_scope(user: User, scope: Scope) -> QuerySet[Citizen]:
    """The user's citizens (their municipality and role) narrowed to `scope`.

    A person's citizens are those they are caseworker or company consultant for: the two
    roles' own caseloads, and a manager who holds cases gets his too.
    """
    citizens = citizens_for(user)
    if scope.kind in (ScopeKind.MINE, ScopeKind.PERSON) and scope.person is not None:
        return citizens.filter(Q(caseworker=scope.person) | Q(consultant=scope.person))
    if scope.kind == ScopeKind.UNASSIGNED:
        return citizens.filter(caseworker__isnull=True)
    if scope.kind == ScopeKind.TEAM and scope.team is not None:
        return citizens.filter(Q(caseworker__team=scope.team) | Q(consultant__team=scope.team))
    return citizens


@dataclass(frozen=True)
class ScopeChoices:
    """The options of the filter: the fixed ones, then teams and colleagues by role."""

    fixed: list[tuple[str, str]]
    teams: list[tuple[str, str]]
    people: list[tuple[str, list[tuple[str, str]]]]  # role label, [(value, name)]


def staff_and_teams(user: User) -> tuple[list[User], list[Team]]:
    """The colleagues and teams the filter offers, in two queries."""
    staff = list(staff_in_municipality(user, STAFF_ROLES))
    teams = list(Team.objects.filter(municipality_id=municipality_id_of(user)).order_by("name"))
    return staff, teams


def scope_choices(user: User, staff: list[User], teams: list[Team]) -> ScopeChoices:
    fixed = [
        (ScopeKind.MINE.value, _("Mine borgere")),
        (ScopeKind.ALL.value, _("Alle i kommunen")),
        (ScopeKind.UNASSIGNED.value, _("Uden sagsbehandler")),
    ]
    # The user's own team first: the usual first step out from "mine".
    ordered = sorted(teams, key=lambda t: (t.pk != user.team_id, t.name))
    groups = [
        (Role.CASEWORKER, _("Sagsbehandlere")),
        (Role.CONSULTANT, _("Virksomhedskonsulenter")),
        (Role.MANAGER, _("Ledere")),
    ]
    people = [
        (label, [(str(p.pk), p.get_full_name()) for p in staff if p.role == role and p != user])
        for role, label in groups
    ]
    return ScopeChoices(
        fixed=fixed,
        teams=[(f"{TEAM_PREFIX}{t.pk}", t.name) for t in ordered],
        people=[(label, options) for label, options in people if options],
    )
