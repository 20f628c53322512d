"""Own figures from periods, with SQL aggregates, on SQLite and PostgreSQL alike.

The reference date of a month is its last day, so "period p covers the reference date of
month m" is `first <= m <= last` with first = month of p's start and last = the month before
the day after p's end. Every stock figure is then a set of month intervals per citizen
(intersections of such intervals: in the programme AND on integration benefit AND job-ready),
and a count over months is a running sum of +1 at an interval's first month and -1 after its
last. The database does the joins and the GROUP BY over these deltas, so the work grows with
the number of periods, not with citizens x months.

One chain of SQL steps serves two uses:
- a full or per-municipality rebuild runs each step as a temporary table (indexed), and
- one citizen's contribution runs the same steps as one WITH query scoped to that citizen,
  so a change can be applied to the table as a difference (see refresh.py).
Only the dialect helpers below differ between the databases.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from fremdrift.citizens.origin import STATELESS, UNKNOWN, WESTERN_COUNTRIES
from fremdrift.core import clock
from fremdrift.core.months import month_end, month_index
from fremdrift.journey.models import BenefitType, OfferType
from fremdrift.results.definitions import (
    AGE_BANDS,
    DURATION_BANDS,
    FIGURES,
    PAID_WORK_CATEGORIES,
    PAID_WORK_MONTHS,
    Dim,
    Unit,
)
from fremdrift.results.dialect import Dialect
from fremdrift.results.placement_figures import (
    AGREEMENT,
    agreement_spans,
    agreement_step,
    follow_up_sql,
    on_time_values,
)
from fremdrift.results.prepared import prepared_query
from fremdrift.results.sweeps import Key, Values, median_days, running_sums

# (municipality id, figure, dim, value key, month) -> (numerator, denominator)

FAR_FUTURE = dt.date(9999, 12, 31)
TEAM_FIGURES = ("M1", "M2", "M3", "programme")
# Breakdowns that cover their figure's whole population: the total is their sum.
TOTAL_OF = {Dim.TEAM, Dim.DURATION}


@dataclass(frozen=True)
class Scope:
    """Which citizens to compute: everybody, one municipality, or some citizens."""

    municipality_id: int | None = None
    citizen_ids: tuple[int, ...] | None = None
    # Only these kinds of period (the median needs programme and benefit periods only).
    kinds: tuple[str, ...] | None = None

    def where(self, alias: str, citizen_column: str) -> tuple[str, dict[str, object]]:
        if self.citizen_ids is not None:
            names = [f"c{i}" for i in range(len(self.citizen_ids))]
            placeholders = ", ".join(f"%({n})s" for n in names) or "NULL"
            return (
                f"{alias}.{citizen_column} IN ({placeholders})",
                dict(zip(names, self.citizen_ids, strict=True)),
            )
        if self.municipality_id is not None:
            return f"{alias}.municipality_id = %(mu)s", {"mu": self.municipality_id}
        return "1 = 1", {}


def _ids(rows: QuerySet) -> str:
    return ", ".join(str(int(pk)) for pk in rows.values_list("pk", flat=True)) or "NULL"


def _values_table(rows: Iterable[tuple[str, int, int | None]], h: str) -> str:
    return " UNION ALL ".join(
        f"SELECT '{label}' AS band, {lo} AS lo, {h if hi is None else hi} AS hi"
        for label, lo, hi in rows
    )


def _merged(where: str) -> str:
    """The intervals of fx_iv rows matching `where`, merged where they overlap or meet."""
    return f"""SELECT cid, MIN(f) AS f, MAX(l) AS l FROM (
        SELECT cid, f, l,
            SUM(brk) OVER (PARTITION BY cid ORDER BY f, l ROWS UNBOUNDED PRECEDING) AS isl
        FROM (
            SELECT cid, f, l, CASE WHEN f <= MAX(l) OVER (
                PARTITION BY cid ORDER BY f, l
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) + 1
                THEN 0 ELSE 1 END AS brk
            FROM fx_iv WHERE {where} AND f <= l
        ) x
    ) y GROUP BY cid, isl"""


def steps(d: Dialect, scope: Scope) -> tuple[list[tuple[str, str]], dict[str, object]]:
    """The chain of (name, SELECT) steps; later steps read earlier ones by name."""
    cz_where, params = scope.where("c", "id")
    iv_where, _same = scope.where("p", "citizen_id")
    western = ", ".join(f"'{code}'" for code in sorted(WESTERN_COUNTRIES | {UNKNOWN, ""}))
    assert STATELESS not in WESTERN_COUNTRIES  # stateless persons count as non-western
    g, lst = d.greatest, d.least
    end = '"end"'
    # The types are data (an administrator may change which count), so their ids are read
    # per run; they are integers from our own tables.
    integration = _ids(BenefitType.objects.filter(integration_benefit=True))
    oriented = _ids(OfferType.objects.filter(company_oriented=True))
    paid = _ids(OfferType.objects.filter(category__in=PAID_WORK_CATEGORIES))
    # "At a company" by the offer type (the rules require its company), not the period's
    # company: the erasure removes that, and the figures must not move with an erasure.
    at_company = _ids(OfferType.objects.filter(needs_company=True))
    ov_where, _also = scope.where("o", "citizen_id")
    # Hours per week in tenths: whole numbers, so a change's difference adds up exactly.
    tenths = "CAST(ROUND({} * 10) AS INTEGER)"
    # Ordinary hours beside the offers (activation.OrdinaryHours) count as activation hours.
    ordinary = (
        ""
        if scope.kinds is not None
        else f"""
            UNION ALL
            SELECT o.citizen_id, o.municipality_id, 'H', 0, o.start, o.{end},
                {d.month("o.start")},
                CASE WHEN o.{end} IS NULL THEN %(h)s
                    ELSE {lst(d.last_month_covered("o." + end), "%(h)s")} END,
                {tenths.format("o.hours_per_week")}, 0, 0
            FROM activation_ordinaryhours o
            WHERE {ov_where} AND o.start <= %(horizon_end)s"""
    )
    kinds = (
        "<> 'absence'"
        if scope.kinds is None
        else f"IN ({', '.join(repr(str(k)) for k in scope.kinds if str(k).isalpha())})"
    )
    chain = [
        (
            "fx_cz",
            f"""SELECT c.id AS cid, c.municipality_id AS mu, COALESCE(u.team_id, 0) AS team,
                c.gender AS gender,
                CASE WHEN c.country_of_origin IN ({western}) THEN 0 ELSE 1 END AS nw,
                {d.month("c.birth_date")} + {d.born_29_february("c.birth_date")} AS b
            FROM citizens_citizen c LEFT JOIN accounts_user u ON u.id = c.caseworker_id
            WHERE {cz_where}""",
        ),
        (
            "fx_iv",
            f"""SELECT p.citizen_id AS cid, p.municipality_id AS mu,
                CASE p.kind
                    WHEN 'programme' THEN 'P'
                    WHEN 'benefit' THEN 'B'
                    WHEN 'visitation' THEN
                        CASE p.code WHEN 'job_ready' THEN 'J' ELSE 'A' END
                    WHEN 'offer' THEN
                        CASE WHEN p.offer_type_id IN ({oriented}) THEN 'C' ELSE 'N' END
                    ELSE CASE p.code
                        WHEN 'ordinary_job' THEN 'W' WHEN 'ordinary_education' THEN 'E'
                        WHEN 'moved' THEN 'X' ELSE 'O' END
                END AS tag,
                CASE WHEN p.benefit_type_id IN ({integration}) THEN 1 ELSE 0 END AS ib,
                p.start AS s, p.{end} AS e,
                {d.month("p.start")} AS f,
                CASE WHEN p.{end} IS NULL THEN %(h)s
                    ELSE {lst(d.last_month_covered("p." + end), "%(h)s")} END AS l,
                {tenths.format("p.hours_per_week")} AS hw,
                CASE WHEN p.offer_type_id IN ({paid}) THEN 1 ELSE 0 END AS pw,
                CASE WHEN p.offer_type_id IN ({at_company}) THEN 1 ELSE 0 END AS at
            FROM journey_period p
            WHERE {iv_where} AND p.kind {kinds} AND p.start <= %(horizon_end)s{ordinary}""",
        ),
        # Company-oriented offers merged where they overlap: one citizen counts once.
        ("fx_co", _merged("tag = 'C'")),
        # Offers without hours merged where they overlap: the months a citizen's hours are
        # missing (left out of the average, counted as missing instead).
        ("fx_mi", _merged("tag IN ('C', 'N') AND hw IS NULL")),
        (
            # Continuous benefit spells: a benefit period starting the day after the previous
            # one ended continues the spell, whatever the benefit type.
            "fx_sp",
            f"""SELECT cid, MIN(s) AS s, MIN(f) AS f, MAX(l) AS l FROM (
                SELECT cid, s, f, l,
                    SUM(brk) OVER (PARTITION BY cid ORDER BY s ROWS UNBOUNDED PRECEDING) AS isl
                FROM (
                    SELECT cid, s, f, l, CASE WHEN s <= MAX(COALESCE({d.day_after("e")},
                        %(far)s)) OVER (PARTITION BY cid ORDER BY s
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                        THEN 0 ELSE 1 END AS brk
                    FROM fx_iv WHERE tag = 'B'
                ) x
            ) y GROUP BY cid, isl""",
        ),
        (
            # In the programme and on the integration benefit (population of M2 and M3).
            "fx_pb",
            f"""SELECT p.cid, {g("p.f", "b.f")} AS f, {lst("p.l", "b.l")} AS l
            FROM fx_iv p JOIN fx_iv b ON b.cid = p.cid AND b.tag = 'B' AND b.ib = 1
            WHERE p.tag = 'P' AND {g("p.f", "b.f")} <= {lst("p.l", "b.l")}""",
        ),
        (
            # Population of M1: non-western, 18-64, within 36 months of the first programme
            # start, not moved away.
            "fx_m1",
            f"""SELECT z.cid, {g("ps.f", "z.b + 216")} AS f,
                {lst("ps.f + 35", "z.b + 779", "COALESCE(mv.f - 1, %(h)s)", "%(h)s")} AS l
            FROM fx_cz z
            JOIN (SELECT cid, MIN(f) AS f FROM fx_iv WHERE tag = 'P' GROUP BY cid) ps
                ON ps.cid = z.cid
            LEFT JOIN (SELECT cid, MIN(f) AS f FROM fx_iv WHERE tag = 'X' GROUP BY cid) mv
                ON mv.cid = z.cid
            WHERE z.nw = 1""",
        ),
    ]
    if scope.kinds is None:  # the median's run reads benefit spells only
        chain.append(agreement_step(d, iv_where, scope.where("q", "citizen_id")[0]))
    params.update({"h": 0, "horizon_end": FAR_FUTURE, "far": FAR_FUTURE})
    return chain, params


@dataclass(frozen=True)
class Span:
    """One part of a figure as month intervals per citizen: a SELECT of (cid, f, l)."""

    fig: str
    part: str  # "n" numerator or "d" denominator
    sql: str
    w: int = 1  # -1 takes intervals away (a job with a benefit is not self-support)
    weight: str = ""  # a column of the intervals each counts with (hours), else 1


def spans(d: Dialect) -> list[Span]:
    g, lst = d.greatest, d.least

    def both(a: str, b: str) -> str:
        """The intersections of interval sets `a` and `b`, citizen by citizen."""
        return f"""SELECT x.cid, {g("x.f", "y.f")} AS f, {lst("x.l", "y.l")} AS l
            FROM {a} x JOIN {b} y ON y.cid = x.cid"""

    def tag(t: str) -> str:
        return f"(SELECT cid, f, l FROM fx_iv WHERE tag = '{t}')"

    programme = tag("P")
    # Offers and ordinary hours with their hours, within the programme, and the part of
    # them in months where some other offer's hours are missing (taken away again).
    hours = "(SELECT cid, f, l, hw FROM fx_iv WHERE tag IN ('C', 'N', 'H') AND hw IS NOT NULL)"
    hours_in_programme = f"""SELECT x.cid, {g("x.f", "y.f")} AS f, {lst("x.l", "y.l")} AS l,
        y.hw FROM {programme} x JOIN {hours} y ON y.cid = x.cid"""
    hours_missing = f"""SELECT x.cid, {g("x.f", "y.f")} AS f, {lst("x.l", "y.l")} AS l, x.hw
        FROM ({hours_in_programme}) x JOIN fx_mi y ON y.cid = x.cid"""
    return [
        Span("M1", "d", "SELECT cid, f, l FROM fx_m1"),
        Span("M1", "n", both("fx_m1", tag("E"))),
        Span("M1", "n", both("fx_m1", tag("W"))),
        Span("M1", "n", both("fx_m1", f"({both(tag('W'), tag('B'))})"), w=-1),
        Span("M2", "d", "SELECT cid, f, l FROM fx_pb"),
        Span("M2", "n", both("fx_pb", tag("J"))),
        Span("M3", "d", "SELECT cid, f, l FROM fx_pb"),
        Span("M3", "n", both("fx_pb", "fx_co")),
        Span("programme", "n", f"SELECT cid, f, l FROM {programme} p"),
        Span("job_ready", "n", both(programme, tag("J"))),
        Span("activity_ready", "n", both(programme, tag("A"))),
        Span("company_now", "n", both(programme, "fx_co")),
        Span("benefit_spell", "n", both("fx_sp", programme)),
        Span("activation_hours", "n", hours_in_programme, weight="s.hw"),
        Span("activation_hours", "n", hours_missing, w=-1, weight="s.hw"),
        Span("activation_hours", "d", f"SELECT cid, f, l FROM {programme} p"),
        Span("activation_hours", "d", both(programme, "fx_mi"), w=-1),
        Span("activation_missing", "n", both(programme, "fx_mi")),
        *(Span(AGREEMENT, part, sql) for part, sql in agreement_spans(d)),
    ]


_EDGES = "(SELECT 0 AS e UNION ALL SELECT 1 AS e) e"


def _edge(fig: str, part: str, w: int, dim: str, val: str, source: str, weight: str = "") -> str:
    """+w in an interval's first month and -w after its last, summed per month.

    `source` names the intervals `s` (cid, f, l) and the citizen `z`; `val` is the breakdown
    value as an SQL expression.
    """
    month = "CASE WHEN e.e = 0 THEN s.f ELSE s.l + 1 END"
    each = f" * {weight}" if weight else ""
    add = f"SUM(CASE WHEN e.e = 0 THEN {w}{each} ELSE {-w}{each} END)"
    keys = ", ".join(["z.mu", *([val] if dim else []), month])
    return f"""SELECT z.mu AS mu, '{fig}' AS fig, '{dim}' AS dim, {val} AS val,
            '{part}' AS part, {month} AS m, {add} AS d
        FROM {source} CROSS JOIN {_EDGES}
        WHERE s.f <= s.l AND (e.e = 0 OR s.l < %(h)s)
        GROUP BY {keys}"""


def deltas(d: Dialect) -> str:
    """Every figure's monthly deltas: totals, by team, by age and gender, by spell duration.

    Grouped per figure straight from the interval tables, so no intermediate table of every
    citizen's intervals is written.
    """
    g, lst = d.greatest, d.least
    parts = []
    for span in spans(d):
        source = f"({span.sql}) s JOIN fx_cz z ON z.cid = s.cid"
        if span.fig in TEAM_FIGURES:
            # The total is the sum of the teams (see additive_values): one pass, not two.
            team = "CAST(z.team AS VARCHAR(20))"
            parts.append(_edge(span.fig, span.part, span.w, "team", team, source))
        elif span.fig != "benefit_spell":
            parts.append(_edge(span.fig, span.part, span.w, "", "''", source, span.weight))
        if span.fig == "programme":
            bands = f"""(SELECT q.cid, {g("q.f", "c.b + a.lo")} AS f,
                {lst("q.l", "c.b + a.hi")} AS l, a.band || ':' || c.gender AS val
                FROM ({span.sql}) q JOIN fx_cz c ON c.cid = q.cid
                CROSS JOIN ({_values_table(AGE_BANDS, "100000")}) a) s
                JOIN fx_cz z ON z.cid = s.cid"""
            parts.append(_edge(span.fig, "n", 1, "age_gender", "s.val", bands))
        if span.fig == "benefit_spell":
            # Bands by completed months since the spell started (x.f, the spell's first month).
            spell = f"""(SELECT x.cid, x.f AS sf, {g("x.f", "y.f")} AS f,
                {lst("x.l", "y.l")} AS l FROM fx_sp x
                JOIN (SELECT cid, f, l FROM fx_iv WHERE tag = 'P') y ON y.cid = x.cid)"""
            bands = f"""(SELECT q.cid, {g("q.f", "q.sf + b.lo")} AS f,
                {lst("q.l", "q.sf + b.hi")} AS l, b.band AS val FROM {spell} q
                CROSS JOIN ({_values_table(DURATION_BANDS, "100000")}) b) s
                JOIN fx_cz z ON z.cid = s.cid"""
            parts.append(_edge(span.fig, "n", 1, "duration", "s.val", bands))
    return "\nUNION ALL\n".join(parts)


def flows(d: Dialect) -> str:
    """Events in a month (inflow, outflow, offers started) and the first-offer cohort."""
    first_offer_in_time = f"fc.s <= {d.one_month_after('fp.s')}"
    # A placement: a company-oriented offer that takes place at a company (its type says so)
    # and is not paid work itself.
    # It led to paid work when wage subsidy, IGU or an ordinary job started after its first
    # day and at the latest three months after its last; counted in the third month after
    # the one it ended in, when the three months are over.
    ended = d.month("pl.e")
    paid_in_time = f"""EXISTS (SELECT 1 FROM fx_iv w WHERE w.cid = pl.cid
        AND (w.pw = 1 OR w.tag = 'W') AND w.s > pl.s
        AND w.s <= {d.months_after("pl.e", PAID_WORK_MONTHS)})"""
    return f"""SELECT mu, 'inflow' AS fig, '' AS dim, '' AS val, f AS m,
            COUNT(*) AS n, 0 AS dd FROM fx_iv WHERE tag = 'P' AND f <= %(h)s GROUP BY mu, f
        UNION ALL
        SELECT mu, 'outflow_job', '', '', f, COUNT(*), 0 FROM fx_iv
            WHERE tag IN ('W', 'E') AND f <= %(h)s GROUP BY mu, f
        UNION ALL
        SELECT mu, 'outflow_other', '', '', f, COUNT(*), 0 FROM fx_iv
            WHERE tag IN ('X', 'O') AND f <= %(h)s GROUP BY mu, f
        UNION ALL
        SELECT mu, 'company_started', '', '', f, COUNT(*), 0 FROM fx_iv
            WHERE tag = 'C' AND f <= %(h)s GROUP BY mu, f
        UNION ALL
        SELECT pl.mu, 'placement_paid', '', '', {ended} + {PAID_WORK_MONTHS},
            SUM(CASE WHEN {paid_in_time} THEN 1 ELSE 0 END), COUNT(*)
        FROM fx_iv pl
        WHERE pl.tag = 'C' AND pl.at = 1 AND pl.pw = 0 AND pl.e IS NOT NULL
            AND {ended} + {PAID_WORK_MONTHS} <= %(h)s
        GROUP BY pl.mu, {ended} + {PAID_WORK_MONTHS}
        UNION ALL
        SELECT fp.mu, 'first_offer', '', '', fp.f,
            SUM(CASE WHEN {first_offer_in_time} THEN 1 ELSE 0 END), COUNT(*)
        FROM (SELECT cid, mu, MIN(s) AS s, MIN(f) AS f FROM fx_iv WHERE tag = 'P'
              GROUP BY cid, mu) fp
        LEFT JOIN (SELECT cid, MIN(s) AS s FROM fx_iv WHERE tag = 'C' GROUP BY cid) fc
            ON fc.cid = fp.cid
        WHERE fp.f <= %(h)s
        GROUP BY fp.mu, fp.f"""


def spell_source(d: Dialect) -> str:
    """Benefit spells within the programme, for the median: (mu, spell start, f, l)."""
    g, lst = d.greatest, d.least
    return f"""SELECT z.mu, x.s, {g("x.f", "p.f")} AS f, {lst("x.l", "p.l")} AS l
        FROM fx_sp x JOIN fx_iv p ON p.cid = x.cid AND p.tag = 'P'
        JOIN fx_cz z ON z.cid = x.cid
        WHERE {g("x.f", "p.f")} <= {lst("x.l", "p.l")} AND {lst("x.l", "p.l")} >= %(since)s"""


# --------------------------------------------------------------------------------------
# Running the chain


def horizon(today: dt.date | None = None) -> int:
    """The last month computed: the current one (its figures are preliminary)."""
    return month_index(today or clock.today())


class Run:
    """The chain for one scope, as temporary tables (`materialise`) or as one WITH query."""

    def __init__(self, scope: Scope, *, today: dt.date | None = None, materialise: bool) -> None:
        self.dialect = Dialect(connection.vendor)
        self.chain, self.params = steps(self.dialect, scope)
        self.h = horizon(today)
        self.params.update({"h": self.h, "horizon_end": month_end(self.h), "since": 0})
        self.materialise = materialise
        self.on_time_where = scope.where("p", "citizen_id")[0]

    def __enter__(self) -> Run:
        if self.materialise:
            with connection.cursor() as cursor:
                for name, sql in self.chain:
                    cursor.execute(f"DROP TABLE IF EXISTS {name}")
                    cursor.execute(f"CREATE TEMPORARY TABLE {name} AS {sql}", self._used(sql))
                    key = "cid, tag" if name == "fx_iv" else "cid"  # every step has a cid
                    cursor.execute(f"CREATE INDEX {name}_cid ON {name} ({key})")
                    if self.dialect.pg:
                        # Temporary tables get no statistics from autovacuum.
                        cursor.execute(f"ANALYZE {name}")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.materialise:
            with connection.cursor() as cursor:
                for name, _sql in reversed(self.chain):
                    cursor.execute(f"DROP TABLE IF EXISTS {name}")

    def _used(self, sql: str) -> dict[str, object]:
        return {k: v for k, v in self.params.items() if f"%({k})s" in sql}

    def query(self, sql: str, **extra: object) -> list[tuple]:
        if not self.materialise:
            prefix = ",\n".join(f"{name} AS ({body})" for name, body in self.chain)
            sql = f"WITH {prefix}\n{sql}"
        params = {**self.params, **extra}
        used: dict[str, Any] = {k: v for k, v in params.items() if f"%({k})s" in sql}
        if self.dialect.pg and not self.materialise:
            return prepared_query(sql, used)
        with connection.cursor() as cursor:
            cursor.execute(sql, used)
            return cursor.fetchall()

    # ----------------------------------------------------------------------------------

    def additive_values(self) -> Values:
        """Every figure but the median, as values per month (no all-zero rows)."""
        values = self._period_values()
        values.update(on_time_values(self.query(follow_up_sql(self.on_time_where)), self.h))
        return values

    def _period_values(self) -> Values:
        values: Values = {}
        totals: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
        for key, n, dd in running_sums(self.query(deltas(self.dialect)), self.h):
            values[key] = _cell(key[1], n, dd)
            if key[2] in TOTAL_OF:
                total = totals[(key[0], key[1], "", "", key[4])]
                total[0] += n
                total[1] += dd
        for key, (n, dd) in totals.items():
            values[key] = _cell(key[1], n, dd)
        for mu, fig, dim, val, m, n, dd in self.query(flows(self.dialect)):
            values[(mu, fig, dim, val, m)] = _cell(fig, n, dd)
        return values

    def spells(self, since: int = 0) -> list[tuple]:
        """Benefit spells within the programme: (municipality, start, first, last month)."""
        return sorted(self.query(spell_source(self.dialect), since=since))

    def median_values(self, since: int = 0) -> Values:
        """The median benefit spell in days, per municipality and month from `since`."""
        return median_days(self.spells(since), since=since, last=self.h)


def _cell(fig: str, numerator: float, denominator: float) -> tuple[float, float | None]:
    return (float(numerator), None if FIGURES[fig].unit == Unit.COUNT else float(denominator))


def compute(scope: Scope, *, today: dt.date | None = None, materialise: bool = True) -> Values:
    """Every own figure for the scope, as the table's rows would hold them."""
    with Run(scope, today=today, materialise=materialise) as run:
        values = run.additive_values()
        values.update(run.median_values())
    return values


__all__ = [
    "Dialect",
    "Dim",
    "Key",
    "Run",
    "Scope",
    "Values",
    "compute",
    "horizon",
    "median_days",
]
