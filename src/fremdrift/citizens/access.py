"""Scoped accessors for citizens: the only way views and the API reach a citizen."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db.models import QuerySet

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import access_by_id, scoped_queryset
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_list, audit_record
from fremdrift.citizens.models import Citizen


def citizens_for(user: User, permission: Permission = Permission.VIEW_CITIZEN) -> QuerySet[Citizen]:
    return scoped_queryset(user, Citizen, permission)


def access_citizen(
    user: User,
    pk: object,
    *,
    permission: Permission = Permission.VIEW_CITIZEN,
    anonymised: bool = False,
) -> Citizen:
    """One citizen inside the user's boundary (404 otherwise), without recording a read.

    For writes: the service that writes records the audit entry. An anonymised citizen is
    refused (accounts.scoping.CitizenAnonymised) unless the page only says that it is
    (`anonymised=True`).
    """
    return access_by_id(user, Citizen, pk, permission, anonymised=anonymised)


def read_citizen(
    user: User, pk: object, *, purpose: str | None = None, anonymised: bool = False
) -> Citizen:
    """Open a citizen's page: the scoped look-up and its audit entry, in one step.

    The pages under the citizen's (plan, conversations, forms ...) refuse an anonymised
    citizen; only the citizen's own page, which says so, passes `anonymised=True`."""
    citizen = access_by_id(
        user,
        Citizen,
        pk,
        Permission.VIEW_CITIZEN,
        select_related=("caseworker", "consultant", "municipality"),
        anonymised=anonymised,
    )
    record_citizen_read(
        user, citizen, purpose=purpose or "Opslag på borgerens side i sagsbehandlingen"
    )
    return citizen


def record_citizen_read(
    user: User, citizen: Citizen, *, purpose: str, details: dict | None = None
) -> None:
    """A page showing this citizen's data was served: one audit entry, with the purpose.

    For citizens already fetched through an accessor (a conversation's, a plan's, ...).
    """
    audit_record(
        actor=user,
        action=Action.VIEW,
        purpose=purpose,
        municipality=citizen.municipality,
        citizen=citizen,
        details=details,
    )


def record_cpr_search(user: User, found: Iterable[Citizen]) -> None:
    """A search by full CPR number is a look-up of that person: record it for each hit."""
    for citizen in found:
        audit_record(
            actor=user,
            action=Action.SEARCH,
            purpose="Søgning på CPR-nummer i borgerlisten",
            municipality=user.municipality,
            citizen=citizen,
        )


# A list's query as its entry records it: enough to say what was asked, never a whole form.
QUERY_VALUE_MAX = 100


def record_list(
    user: User,
    citizens: Iterable[Citizen | int],
    *,
    purpose: str,
    query: Mapping[str, str] | None = None,
) -> None:
    """A page listed these citizens (their names, a masked CPR number, their situation): one
    audit entry for the page, recording the query and every citizen shown."""
    ids = [c if isinstance(c, int) else c.pk for c in citizens]
    asked = {
        key: str(value)[:QUERY_VALUE_MAX]
        for key, value in (query or {}).items()
        if value and key != "csrfmiddlewaretoken"
    }
    audit_list(actor=user, purpose=purpose, citizen_ids=ids, query=asked)
