"""The administrator's writes on the municipality's users and teams, and the sessions rules.

Every change is one audited operation (Action.USERS, the fields before and after, never a
password). A user is never deleted: their name stays on the journal and audit entries they
wrote, so leaving is deactivation. The facilitator and the product's own administrator come
only from `fremdrift create_user`; these functions give only the municipal roles.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fremdrift.accounts.models import Team, User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import MUNICIPAL_ROLES, Permission, Role
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.core import clock
from fremdrift.core.versioning import bump_version, claim_version

# What the administrator may give: never the installation's roles.
ASSIGNABLE_ROLES = frozenset(MUNICIPAL_ROLES)
USER_FIELDS = ("first_name", "last_name", "email", "role", "team", "initials")
# Easy to read aloud and type: no 0/O, 1/l/I.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def temporary_password() -> str:
    """Four groups of four random characters (about 94 bits), e.g. `k7Qm-2xPa-...`."""
    groups = ("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def _check_values(municipality_id: int, values: dict[str, Any], user: User | None) -> None:
    """The rules the form cannot see on its own: role, team, initials, in this municipality."""
    errors: dict[str, str] = {}
    if values["role"] not in ASSIGNABLE_ROLES:
        errors["role"] = _("Rollen kan kun gives af Fremdrifts drift, ikke af kommunen.")
    team: Team | None = values.get("team")
    if team is not None:
        if team.municipality_id != municipality_id:
            errors["team"] = _("Teamet hører til en anden kommune.")
        elif team.closed_on is not None and (user is None or user.team_id != team.pk):
            errors["team"] = _("Teamet er lukket og kan ikke vælges.")
    initials = values.get("initials", "")
    if initials:
        taken = User.objects.filter(municipality_id=municipality_id, initials=initials)
        if user is not None:
            taken = taken.exclude(pk=user.pk)
        if taken.exists():
            errors["initials"] = _("En anden bruger i kommunen har allerede de initialer.")
    if errors:
        raise ValidationError(errors)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    return getattr(value, "name", None) or str(value)


def user_create(
    actor: User, data: dict[str, Any], *, local_password: bool = True
) -> tuple[User, str | None]:
    """A new user of the actor's municipality, and the temporary password to show once (None
    for a user who logs in through the municipality's single sign-on)."""
    municipality_id = require(actor, Permission.MANAGE_USERS)
    values = {field: data.get(field, "") for field in USER_FIELDS}
    values["team"] = data.get("team")
    _check_values(municipality_id, values, None)
    username = data["username"]
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Brugernavnet er allerede i brug.")})
    user = User(username=username, municipality_id=municipality_id, **values)
    password = temporary_password() if local_password else None
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
        user.must_change_password = True
    with audited_atomic():
        user.save()
        audit_record(
            actor=actor,
            action=Action.USERS,
            purpose="Bruger oprettet",
            municipality=user.municipality,
            details={
                "user": user.username,
                "after": {field: _plain(values[field]) for field in USER_FIELDS},
                "local_password": password is not None,
            },
        )
    return user, password


def user_update(actor: User, user: User, data: dict[str, Any], *, expected_version: int) -> User:
    """Change name, e-mail, role, team and initials, if the user is still as the
    administrator loaded them (else EditConflict). An administrator keeps their own role."""
    municipality_id = require(actor, Permission.MANAGE_USERS, within=user)
    after = {field: data.get(field, "") for field in USER_FIELDS}
    after["team"] = data.get("team")
    if user.pk == actor.pk and after["role"] != Role.ADMINISTRATOR:
        raise ValidationError(
            {"role": _("Du kan ikke fjerne din egen administratorrolle. Bed en anden om det.")}
        )
    _check_values(municipality_id, after, user)
    before = {field: getattr(user, field) for field in USER_FIELDS}
    changed = sorted(f for f in USER_FIELDS if before[f] != after[f])
    with audited_atomic():
        claim_version(user, expected_version, values=after)
        if changed:
            audit_record(
                actor=actor,
                action=Action.USERS,
                purpose="Bruger ændret",
                municipality=user.municipality,
                details={
                    "user": user.username,
                    "before": {f: _plain(before[f]) for f in changed},
                    "after": {f: _plain(after[f]) for f in changed},
                },
            )
    return user


def end_all_sessions(user: User) -> None:
    """Every session of the user ends at its next request (see User._get_session_auth_hash).
    The caller's own session too, unless it calls `update_session_auth_hash` after."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


def user_set_active(actor: User, user: User, *, active: bool) -> User:
    """Deactivate (all the user's sessions end at once) or reactivate. Never oneself."""
    require(actor, Permission.MANAGE_USERS, within=user)
    if user.pk == actor.pk:
        raise ValidationError(_("Du kan ikke deaktivere dig selv. Bed en anden administrator."))
    if user.is_active == active:
        return user
    with audited_atomic():
        User.objects.filter(pk=user.pk).update(is_active=active)
        user.is_active = active
        bump_version(user)
        if not active:
            end_all_sessions(user)
        audit_record(
            actor=actor,
            action=Action.USERS,
            purpose="Bruger genaktiveret" if active else "Bruger deaktiveret",
            municipality=user.municipality,
            details={
                "user": user.username,
                "before": {"is_active": not active},
                "after": {"is_active": active},
            },
        )
    return user


def user_reset_password(actor: User, user: User) -> str:
    """A new temporary password for a local account, to show once; the user changes it at
    the next login, and the sessions made with the old one end."""
    require(actor, Permission.MANAGE_USERS, within=user)
    if not user.has_usable_password():
        raise ValidationError(
            _("Brugeren logger ind med kommunens single sign-on og har ingen adgangskode her.")
        )
    password = temporary_password()
    with audited_atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        end_all_sessions(user)
        audit_record(
            actor=actor,
            action=Action.USERS,
            purpose="Adgangskode nulstillet",
            municipality=user.municipality,
            details={"user": user.username},
        )
    return password


def password_changed(user: User) -> None:
    """The user chose their own password: the temporary one's demand is lifted."""
    with audited_atomic():
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        user.must_change_password = False
        audit_record(
            actor=user,
            action=Action.USERS,
            purpose="Egen adgangskode skiftet",
            municipality=user.municipality,
            details={"user": user.username},
        )


def _name_free(municipality_id: int, name: str, team: Team | None) -> None:
    taken = Team.objects.filter(municipality_id=municipality_id, name__iexact=name)
    if team is not None:
        taken = taken.exclude(pk=team.pk)
    if taken.exists():
        raise ValidationError({"name": _("Kommunen har allerede et team med det navn.")})


def team_create(actor: User, name: str) -> Team:
    municipality_id = require(actor, Permission.MANAGE_USERS)
    name = " ".join(name.split())
    _name_free(municipality_id, name, None)
    with audited_atomic():
        team = Team.objects.create(municipality_id=municipality_id, name=name)
        audit_record(
            actor=actor,
            action=Action.USERS,
            purpose="Team oprettet",
            municipality=team.municipality,
            details={"team": team.pk, "after": {"name": name}},
        )
    return team


def team_rename(actor: User, team: Team, name: str, *, expected_version: int) -> Team:
    municipality_id = require(actor, Permission.MANAGE_USERS, within=team)
    name = " ".join(name.split())
    _name_free(municipality_id, name, team)
    before = team.name
    with audited_atomic():
        claim_version(team, expected_version, values={"name": name})
        if before != name:
            audit_record(
                actor=actor,
                action=Action.USERS,
                purpose="Team omdøbt",
                municipality=team.municipality,
                details={"team": team.pk, "before": {"name": before}, "after": {"name": name}},
            )
    return team


def team_close(actor: User, team: Team) -> Team:
    """Close a team no active user is in any more; one with active members is refused, so
    no one silently loses their team (move them first). Deactivated members keep it."""
    require(actor, Permission.MANAGE_USERS, within=team)
    if team.closed_on is not None:
        return team
    members = team.user_set.filter(is_active=True).count()
    if members:
        raise ValidationError(
            ngettext(
                "Teamet har stadig %(count)d aktivt medlem. Flyt medlemmet til et andet "
                "team, før teamet lukkes.",
                "Teamet har stadig %(count)d aktive medlemmer. Flyt dem til et andet team, "
                "før teamet lukkes.",
                members,
            )
            % {"count": members}
        )
    with audited_atomic():
        today = clock.today()
        Team.objects.filter(pk=team.pk).update(closed_on=today)
        team.closed_on = today
        bump_version(team)
        audit_record(
            actor=actor,
            action=Action.USERS,
            purpose="Team lukket",
            municipality=team.municipality,
            details={"team": team.pk, "name": team.name, "after": {"closed_on": str(today)}},
        )
    return team
