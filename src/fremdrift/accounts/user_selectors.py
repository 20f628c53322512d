"""The administrator's reads: the municipality's users and teams, never another's."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from fremdrift.accounts.models import Team, User
from fremdrift.accounts.roles import Permission

# The list's filter: the value in the address and which users it shows.
USER_FILTERS = {"aktive": Q(is_active=True), "deaktiverede": Q(is_active=False), "alle": Q()}


def _municipality_id(actor: User) -> int:
    if not actor.can(Permission.MANAGE_USERS) or actor.municipality_id is None:
        raise Http404
    return actor.municipality_id


def municipal_users(actor: User, shown: str = "aktive") -> QuerySet[User]:
    return (
        User.objects.filter(municipality_id=_municipality_id(actor))
        .filter(USER_FILTERS.get(shown, USER_FILTERS["aktive"]))
        .select_related("team")
        .order_by("first_name", "last_name", "username")
    )


def municipal_user(actor: User, pk: int) -> User:
    """One user of the actor's municipality; 404 for any other, as if it did not exist."""
    found = (
        User.objects.filter(pk=pk, municipality_id=_municipality_id(actor))
        .select_related("team", "municipality")
        .first()
    )
    if found is None:
        raise Http404
    return found


def municipal_teams(actor: User) -> QuerySet[Team]:
    """The teams, open first, each with its count of active members."""
    return (
        Team.objects.filter(municipality_id=_municipality_id(actor))
        .annotate(active_members=Count("user", filter=Q(user__is_active=True)))
        .order_by(F("closed_on").asc(nulls_first=True), "name")
    )


def open_teams(municipality_id: int) -> QuerySet[Team]:
    return Team.objects.filter(municipality_id=municipality_id, closed_on__isnull=True)


def municipal_team(actor: User, pk: int) -> Team:
    found = Team.objects.filter(pk=pk, municipality_id=_municipality_id(actor)).first()
    if found is None:
        raise Http404
    return found
