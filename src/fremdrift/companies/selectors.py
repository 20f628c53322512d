"""Reads of companies and referrals, each ready to render without N+1 queries."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Count, Q, QuerySet

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission, Role
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.citizens.models import Citizen
from fremdrift.companies.access import companies_for, may_answer, referrals_in_scope
from fremdrift.companies.models import Company, Referral, ReferralStatus
from fremdrift.core import clock
from fremdrift.journey.models import Period
from fremdrift.journey.types import PeriodKind

_REFERRAL_RELATED = ("citizen", "referred_by", "consultant", "responded_by")


def company_search(user: User, query: str = "") -> QuerySet[Company]:
    """The user's companies matching every word of `query` in name, CVR or industry.

    Each row carries `current_placements`, the offers running at the company today.
    """
    companies = companies_for(user)
    digits = re.sub(r"[\s-]", "", query)
    if digits.isdigit():
        # CVR numbers are written in groups ("1234 5678"): the digits together are one term.
        companies = companies.filter(Q(cvr__startswith=digits) | Q(name__contains=query.strip()))
    else:
        for term in query.split():
            companies = companies.filter(Q(name__icontains=term) | Q(industry__icontains=term))
    today = clock.today()
    running = Q(periods__kind=PeriodKind.OFFER, periods__start__lte=today) & (
        Q(periods__end__isnull=True) | Q(periods__end__gte=today)
    )
    return (
        companies.select_related("consultant")
        .annotate(current_placements=Count("periods", filter=running))
        .order_by("name", "id")
    )


def company_placements(user: User, company: Company) -> QuerySet[Period]:
    """Offer periods at the company (placements), newest first, with their citizens."""
    return (
        scoped_queryset(user, Period, Permission.VIEW_CITIZEN)
        .filter(company=company, kind=PeriodKind.OFFER)
        .select_related("citizen", "offer_type", "placement__contact_person")
        .order_by("-start", "-id")
    )


def open_referrals_for(user: User) -> QuerySet[Referral]:
    """The open referrals on the user's worklist.

    A consultant's are those sent to them; a manager sees all open in the municipality; a
    caseworker the ones they sent that still await an answer.
    """
    referrals = referrals_in_scope(user).filter(status=ReferralStatus.SENT)
    if user.role == Role.CONSULTANT:
        referrals = referrals.filter(consultant=user)
    elif user.role != Role.MANAGER:
        referrals = referrals.filter(referred_by=user)
    return referrals.select_related(*_REFERRAL_RELATED).order_by("created_at", "id")


def referrals_for_citizen(user: User, citizen: Citizen) -> QuerySet[Referral]:
    return (
        referrals_in_scope(user)
        .filter(citizen=citizen)
        .select_related(*_REFERRAL_RELATED)
        .order_by("-created_at", "-id")
    )


def citizen_section(user: User, citizen: Citizen) -> dict[str, Any]:
    """Context for `companies/_citizen_section.html` on the citizen's page (one query).

    The newest referral is the open one if there is one: a new referral is refused while
    one is open, so nothing can be sent after it.
    """
    latest = referrals_for_citizen(user, citizen).first()
    is_open = latest is not None and latest.is_open
    return {
        "citizen": citizen,
        "referral": latest,
        "is_open": is_open,
        "can_refer": user.can(Permission.EDIT_CITIZEN) and not is_open,
        "can_answer": is_open and may_answer(user, latest),
    }
