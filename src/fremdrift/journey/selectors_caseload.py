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

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q, QuerySet

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.citizens.models import Citizen
from fremdrift.journey.deadlines import Deadline, deadline_label, urgency
from fremdrift.journey.models import CaseDeadline, CaseSnapshot, OfferType, Period, offer_label
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


# The board's one query. The window functions number each column's citizens by name and
# count them; the outer query keeps the cards each column shows. Written out rather than
# built with the ORM: compiling the ORM's window filter took most of the page's query time.
# `{scoped}` is the ORM's own query for the rows the user may see (accounts.scoping), and
# every value is a bound parameter.
BOARD_SQL = """SELECT ranked.citizen_id, ranked.situation, ranked.total,
       s.phase, s.next_code, s.next_due, o.name, p.module,
       c.first_name, c.last_name, c.consultant_id, u.first_name, u.last_name
FROM (
    SELECT s.citizen_id, s.situation,
           ROW_NUMBER() OVER (
               PARTITION BY s.situation ORDER BY c.last_name, c.first_name, s.citizen_id
           ) AS place,
           COUNT(*) OVER (PARTITION BY s.situation) AS total
    FROM {snapshot} s JOIN {citizen} c ON c.id = s.citizen_id
    WHERE s.citizen_id IN ({scoped})
) ranked
JOIN {snapshot} s ON s.citizen_id = ranked.citizen_id
JOIN {citizen} c ON c.id = ranked.citizen_id
LEFT JOIN {user} u ON u.id = c.consultant_id
LEFT JOIN {period} p ON p.id = s.next_period_id
LEFT JOIN {offer_type} o ON o.id = p.offer_type_id
WHERE ranked.place <= CASE ranked.situation {limits} ELSE 0 END
ORDER BY c.last_name, c.first_name, ranked.citizen_id
"""


def _date(value: dt.date | str | None) -> dt.date | None:
    # SQLite hands a date from a hand-written query back as its ISO text.
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


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
    scoped = (
        scoped_queryset(user, CaseSnapshot, Permission.VIEW_CITIZEN)
        .filter(citizen__in=citizens.values("pk"))
        .exclude(situation="")
    )
    try:
        scoped_sql, scoped_params = scoped.values("citizen_id").query.sql_with_params()
    except EmptyResultSet:  # no permission (a none() queryset): nothing to show
        return BoardRows({}, {s: [] for s in Situation})
    sql = BOARD_SQL.format(
        snapshot=CaseSnapshot._meta.db_table,
        citizen=Citizen._meta.db_table,
        user=User._meta.db_table,
        period=Period._meta.db_table,
        offer_type=OfferType._meta.db_table,
        scoped=scoped_sql,
        limits=" ".join("WHEN %s THEN %s" for _ in shown),
    )
    params = [*scoped_params, *(v for s, n in shown.items() for v in (s.value, n))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    totals: dict[Situation, int] = {}
    cards: dict[Situation, list[CaseRow]] = {s: [] for s in Situation}
    for row in rows:
        cid, column, total, phase, code, due, offer, module, first, last = row[:10]
        consultant_id, consultant_first, consultant_last = row[10:]
        situation = Situation(column)
        totals[situation] = total
        offer_text = offer_label(offer, module or "") if offer else ""
        cards[situation].append(
            CaseRow(
                citizen_id=cid,
                first_name=first,
                last_name=last,
                phase=_phase(phase),
                next_deadline=_deadline(cid, code, _date(due), offer_text, today, soon_days),
                consultant_id=consultant_id,
                consultant_first_name=consultant_first or "",
                consultant_last_name=consultant_last or "",
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
