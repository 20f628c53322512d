"""Reads of the case snapshots for the board and the worklists: counts and rows, not citizens.

The rows are derived and kept current by journey.snapshot_services; the caller brings the
ones it reads up to date first (`ensure_current`). Each function here is a fixed number of
queries, scoped to the user's municipality and role (accounts.scoping) and narrowed to the
citizens the page shows (journey.scope): the database counts and cuts, so no page builds
more citizens than it shows. The rows come back as plain values, not model instances: a
page of hundreds of cards would spend more time building citizens, users and periods than
reading them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.citizens.models import Citizen
from fremdrift.journey.deadlines import Deadline, deadline_label, urgency
from fremdrift.journey.models import CaseDeadline, CaseSnapshot, offer_label
from fremdrift.journey.situation import Situation
from fremdrift.journey.types import Phase

BY_NAME = ("citizen__last_name", "citizen__first_name", "citizen_id")


def _name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


@dataclass(frozen=True)
class CaseRow:
    """A citizen as a card or a worklist line shows them."""

    citizen_id: int
    first_name: str
    last_name: str
    phase: Phase | None
    next_deadline: Deadline | None
    consultant_id: int | None = None
    consultant_first_name: str = ""
    consultant_last_name: str = ""
    caseworker_name: str = ""

    @property
    def full_name(self) -> str:
        return _name(self.first_name, self.last_name)

    @property
    def consultant_name(self) -> str:
        return _name(self.consultant_first_name, self.consultant_last_name)

    @property
    def consultant_initials(self) -> str:
        return self.consultant_first_name[:1] + self.consultant_last_name[:1]


@dataclass(frozen=True)
class BoardRows:
    totals: dict[Situation, int]  # citizens per column, shown or not
    cards: dict[Situation, list[CaseRow]]  # each column's first cards, by name


def _deadline(
    citizen_id: int, code: str, due: dt.date | None, offer: str, today: dt.date, soon_days: int
) -> Deadline | None:
    if due is None:
        return None
    label = deadline_label(code, offer)
    return Deadline(citizen_id, code, label, due, urgency(due, today, soon_days))


def _offer(row: dict[str, Any], prefix: str) -> str:
    name = row[f"{prefix}__offer_type__name"]
    return offer_label(name, row[f"{prefix}__module"] or "") if name else ""


def _phase(value: str | None) -> Phase | None:
    return Phase(value) if value else None


CARD_FIELDS = (
    "citizen_id",
    "situation",
    "phase",
    "next_code",
    "next_due",
    "next_period__offer_type__name",
    "next_period__module",
    "citizen__first_name",
    "citizen__last_name",
    "citizen__consultant_id",
    "citizen__consultant__first_name",
    "citizen__consultant__last_name",
)


def board_rows(
    user: User,
    citizens: QuerySet[Citizen],
    shown: dict[Situation, int],
    *,
    today: dt.date,
    soon_days: int,
) -> BoardRows:
    """Each column's total and its first `shown[column]` cards by name, in one query.

    The database numbers each column's citizens by name and counts them (window functions),
    and returns only the rows to show, each with its column's total.
    """
    snapshots = scoped_queryset(user, CaseSnapshot, Permission.VIEW_CITIZEN).filter(
        citizen__in=citizens.values("pk")
    )
    by_name = [F(name).asc() for name in BY_NAME]
    ranked = (
        snapshots.exclude(situation="")
        .annotate(
            place=Window(RowNumber(), partition_by=[F("situation")], order_by=by_name),
            column_total=Window(Count("pk"), partition_by=[F("situation")]),
            limit=Case(
                *(When(situation=s.value, then=Value(n)) for s, n in shown.items()),
                default=Value(0),
            ),
        )
        .filter(place__lte=F("limit"))
        .order_by(*BY_NAME)
        .values(*CARD_FIELDS, "column_total")
    )
    totals: dict[Situation, int] = {}
    cards: dict[Situation, list[CaseRow]] = {s: [] for s in Situation}
    for row in ranked:
        situation = Situation(row["situation"])
        totals[situation] = row["column_total"]
        cid = row["citizen_id"]
        deadline = _deadline(
            cid, row["next_code"], row["next_due"], _offer(row, "next_period"), today, soon_days
        )
        cards[situation].append(
            CaseRow(
                citizen_id=cid,
                first_name=row["citizen__first_name"],
                last_name=row["citizen__last_name"],
                phase=_phase(row["phase"]),
                next_deadline=deadline,
                consultant_id=row["citizen__consultant_id"],
                consultant_first_name=row["citizen__consultant__first_name"] or "",
                consultant_last_name=row["citizen__consultant__last_name"] or "",
            )
        )
    return BoardRows(totals, cards)


def due_deadlines(
    user: User, citizens: QuerySet[Citizen], *, today: dt.date, soon_days: int
) -> QuerySet[CaseDeadline]:
    """The deadlines of these citizens that are overdue or due within `soon_days`."""
    return scoped_queryset(user, CaseDeadline, Permission.VIEW_CITIZEN).filter(
        citizen__in=citizens.values("pk"), due__lte=today + dt.timedelta(days=soon_days)
    )


LINE_FIELDS = (
    "citizen_id",
    "code",
    "due",
    "period__offer_type__name",
    "period__module",
    "citizen__first_name",
    "citizen__last_name",
    "citizen__case_snapshot__phase",
    "citizen__caseworker__first_name",
    "citizen__caseworker__last_name",
)


def most_urgent(
    due: QuerySet[CaseDeadline], count: int, *, today: dt.date, soon_days: int
) -> list[CaseRow]:
    """The `count` earliest of `due` (overdue first, as urgency follows the due date), each
    as its citizen's line with the deadline as `next_deadline`, in one query."""
    rows = due.order_by("due", *BY_NAME, "code").values(*LINE_FIELDS)[:count]
    return [
        CaseRow(
            citizen_id=row["citizen_id"],
            first_name=row["citizen__first_name"],
            last_name=row["citizen__last_name"],
            phase=_phase(row["citizen__case_snapshot__phase"]),
            next_deadline=_deadline(
                row["citizen_id"], row["code"], row["due"], _offer(row, "period"), today, soon_days
            ),
            caseworker_name=_name(
                row["citizen__caseworker__first_name"], row["citizen__caseworker__last_name"]
            ),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class CaseworkerLoad:
    caseworker_id: int | None  # None: the citizens without a caseworker
    overdue: int
    soon: int


def loads_per_caseworker(due: QuerySet[CaseDeadline], today: dt.date) -> list[CaseworkerLoad]:
    """How many of `due` are overdue and how many due soon, per caseworker, in one query."""
    rows = (
        due.order_by()
        .values("citizen__caseworker")
        .annotate(
            overdue=Count("pk", filter=Q(due__lt=today)),
            soon=Count("pk", filter=Q(due__gte=today)),
        )
    )
    return [CaseworkerLoad(r["citizen__caseworker"], r["overdue"], r["soon"]) for r in rows]
