"""Reads of the citizen register that need care: search, filters, staff choices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Role
from fremdrift.citizens.access import citizens_for
from fremdrift.citizens.cpr import looks_like_cpr, parse_cpr
from fremdrift.citizens.cpr_storage import cpr_digest
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.origin import WESTERN_COUNTRIES, OriginGroup
from fremdrift.core import clock
from fremdrift.journey.models import Period
from fremdrift.journey.types import PeriodKind

CASEWORKER_ROLES = (Role.CASEWORKER, Role.MANAGER)


@dataclass(frozen=True)
class CitizenFilter:
    query: str = ""
    category: str = ""
    caseworker_id: int | None = None
    consultant_id: int | None = None
    origin_group: str = ""
    interpreter_needed: bool | None = None
    unassigned: bool = False
    # The citizens in a placement (not ended) at a company this consultant is responsible for.
    own_companies_of: int | None = None


def citizen_search(user: User, criteria: CitizenFilter) -> QuerySet[Citizen]:
    """The user's citizens matching `criteria`, ready to paginate (staff joined, not N+1)."""
    # An anonymised citizen is nobody to search for: the row stays for the figures only.
    citizens = citizens_for(user).filter(anonymised_at__isnull=True)
    citizens = citizens.select_related("caseworker", "consultant")
    query = criteria.query.strip()
    if query and looks_like_cpr(query):
        try:
            citizens = citizens.filter(cpr_digest=cpr_digest(parse_cpr(query).digits))
        except ValidationError:  # an impossible date: nobody can match it
            citizens = citizens.none()
    elif query:
        for term in query.split():
            citizens = citizens.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term))
    if criteria.category:
        citizens = citizens.filter(category=criteria.category)
    if criteria.caseworker_id:
        citizens = citizens.filter(caseworker_id=criteria.caseworker_id)
    if criteria.unassigned:
        citizens = citizens.filter(caseworker__isnull=True)
    if criteria.consultant_id:
        citizens = citizens.filter(consultant_id=criteria.consultant_id)
    citizens = _by_origin_and_placement(citizens, criteria)
    return citizens.order_by("last_name", "first_name", "id")


def _by_origin_and_placement(
    citizens: QuerySet[Citizen], criteria: CitizenFilter
) -> QuerySet[Citizen]:
    if criteria.origin_group == OriginGroup.WESTERN:
        citizens = citizens.filter(country_of_origin__in=WESTERN_COUNTRIES)
    elif criteria.origin_group == OriginGroup.NON_WESTERN:
        citizens = citizens.exclude(country_of_origin__in=WESTERN_COUNTRIES).exclude(
            country_of_origin__in=["", "XX"]
        )
    if criteria.interpreter_needed is not None:
        citizens = citizens.filter(interpreter_needed=criteria.interpreter_needed)
    if criteria.own_companies_of:
        citizens = citizens.filter(pk__in=_placed_with_companies_of(criteria.own_companies_of))
    return citizens


def _placed_with_companies_of(consultant_id: int) -> QuerySet[Period, Any]:
    """Citizen ids in an offer not yet ended at a company the consultant is responsible for
    (the outer query is scoped; companies are kept per municipality)."""
    not_ended = Q(end__isnull=True) | Q(end__gte=clock.today())
    return Period.objects.filter(
        not_ended, kind=PeriodKind.OFFER, company__consultant_id=consultant_id
    ).values("citizen_id")


def staff_in_municipality(user: User, roles: tuple[str, ...]) -> QuerySet[User]:
    """Active colleagues in the user's municipality holding one of `roles`."""
    return User.objects.filter(
        municipality_id=user.municipality_id, role__in=roles, is_active=True
    ).order_by("first_name", "last_name")
