"""The work agreement's two key figures (results.definitions PLACEMENT_AGREEMENT and
FOLLOW_UP_ON_TIME), as parts of the chain in results.compute.

- Placements with a work agreement is a stock figure like the others: each placement is a
  month interval (the months whose reference date it covers), and the part of it from the
  month its first signed version was signed is the numerator. SQL, in the chain (`fx_pl`).
- Placements followed up on time needs the matching of follow-ups to agreed dates
  (companies.follow_up_timing, the worklist's rule): the dates and follow-up days are read
  with SQL and matched in Python, placement by placement. A date is judged in the month its
  window closes, so every date a month counts is settled by its reference date.

A placement here is an offer whose type is company-oriented and takes place at a company
(the type says so, not the period's company: an erasure removes that, and no figure may
move with an erasure).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from fremdrift.companies.follow_up_timing import held_dates, window_closes
from fremdrift.core.months import month_index
from fremdrift.journey.models import OfferType
from fremdrift.results.dialect import Dialect

AGREEMENT = "placement_agreement"
ON_TIME = "follow_up_on_time"


def placement_type_ids() -> str:
    """The offer types of a placement, as an SQL list (integers from our own table)."""
    ids = OfferType.objects.filter(company_oriented=True, needs_company=True).values_list(
        "pk", flat=True
    )
    return ", ".join(str(int(pk)) for pk in ids) or "NULL"


def agreement_step(d: Dialect, where: str, signed_where: str) -> tuple[str, str]:
    """`fx_pl`: each placement as (cid, f, l) with `sm`, the month its first signed version
    was signed (NULL if none is): the day the last of the three parties signed, as they
    dated their signatures. `where` and `signed_where` scope the periods as `p` and `q`."""
    end = '"end"'
    signed = f"""SELECT a.placement_id AS plid, MAX(s.signed_on) AS sd
        FROM companies_workagreement a
        JOIN companies_agreementsignature s ON s.agreement_id = a.id
        JOIN companies_placement qp ON qp.id = a.placement_id
        JOIN journey_period q ON q.id = qp.period_id
        WHERE a.status = 'signed' AND {signed_where}
        GROUP BY a.id, a.placement_id"""
    return (
        "fx_pl",
        f"""SELECT p.citizen_id AS cid, {d.month("p.start")} AS f,
            CASE WHEN p.{end} IS NULL THEN %(h)s
                ELSE {d.least(d.last_month_covered("p." + end), "%(h)s")} END AS l,
            {d.month("MIN(v.sd)")} AS sm
        FROM journey_period p
        LEFT JOIN companies_placement pl ON pl.period_id = p.id
        LEFT JOIN ({signed}) v ON v.plid = pl.id
        WHERE {where} AND p.kind = 'offer' AND p.offer_type_id IN ({placement_type_ids()})
            AND p.start <= %(horizon_end)s
        GROUP BY p.id, p.citizen_id, p.start, p.{end}""",
    )


def agreement_spans(d: Dialect) -> list[tuple[str, str]]:
    """(part, SELECT of cid, f, l) for the share with a signed agreement."""
    return [
        ("d", "SELECT cid, f, l FROM fx_pl"),
        ("n", f"SELECT cid, {d.greatest('f', 'sm')} AS f, l FROM fx_pl WHERE sm IS NOT NULL"),
    ]


def follow_up_sql(where: str) -> str:
    """Every placement's agreed dates (newest version) and the days its follow-ups were held:
    (municipality, period, the period's last day, 'A' or 'H', date)."""
    placements = """FROM journey_period p
        JOIN companies_placement pl ON pl.period_id = p.id"""
    scoped = f"{where} AND p.kind = 'offer' AND p.offer_type_id IN ({placement_type_ids()})"
    return f"""SELECT p.municipality_id, p.id, p."end", 'A', af.date {placements}
            JOIN companies_workagreement a ON a.placement_id = pl.id
            JOIN companies_agreementfollowup af ON af.agreement_id = a.id
        WHERE {scoped} AND NOT EXISTS (
            SELECT 1 FROM companies_workagreement nx WHERE nx.previous_id = a.id)
        UNION ALL
        SELECT p.municipality_id, p.id, p."end", 'H', r.taken_on {placements}
            JOIN companies_followup fu ON fu.placement_id = pl.id
            JOIN instruments_response r ON r.id = fu.response_id
        WHERE {scoped}"""


def _date(value: object) -> dt.date:
    # SQLite gives a date from a UNION as text.
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def on_time_values(rows: list[tuple], last_month: int) -> dict[tuple, tuple[float, float]]:
    """The share followed up on time per (municipality, figure, dim, value, month), from
    `follow_up_sql`'s rows, up to `last_month`."""
    agreed: dict[tuple[int, int], list[dt.date]] = defaultdict(list)
    held: dict[tuple[int, int], list[dt.date]] = defaultdict(list)
    ends: dict[tuple[int, int], dt.date | None] = {}
    for mu, pid, end, what, day in rows:
        key = (mu, pid)
        ends[key] = None if end is None else _date(end)
        (agreed if what == "A" else held)[key].append(_date(day))
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for key, dates in agreed.items():
        end = ends[key]
        due = [d for d in dates if end is None or d <= end]
        on_time = held_dates(due, held[key])
        judged: dict[int, bool] = {}
        for date in due:
            month = month_index(window_closes(date))
            judged[month] = judged.get(month, True) and date in on_time
        for month, all_held in judged.items():
            if month <= last_month:
                cell = counts[(key[0], ON_TIME, "", "", month)]
                cell[0] += all_held
                cell[1] += 1
    return {key: (float(n), float(d)) for key, (n, d) in counts.items()}
