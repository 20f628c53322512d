"""Caseloads: citizens moved from one caseworker or consultant to another, e.g. when someone
leaves. The administrator (or the manager) moves them in one operation, all or nothing.

The administrator reads no citizen's record: the page shows names only, and that list is
audited as a read. Each moved citizen gets an entry of its own (her access report shows
who moved her, from whom, to whom), and one entry without a citizen holds the operation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from contextlib import nullcontext

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission, Role
from fremdrift.audit.models import Action
from fremdrift.audit.services import AuditItem, audit_record, audit_record_many, audited_atomic
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.services import lock_for_write
from fremdrift.core import clock
from fremdrift.core.changes import following

# Which of the citizen's fields a person's caseload is, and who may hold it (as the
# citizen form allows: citizens.services._validate).
CASEWORKER = "caseworker"
CONSULTANT = "consultant"
HOLDERS: dict[str, frozenset[str]] = {
    CASEWORKER: frozenset({Role.CASEWORKER, Role.MANAGER}),
    CONSULTANT: frozenset({Role.CONSULTANT}),
}
HOLDER_ROLES = HOLDERS[CASEWORKER] | HOLDERS[CONSULTANT]


class CaseloadChanged(Exception):
    """A citizen picked is no longer with the person moved from: someone changed her meanwhile."""

    def __init__(self, names: list[str]) -> None:
        super().__init__("caseload changed meanwhile")
        self.names = names

    @property
    def message(self) -> str:
        if not self.names:
            return _(
                "Nogle af de valgte borgere hører ikke længere til den valgte medarbejder. "
                "Intet er flyttet. Se listen igen og vælg på ny."
            )
        return _(
            "Nogle af borgerne hører ikke længere til den valgte medarbejder (de er ændret, "
            "mens du valgte): %(names)s. Intet er flyttet. Se listen igen og vælg på ny."
        ) % {"names": ", ".join(self.names)}


@dataclasses.dataclass(frozen=True)
class CaseloadMove:
    """What one move did: the field, from whom, to whom, and the citizens (by name)."""

    field: str
    from_user: User
    to_user: User
    citizens: list[Citizen]


def caseload_field(person: User) -> str | None:
    """The citizen field `person`'s caseload is (a manager may be caseworker), or None."""
    if person.role in HOLDERS[CONSULTANT]:
        return CONSULTANT
    if person.role in HOLDERS[CASEWORKER]:
        return CASEWORKER
    return None


def caseload_holders(actor: User) -> QuerySet[User]:
    """The people of the actor's municipality who may hold a caseload, also the deactivated
    (a leaver is deactivated before or after the move)."""
    municipality_id = require(actor, Permission.MANAGE_CASELOADS)
    return User.objects.filter(municipality_id=municipality_id, role__in=HOLDER_ROLES).order_by(
        "-is_active", "first_name", "last_name", "pk"
    )


def caseload_sizes(actor: User) -> dict[int, int]:
    """How many citizens each person holds (caseworker or consultant), by user id."""
    municipality_id = require(actor, Permission.MANAGE_CASELOADS)
    live = Citizen.objects.filter(municipality_id=municipality_id, anonymised_at__isnull=True)
    sizes: dict[int, int] = {}
    for field in (CASEWORKER, CONSULTANT):
        counted = live.exclude(**{f"{field}__isnull": True}).values(field).annotate(n=Count("pk"))
        for row in counted.values_list(field, "n"):
            sizes[row[0]] = sizes.get(row[0], 0) + row[1]
    return sizes


def caseload_holder(actor: User, pk: int) -> User | None:
    """One person of the actor's municipality holding a caseload, or None (the view's 404)."""
    if not actor.can(Permission.MANAGE_CASELOADS) or actor.municipality_id is None:
        return None
    return caseload_holders(actor).filter(pk=pk).first()


def caseload_of(actor: User, person: User) -> list[Citizen]:
    """The citizens in `person`'s caseload, names only. The caller records the list as read
    (citizens.access.record_list)."""
    municipality_id = require(actor, Permission.MANAGE_CASELOADS, within=person)
    field = caseload_field(person)
    if field is None:
        return []
    return list(
        Citizen.objects.filter(
            municipality_id=municipality_id,
            anonymised_at__isnull=True,
            **{f"{field}_id": person.pk},
        )
        .only("pk", "first_name", "last_name", "municipality_id", "version")
        .order_by("last_name", "first_name", "pk")
    )


def receivers_for(actor: User, person: User) -> QuerySet[User]:
    """Who may take `person`'s citizens: active, of the same municipality, holding the same
    kind of caseload, not `person`."""
    municipality_id = require(actor, Permission.MANAGE_CASELOADS, within=person)
    field = caseload_field(person)
    roles = HOLDERS[field] if field else frozenset()
    return (
        User.objects.filter(municipality_id=municipality_id, role__in=roles, is_active=True)
        .exclude(pk=person.pk)
        .order_by("first_name", "last_name", "pk")
    )


def move_caseload(
    *, actor: User, from_user: User, to_user: User, citizen_ids: Sequence[int]
) -> CaseloadMove:
    """Move the citizens from `from_user` to `to_user`, all of them or none.

    ValidationError for a bad choice (field "to_user" or "citizens"); CaseloadChanged when a
    citizen is no longer `from_user`'s (moved, erased or changed meanwhile): nothing moves."""
    municipality_id = require(actor, Permission.MANAGE_CASELOADS, within=from_user)
    field = caseload_field(from_user)
    if field is None:
        raise PermissionDenied(f"{from_user.username} holds no caseload")
    _check_receiver(field, from_user, to_user, municipality_id)
    ids = sorted(set(citizen_ids))
    if not ids:
        raise ValidationError({"citizens": _("Vælg mindst én borger, der skal flyttes.")})
    # The figures read the caseworker's team, as for an edit (citizens.services).
    figures = following(*ids) if field == CASEWORKER else nullcontext()
    with audited_atomic(), figures:
        lock_for_write(*ids)
        still = Citizen.objects.filter(
            pk__in=ids,
            municipality_id=municipality_id,
            anonymised_at__isnull=True,
            **{f"{field}_id": from_user.pk},
        )
        moving = list(still.order_by("last_name", "first_name", "pk"))
        if len(moving) != len(ids):
            raise CaseloadChanged(_gone_names(ids, {c.pk for c in moving}, municipality_id))
        # The version too: an edit form opened before the move is refused (core.versioning).
        Citizen.objects.filter(pk__in=ids).update(
            **{f"{field}_id": to_user.pk}, version=F("version") + 1, updated_at=clock.now()
        )
        _audit(actor, field, from_user, to_user, moving)
    return CaseloadMove(field=field, from_user=from_user, to_user=to_user, citizens=moving)


def _check_receiver(field: str, from_user: User, to_user: User, municipality_id: int) -> None:
    if (
        to_user.municipality_id != municipality_id
        or to_user.role not in HOLDERS[field]
        or not to_user.is_active
        or to_user.pk == from_user.pk
    ):
        raise ValidationError(
            {"to_user": _("Vælg en aktiv medarbejder i kommunen med samme slags rolle.")}
        )


def _gone_names(ids: list[int], kept: set[int], municipality_id: int) -> list[str]:
    """The names of the picked citizens that no longer qualify (of the own municipality)."""
    gone = Citizen.objects.filter(pk__in=set(ids) - kept, municipality_id=municipality_id)
    return [c.full_name for c in gone.order_by("last_name", "first_name", "pk")]


def _audit(
    actor: User, field: str, from_user: User, to_user: User, citizens: list[Citizen]
) -> None:
    who = {
        "field": field,
        "from": {"id": from_user.pk, "name": from_user.get_full_name()},
        "to": {"id": to_user.pk, "name": to_user.get_full_name()},
    }
    audit_record(
        actor=actor,
        action=Action.CASELOAD,
        purpose="Sagsstamme flyttet",
        municipality=actor.municipality,
        details={**who, "citizens": [c.pk for c in citizens]},
    )
    audit_record_many(
        actor=actor,
        municipality_id=actor.municipality_id,
        items=[
            AuditItem(
                citizen_id=c.pk,
                action=Action.CASELOAD,
                purpose="Sagsstamme flyttet",
                details={**who, "moved_with": len(citizens)},
            )
            for c in citizens
        ],
    )
