"""Reads of the work agreement: one version, a placement's versions, and the follow-up dates
due on a consultant's worklist."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.http import Http404

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import access_by_id, scoped_queryset
from fremdrift.citizens.access import record_citizen_read
from fremdrift.companies.follow_up_timing import held_dates
from fremdrift.companies.models import (
    AgreementFollowUp,
    AgreementParty,
    AgreementSignature,
    FollowUp,
    Placement,
    WorkAgreement,
)
from fremdrift.companies.working_time import WEEKDAY_LABELS, WEEKDAYS, hours_text, week_hours

_AGREEMENT_RELATED = (
    "placement",
    "placement__period",
    "placement__period__citizen",
    "placement__period__company",
    "placement__period__offer_type",
    "placement__period__municipality",
    "placement__contact_person",
    "placement__consultant",
    "placement__period__company__consultant",
    "previous",
    "created_by",
)
# Follow-up dates this far back stay on the worklist: an overdue follow-up is still to do.
OVERDUE_DAYS = 30


def access_agreement(
    user: User, pk: object, permission: Permission = Permission.VIEW_CITIZEN
) -> WorkAgreement:
    """One agreement version inside the user's boundary, without recording a read; 404
    otherwise, as for an outsider."""
    return access_by_id(user, WorkAgreement, pk, permission, select_related=_AGREEMENT_RELATED)


def read_agreement(user: User, pk: object, *, purpose: str) -> WorkAgreement:
    """An agreement shown or printed: the look-up and the audit entry of the citizen's read."""
    agreement = access_agreement(user, pk)
    period = agreement.placement.period
    record_citizen_read(
        user,
        period.citizen,
        purpose=purpose,
        details={"period": period.pk, "agreement": agreement.pk},
    )
    return agreement


@dataclasses.dataclass(frozen=True)
class SignatureLine:
    party: str
    label: str
    signature: AgreementSignature | None


@dataclasses.dataclass(frozen=True)
class AgreementView:
    """One version as the pages and the printout show it."""

    agreement: WorkAgreement
    follow_up_dates: tuple[dt.date, ...]
    signatures: tuple[SignatureLine, ...]
    days: tuple[tuple[str, str], ...]  # (weekday label, working time as written)
    week_hours: Decimal
    # The follow-up dates held on time (companies.follow_up_timing), as the worklist sees them.
    held: frozenset[dt.date] = frozenset()

    @property
    def sub_goals(self) -> list[str]:
        return [line.strip() for line in self.agreement.sub_goals.splitlines() if line.strip()]

    @property
    def week_hours_text(self) -> str:
        return hours_text(self.week_hours)

    @property
    def missing_parties(self) -> list[SignatureLine]:
        return [line for line in self.signatures if line.signature is None]


def agreement_view(agreement: WorkAgreement) -> AgreementView:
    signed = {s.party: s for s in agreement.signatures.select_related("recorded_by")}
    days = {name: getattr(agreement, name) for name in WEEKDAYS}
    dates = tuple(agreement.follow_up_dates.values_list("date", flat=True))
    held_on = agreement.placement.follow_ups.values_list("response__taken_on", flat=True)
    return AgreementView(
        agreement=agreement,
        follow_up_dates=dates,
        held=held_dates(dates, held_on),
        signatures=tuple(
            SignatureLine(party, str(label), signed.get(party))
            for party, label in AgreementParty.choices
        ),
        days=tuple((str(WEEKDAY_LABELS[name]), days[name]) for name in WEEKDAYS),
        week_hours=week_hours(days),
    )


def placement_agreements(user: User, placement: Placement | None) -> list[WorkAgreement]:
    """A placement's versions, newest first."""
    if placement is None:
        return []
    return list(
        scoped_queryset(user, WorkAgreement, Permission.VIEW_CITIZEN)
        .filter(placement=placement)
        .select_related("previous")
        .order_by("-number")
    )


@dataclasses.dataclass(frozen=True)
class AgreementSection:
    """The placement page's part about the agreement."""

    current: AgreementView | None
    history: tuple[WorkAgreement, ...]  # the earlier versions, newest first


def agreement_section(user: User, placement: Placement | None) -> AgreementSection:
    versions = placement_agreements(user, placement)
    if not versions:
        return AgreementSection(current=None, history=())
    return AgreementSection(current=agreement_view(versions[0]), history=tuple(versions[1:]))


def require_newest(user: User, agreement: WorkAgreement) -> None:
    """Writes go to the newest version only; an older one is history (404 for a write)."""
    newer = scoped_queryset(user, WorkAgreement, Permission.VIEW_CITIZEN).filter(
        placement_id=agreement.placement_id, number__gt=agreement.number
    )
    if newer.exists():
        raise Http404


@dataclasses.dataclass(frozen=True)
class DueFollowUp:
    date: dt.date
    overdue: bool
    citizen_id: int
    citizen_name: str
    company_name: str
    period_id: int
    agreement_number: int


def _followed_by(person: User) -> Q:
    """The placements a consultant follows: their own, or their company's when none is set."""
    return Q(agreement__placement__consultant=person) | Q(
        agreement__placement__consultant__isnull=True,
        agreement__placement__period__company__consultant=person,
    )


def due_agreement_follow_ups(
    user: User, person: User | None, *, today: dt.date, soon_days: int
) -> list[AgreementFollowUp]:
    """Agreed follow-up dates from OVERDUE_DAYS ago to `soon_days` ahead that are not held
    yet (companies.follow_up_timing), on the newest version of each placement's agreement,
    for the placements `person` follows (everyone's in the municipality when None).
    Placements that have ended are left out. Three queries, however many placements."""
    dates = (
        scoped_queryset(user, AgreementFollowUp, Permission.VIEW_CITIZEN)
        .filter(
            date__gte=today - dt.timedelta(days=OVERDUE_DAYS),
            date__lte=today + dt.timedelta(days=soon_days),
            agreement__next_version__isnull=True,
        )
        .exclude(agreement__placement__period__end__lt=today)
        .select_related(
            "agreement",
            "agreement__placement__period__citizen",
            "agreement__placement__period__company",
        )
        .order_by("date", "id")
    )
    if person is not None:
        dates = dates.filter(_followed_by(person))
    rows = list(dates)
    held = _held(user, rows)
    return [row for row in rows if row.date not in held.get(row.agreement_id, ())]


def _held(user: User, rows: list[AgreementFollowUp]) -> dict[int, frozenset[dt.date]]:
    """The held dates per agreement, matched against all of its dates (a follow-up held for
    a date before the window must not count again for one inside it)."""
    if not rows:
        return {}
    placements = {row.agreement_id: row.agreement.placement_id for row in rows}
    agreed: dict[int, list[dt.date]] = defaultdict(list)
    for agreement_id, date in (
        scoped_queryset(user, AgreementFollowUp, Permission.VIEW_CITIZEN)
        .filter(agreement_id__in=placements)
        .values_list("agreement_id", "date")
    ):
        agreed[agreement_id].append(date)
    days: dict[int, list[dt.date]] = defaultdict(list)
    for placement_id, day in (
        scoped_queryset(user, FollowUp, Permission.VIEW_CITIZEN)
        .filter(placement_id__in=set(placements.values()))
        .values_list("placement_id", "response__taken_on")
    ):
        days[placement_id].append(day)
    return {
        agreement_id: held_dates(agreed[agreement_id], days[placement_id])
        for agreement_id, placement_id in placements.items()
    }


def due_follow_up_rows(dates: list[AgreementFollowUp], today: dt.date) -> list[DueFollowUp]:
    rows = []
    for row in dates:
        period = row.agreement.placement.period
        rows.append(
            DueFollowUp(
                date=row.date,
                overdue=row.date < today,
                citizen_id=period.citizen_id,
                citizen_name=period.citizen.full_name,
                company_name=period.company.name if period.company else "",
                period_id=period.pk,
                agreement_number=row.agreement.number,
            )
        )
    return rows
