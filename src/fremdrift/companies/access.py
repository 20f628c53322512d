"""Scoped accessors for companies and referrals: the only way views reach them.

Companies are read and written with `Permission.VIEW_CITIZEN`: caseworkers, consultants and
managers all work with the municipality's companies, and the role table has no company
permission of its own (yet).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission, Role
from fremdrift.accounts.scoping import access_by_id, scoped_queryset
from fremdrift.citizens.access import record_citizen_read
from fremdrift.companies.models import Company, CompanyCapacity, ContactPerson, Referral
from fremdrift.journey.models import Period
from fremdrift.journey.types import PeriodKind

COMPANY_PERMISSION = Permission.VIEW_CITIZEN
_REFERRAL_RELATED = ("citizen", "referred_by", "consultant", "responded_by", "municipality")


def companies_for(user: User) -> QuerySet[Company]:
    return scoped_queryset(user, Company, COMPANY_PERMISSION)


def access_company(user: User, pk: object) -> Company:
    """One company in the user's municipality, or 404. Company data is not the citizen's."""
    return access_by_id(user, Company, pk, COMPANY_PERMISSION)


def access_contact(user: User, pk: object) -> ContactPerson:
    """A contact person to edit: the consultant's and manager's (EDIT_PLACEMENT), or 404."""
    return access_by_id(
        user, ContactPerson, pk, Permission.EDIT_PLACEMENT, select_related=("company",)
    )


def access_capacity(user: User, pk: object) -> CompanyCapacity:
    return access_by_id(
        user, CompanyCapacity, pk, Permission.EDIT_PLACEMENT, select_related=("company",)
    )


_PLACEMENT_RELATED = ("company", "company__consultant", "offer_type", "municipality")


def access_placement(
    user: User, pk: object, permission: Permission = Permission.VIEW_CITIZEN
) -> Period:
    """An offer period at a company (a placement) inside the user's boundary, without
    recording a read (for writes); 404 for any other period, as for an outsider."""
    period = access_by_id(user, Period, pk, permission, select_related=_PLACEMENT_RELATED)
    if period.kind != PeriodKind.OFFER or period.company_id is None:
        raise Http404
    return period


def read_placement(user: User, pk: object) -> Period:
    """Open a placement's page: the look-up and the audit entry of the citizen's read."""
    period = access_placement(user, pk)
    record_citizen_read(
        user,
        period.citizen,
        purpose="Opslag på praktikforløb i virksomhed",
        details={"period": period.pk},
    )
    return period


def referrals_in_scope(user: User) -> QuerySet[Referral]:
    return scoped_queryset(user, Referral, Permission.VIEW_CITIZEN)


def may_answer(user: User, referral: Referral) -> bool:
    """The consultant the referral is addressed to, or a manager of the municipality."""
    return (
        user.is_active
        and user.municipality_id == referral.municipality_id
        and (user.pk == referral.consultant_id or user.role == Role.MANAGER)
    )


def access_referral(user: User, pk: object, *, to_answer: bool = False) -> Referral:
    """One referral inside the user's boundary, without recording a read (for writes).

    With `to_answer`, anyone who may not answer it gets the same 404 as an outsider.
    """
    referral = access_by_id(
        user, Referral, pk, Permission.VIEW_CITIZEN, select_related=_REFERRAL_RELATED
    )
    if to_answer and not may_answer(user, referral):
        raise Http404
    return referral


def read_referral(user: User, pk: object) -> Referral:
    """Open a referral's page (the citizen's competences and health): look-up and audit."""
    referral = access_referral(user, pk)
    record_citizen_read(
        user,
        referral.citizen,
        purpose="Opslag på henvisning til virksomhedskonsulent",
        details={"referral": referral.pk},
    )
    return referral
