"""The benefit spells behind the median, kept per citizen in `BenefitSpell`.

The median benefit spell is not additive: a change to one citizen's benefit moves the
median of every month the citizen's spell covers, and computing it needs every spell of the
municipality. Deriving those from the periods (the whole chain for the municipality) took
over 100 ms in a large municipality. So the spells are kept in a small indexed table: the
full rebuild fills it, a followed write replaces the citizen's rows, and the median is
computed again only for the months whose spells changed, from the rows of the spells that
run in those months (refresh.follow).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection

from fremdrift.core.months import month_end
from fremdrift.results.compute import Dialect, Run, Scope
from fremdrift.results.models import BenefitSpell
from fremdrift.results.sweeps import Values

# (citizen, municipality, first day as date ordinal, first month, last month)
Spell = tuple[int, int, int, int, int]
COLUMNS = ("citizen_id", "municipality_id", "start", "first", "last")
KINDS = ("programme", "benefit")


def source(d: Dialect) -> str:
    """Each benefit spell cut to each programme period it falls in, as compute.spell_source
    does for the median, with the citizen."""
    g, lst = d.greatest, d.least
    return f"""SELECT x.cid, z.mu, x.s, {g("x.f", "p.f")} AS f, {lst("x.l", "p.l")} AS l
        FROM fx_sp x JOIN fx_iv p ON p.cid = x.cid AND p.tag = 'P'
        JOIN fx_cz z ON z.cid = x.cid
        WHERE {g("x.f", "p.f")} <= {lst("x.l", "p.l")}"""


def _ordinal(value: object) -> int:
    # SQLite hands a date back as its ISO text.
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return day.toordinal()


def of_run(run: Run) -> list[Spell]:
    """The spells of the run's citizens, sorted."""
    return sorted(
        (cid, mu, _ordinal(s), f, last) for cid, mu, s, f, last in run.query(source(run.dialect))
    )


def _day(d: Dialect) -> str:
    # The start as Python's date ordinal, so the median needs no date objects.
    if d.pg:
        return "(start - DATE '0001-01-01' + 1)"
    return "CAST(julianday(start) - 1721424.5 AS INTEGER)"


def rebuild(*, municipality_id: int | None = None, today: dt.date | None = None) -> None:
    """Fill the table from the periods (all municipalities, or one), in the rebuild's
    transaction."""
    rows = BenefitSpell.objects.all()
    if municipality_id is not None:
        rows = rows.filter(municipality_id=municipality_id)
    rows._raw_delete(rows.db)
    scope = Scope(municipality_id=municipality_id, kinds=KINDS)
    with Run(scope, today=today, materialise=False) as run:
        prefix = ",\n".join(f"{name} AS ({body})" for name, body in run.chain)
        sql = f"""WITH {prefix}
            INSERT INTO {BenefitSpell._meta.db_table} ({", ".join(COLUMNS)})
            SELECT cid, mu, s, f, l FROM ({source(run.dialect)}) spells"""
        with connection.cursor() as cursor:
            used: dict[str, Any] = {k: v for k, v in run.params.items() if f"%({k})s" in sql}
            cursor.execute(sql, used)


def stored(citizen_ids: Iterable[int]) -> list[Spell]:
    """The citizens' spells as the table holds them, sorted."""
    rows = BenefitSpell.objects.filter(citizen_id__in=list(citizen_ids))
    return sorted(
        (cid, mu, _ordinal(s), f, last)
        for cid, mu, s, f, last in rows.values_list(*COLUMNS).order_by()
    )


def replace(citizen_ids: tuple[int, ...], after: list[Spell]) -> None:
    """Store the citizens' spells as they are after a change."""
    BenefitSpell.objects.filter(citizen_id__in=citizen_ids).delete()
    BenefitSpell.objects.bulk_create(
        BenefitSpell(
            citizen_id=cid,
            municipality_id=mu,
            start=dt.date.fromordinal(day),
            first=first,
            last=last,
        )
        for cid, mu, day, first, last in after
    )


def changed_months(before: list[Spell], after: list[Spell]) -> dict[int, list[int]]:
    """Per municipality, the months in which the starts of the spells running differ."""
    differing = set(before) ^ set(after)
    months: dict[int, list[int]] = {}
    for mu in sorted({row[1] for row in differing}):
        rows = [row for row in differing if row[1] == mu]
        lo, hi = min(row[3] for row in rows), max(row[4] for row in rows)

        def starts(spells: list[Spell], month: int, mu: int = mu) -> list[int]:
            return sorted(s[2] for s in spells if s[1] == mu and s[3] <= month <= s[4])

        found = [m for m in range(lo, hi + 1) if starts(before, m) != starts(after, m)]
        if found:
            months[mu] = found
    return months


# Up to this many months the database picks each month's middle spells (a count and a
# sort of the spells running in the month, from the index); beyond it, one read of the
# spells and a sweep in Python cost less.
FEW_MONTHS = 2


def medians(municipality_id: int, months: list[int], *, few: int = FEW_MONTHS) -> Values:
    """The median spell in days for these months (sorted), from the spells that run in them."""
    d = Dialect(connection.vendor)
    table = BenefitSpell._meta.db_table
    running = f"FROM {table} WHERE municipality_id = %s AND last >= %s AND first <= %s"
    if len(months) <= few:
        values: Values = {}
        with connection.cursor() as cursor:
            for month in months:
                cursor.execute(f"SELECT COUNT(*) {running}", [municipality_id, month, month])
                (n,) = cursor.fetchone()
                if not n:
                    continue
                # The one or two middle spells: (n - 1) // 2 and n // 2, counted from 0.
                cursor.execute(
                    f"SELECT {_day(d)} {running} ORDER BY start LIMIT %s OFFSET %s",
                    [municipality_id, month, month, 2 - n % 2, (n - 1) // 2],
                )
                days = [day for (day,) in cursor.fetchall()]
                values[(municipality_id, "benefit_median", "", "", month)] = (
                    month_end(month).toordinal() - sum(days) / len(days),
                    float(n),
                )
        return values
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_day(d)}, first, last {running}", [municipality_id, months[0], months[-1]]
        )
        rows = cursor.fetchall()
    return median_at(municipality_id, rows, months)


def median_at(municipality_id: int, rows: list[tuple[int, int, int]], months: list[int]) -> Values:
    """The median of (reference date - start) over the (start day, first, last) rows running
    in each of `months` (sorted), as sweeps.median_days computes it for every month."""
    lo, hi = months[0], months[-1]
    active = sorted(day for day, first, _last in rows if first <= lo)
    enter: dict[int, list[int]] = defaultdict(list)
    leave: dict[int, list[int]] = defaultdict(list)
    for day, first, last in rows:
        if first > lo:
            enter[first].append(day)
        if last < hi:
            leave[last + 1].append(day)
    wanted = set(months)
    values: Values = {}
    for month in range(lo, hi + 1):
        for day in leave.get(month, ()):
            del active[bisect.bisect_left(active, day)]
        for day in enter.get(month, ()):
            bisect.insort(active, day)
        if month in wanted and active:
            size = len(active)
            mid = (active[(size - 1) // 2] + active[size // 2]) / 2
            values[(municipality_id, "benefit_median", "", "", month)] = (
                month_end(month).toordinal() - mid,
                float(size),
            )
    return values
