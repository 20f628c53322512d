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
from fremdrift.companies.models import Company, Referral

COMPANY_PERMISSION = Permission.VIEW_CITIZEN
_REFERRAL_RELATED = ("citizen", "referred_by", "consultant", "responded_by", "municipality")


def companies_for(user: User) -> QuerySet[Company]:
    return scoped_queryset(user, Company, COMPANY_PERMISSION)


def access_company(user: User, pk: object) -> Company:
    """One company in the user's municipality, or 404. Company data is not the citizen's."""
    return access_by_id(user, Company, pk, COMPANY_PERMISSION)


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
