"""Reading figures: every page, report, the command and the API read the figure table here.

A value is a `Cell` (numerator, denominator, the figure's definition). Anything that leaves
the municipality (the facilitator's pages and report, the API for a facilitator) asks for
suppression: a count of 1-4 people, or a share without five people on each side (numerator and
complement), is not shown; nor a count hidden so that another cannot be worked out
(`disclosure.hidden_counts`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Min
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fremdrift.accounts.models import Municipality
from fremdrift.core import clock
from fremdrift.core.aggregates import SMALL_COUNT_LIMIT
from fremdrift.core.months import month_index, month_label
from fremdrift.core.numbers import fmt_number
from fremdrift.results.definitions import FIGURES, OBJECTIVES, Figure, Unit
from fremdrift.results.disclosure import hidden_counts
from fremdrift.results.figure_rows import (
    ZERO_POINT,
    ZERO_POINT_DIMS,
    FigureRows,
    Key,
    NationalRow,
    Pair,
    project_municipality_ids,
    read_figure_rows,
)
from fremdrift.results.models import (
    Baseline,
    Deviation,
    FigureState,
    FigureValue,
    Source,
    Target,
)


def signed(value: float) -> str:
    """A change with its sign: +15,9 / −0,6 / ±0,0."""
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{fmt_number(abs(value))}"


def is_small(numerator: float | None, denominator: float | None, figure: Figure) -> bool:
    """Whether a value is hidden outside its municipality on its own account. A share needs
    five people on each side: with "5 af 6" the one other person is singled out too."""
    if figure.unit == Unit.SHARE:
        n, d = numerator or 0, denominator or 0
        return d < SMALL_COUNT_LIMIT or n < SMALL_COUNT_LIMIT or d - n < SMALL_COUNT_LIMIT
    if figure.unit in (Unit.DAYS, Unit.HOURS):
        return (denominator or 0) < SMALL_COUNT_LIMIT
    return 0 < (numerator or 0) < SMALL_COUNT_LIMIT


@dataclass(frozen=True)
class Cell:
    figure: Figure
    numerator: float | None
    denominator: float | None
    suppressed: bool = False
    # Read outside the municipality (suppression asked for).
    outside: bool = False

    @classmethod
    def of(
        cls, figure: Figure, pair: Pair | None, *, suppress: bool = False, hidden: bool = False
    ) -> Cell:
        """`hidden`: hidden outside the municipality so that another cell cannot be worked
        out (results.disclosure), whatever its own size."""
        if pair is None:
            # No row: nobody counted. A count is then 0; a share has no value.
            pair = (0.0, None if figure.unit == Unit.COUNT else 0.0)
        numerator, denominator = pair
        return cls(
            figure,
            numerator,
            denominator,
            suppress and (hidden or is_small(numerator, denominator, figure)),
            outside=suppress,
        )

    @property
    def shown_denominator(self) -> float | None:
        """The denominator as it may leave the municipality. An average's is not shown
        outside it: the citizens with known hours are those in the programme less those
        with missing hours, so with the programme's count it would give away a hidden
        count of missing hours."""
        if self.outside and self.figure.unit == Unit.HOURS:
            return None
        return self.denominator

    @property
    def value(self) -> float | None:
        if self.suppressed:
            return None
        return self.figure.value(self.numerator, self.denominator)

    @property
    def display(self) -> str:
        if self.suppressed:
            return _("vises ikke (under %(limit)s)") % {"limit": SMALL_COUNT_LIMIT}
        value = self.value
        if value is None:
            return "–"
        if self.figure.unit == Unit.SHARE:
            return f"{fmt_number(value)} %"
        if self.figure.unit == Unit.DAYS:
            days = round(value)
            return ngettext("%(days)s dag", "%(days)s dage", days) % {"days": fmt_number(days, 0)}
        if self.figure.unit == Unit.HOURS:
            return _("%(hours)s timer") % {"hours": fmt_number(value)}
        return fmt_number(value, 0)

    @property
    def detail(self) -> str:
        """The counts behind a share, e.g. '57 af 138'."""
        counted = self.shown_denominator
        if self.figure.unit == Unit.HOURS and counted and not self.suppressed:
            return ngettext(
                "gennemsnit af %(d)s borger", "gennemsnit af %(d)s borgere", int(counted)
            ) % {"d": fmt_number(counted, 0)}
        if self.suppressed or self.figure.unit != Unit.SHARE or not self.denominator:
            return ""
        return _("%(n)s af %(d)s") % {
            "n": fmt_number(self.numerator or 0, 0),
            "d": fmt_number(self.denominator, 0),
        }


def latest_month(today: dt.date | None = None) -> int:
    """The last complete month: the month a dashboard opens on."""
    return month_index(today or clock.today()) - 1


def computed_through() -> int | None:
    state = FigureState.objects.filter(pk=1).first()
    return state.horizon if state else None


def own_values(
    municipality_ids: Iterable[int],
    figures: Iterable[str],
    first: int,
    last: int,
    dims: Sequence[str] = ("",),
) -> dict[Key, Pair]:
    rows = FigureValue.objects.filter(
        source=Source.OWN,
        period_kind="M",
        municipality_id__in=list(municipality_ids),
        figure__in=list(figures),
        month__gte=first,
        month__lte=last,
        dim__in=list(dims),
    ).values_list(
        "municipality_id", "figure", "dim", "value_key", "month", "numerator", "denominator"
    )
    return {(mu, fig, dim, val, m): (n, d) for mu, fig, dim, val, m, n, d in rows}


# --------------------------------------------------------------------------------------
# Comparisons: the national and the project average


@dataclass
class Comparison:
    """The national average month by month, as imported from Jobindsats.dk.

    A month with no imported value has no national average. It is shown as missing and never
    replaced by a figure of Fremdrift's own: the municipalities in the database are not the
    country, and a reader comparing with "the national average" must get exactly that.
    """

    name: str
    values: dict[int, float | None] = field(default_factory=dict)
    imported: dict[int, dt.date] = field(default_factory=dict)  # month -> extraction date

    def value(self, month: int) -> float | None:
        return self.values.get(month)

    def display(self, month: int) -> str:
        value = self.values.get(month)
        return _("mangler") if value is None else f"{fmt_number(value)} %"

    def note(self, month: int) -> str:
        """Where the month's value comes from, or why there is none."""
        if month in self.imported:
            return _("Jobindsats.dk, udtrukket %(date)s") % {
                "date": date_format(self.imported[month])
            }
        return _("Jobindsats.dk har intet tal for %(month)s i Fremdrift") % {
            "month": month_label(month)
        }

    @property
    def source_note(self) -> str:
        """The series as a whole: its source, and how many of its months have a value."""
        if not self.imported:
            return _("intet tal fra Jobindsats.dk er indlæst for perioden")
        latest = max(self.imported.values())
        count = len(self.imported)
        return ngettext(
            "Jobindsats.dk, udtrukket %(date)s (%(n)s måned)",
            "Jobindsats.dk, udtrukket %(date)s (%(n)s måneder)",
            count,
        ) % {"date": date_format(latest), "n": count}


def national(figure: Figure, first: int, last: int) -> Comparison:
    """The imported national figures for the months; a month without one has none."""
    rows = FigureValue.objects.filter(
        municipality__isnull=True,
        figure=figure.code,
        dim="",
        month__gte=first,
        month__lte=last,
    ).values_list("figure", "period_kind", "month", "numerator", "denominator", "extracted_on")
    return _comparison(figure, rows)


def _comparison(figure: Figure, rows: Iterable[NationalRow]) -> Comparison:
    comparison = Comparison(str(_("Landsgennemsnit")))
    for code, kind, month, n, d, extracted in rows:
        if code != figure.code:
            continue
        # Monthly figures win over a quarter's or year's value for the same last month.
        if kind == "M" or month not in comparison.imported:
            comparison.values[month] = figure.value(n, d)
            comparison.imported[month] = extracted
    return comparison


def _pooled_without_small(figure: Figure, values: dict[Key, Pair]) -> dict[int, float | None]:
    """All numerators over all denominators, leaving out the values not shown (under 5),
    so a suppressed municipality cannot be worked out from the average beside it."""
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for (_mu, _f, _d, _v, month), (n, d) in values.items():
        if not is_small(n, d, figure):
            sums[month][0] += n
            sums[month][1] += d or 0
    return {
        m: figure.value(n, d if figure.is_share else None) for m, (n, d) in sorted(sums.items())
    }


@dataclass
class ProjectAverage:
    mean: dict[int, float | None]  # unweighted mean of the municipalities' values
    pooled: dict[int, float | None]  # all numerators over all denominators
    municipalities: int


def project_average(figure: Figure, first: int, last: int) -> ProjectAverage:
    ids = project_municipality_ids()
    return _project_average(figure, own_values(ids, [figure.code], first, last), first, last, ids)


def _project_average(
    figure: Figure, all_values: dict[Key, Pair], first: int, last: int, ids: list[int]
) -> ProjectAverage:
    mine = {key: pair for key, pair in all_values.items() if key[1] == figure.code}
    values: dict[int, list[float]] = defaultdict(list)
    for (_mu, _f, _d, _v, month), (n, d) in mine.items():
        value = figure.value(n, d)
        # A value not shown (under 5) stays out of the average too (see _pooled_without_small).
        if value is not None and not is_small(n, d, figure):
            values[month].append(value)
    pooled = _pooled_without_small(figure, mine)
    months = range(first, last + 1)
    return ProjectAverage(
        mean={m: (sum(values[m]) / len(values[m]) if values[m] else None) for m in months},
        pooled={m: pooled.get(m) for m in months},
        municipalities=len(ids),
    )


# --------------------------------------------------------------------------------------
# A municipality's objectives


@dataclass
class Objective:
    figure: Figure
    month: int
    current: Cell
    baseline_month: int | None
    baseline_chosen: bool
    baseline: Cell | None
    national: Comparison
    project: ProjectAverage
    target: Decimal | None
    deviation: Deviation | None
    months: list[int]
    series: dict[int, Cell]
    teams: list[tuple[str, Cell]]
    # The versions of the chosen baseline and the year's target (0: none saved), for the
    # forms that edit them (core.versioning).
    baseline_version: int = 0
    target_version: int = 0

    @property
    def change(self) -> float | None:
        """Percentage points (or units) since the baseline."""
        if self.baseline is None or self.baseline.value is None or self.current.value is None:
            return None
        return self.current.value - self.baseline.value

    @property
    def change_display(self) -> str:
        change = self.change
        if change is None:
            return "–"
        unit = _("procentpoint") if self.figure.is_share else ""
        return f"{signed(change)} {unit}".strip()

    @property
    def national_value(self) -> float | None:
        return self.national.value(self.month)

    @property
    def national_display(self) -> str:
        return self.national.display(self.month)

    @property
    def national_note(self) -> str:
        return self.national.note(self.month)

    @property
    def below_target(self) -> bool:
        value = self.current.value
        if self.target is None or value is None:
            return False
        target = float(self.target)
        return value < target if self.figure.higher_is_better else value > target

    @property
    def above_national(self) -> bool | None:
        value, reference = self.current.value, self.national_value
        return None if value is None or reference is None else value > reference


def default_baseline(month: int) -> int:
    """Without a chosen baseline, the same month a year earlier."""
    return month - 12


def objectives(
    municipality: Municipality,
    month: int,
    *,
    history: int = 24,
    teams: dict[int, str] | None = None,
    figures: Sequence[Figure] = OBJECTIVES,
    suppress: bool = False,
    with_zero_point: bool = False,
) -> tuple[list[Objective], FigureRows]:
    """The objectives for a month, with baseline, comparisons, target and history; and the
    rows read for them (in one query), the zero point's included when asked."""
    codes = [f.code for f in figures]
    chosen = list(Baseline.objects.filter(municipality=municipality, figure__in=codes))
    baselines = {b.figure: b.month for b in chosen}
    baseline_versions = {b.figure: b.version for b in chosen}
    first = min([month - history + 1, default_baseline(month), *baselines.values()])
    rows = read_figure_rows(
        municipality,
        codes,
        first,
        month,
        comparisons_from=month - history + 1,
        zero_point_month=month if with_zero_point else None,
    )
    values = rows.own
    set_targets = list(
        Target.objects.filter(municipality=municipality, figure__in=codes, year=month // 12)
    )
    targets = {t.figure: t.value for t in set_targets}
    target_versions = {t.figure: t.version for t in set_targets}
    deviations = {
        d.figure: d
        for d in Deviation.objects.filter(municipality=municipality, month=month).select_related(
            "written_by"
        )
    }
    months = list(range(month - history + 1, month + 1))
    hidden = hidden_counts(municipality.pk) if suppress else frozenset()
    result = []
    for fig in figures:
        base_month = baselines.get(fig.code, default_baseline(month))

        def cell(m: int, dim: str = "", val: str = "", fig: Figure = fig) -> Cell:
            return Cell.of(
                fig,
                values.get((municipality.pk, fig.code, dim, val, m)),
                suppress=suppress,
                hidden=not dim and (fig.code, m) in hidden,
            )

        team_cells = [
            (name, cell(month, "team", str(team_id))) for team_id, name in (teams or {}).items()
        ]
        result.append(
            Objective(
                figure=fig,
                month=month,
                current=cell(month),
                baseline_month=base_month,
                baseline_chosen=fig.code in baselines,
                baseline=cell(base_month) if base_month <= month else None,
                national=_comparison(fig, rows.national),
                project=_project_average(fig, rows.project, months[0], month, rows.project_ids),
                target=targets.get(fig.code),
                deviation=deviations.get(fig.code),
                months=months,
                series={m: cell(m) for m in months},
                teams=team_cells,
                baseline_version=baseline_versions.get(fig.code, 0),
                target_version=target_versions.get(fig.code, 0),
            )
        )
    return result, rows


def zero_point(
    municipality: Municipality, month: int, rows: FigureRows | None = None
) -> dict[str, dict[tuple[str, str], Cell]]:
    """The zero-point figures of a month: figure -> {(dim, value): Cell}; from `rows` when
    they were read with the zero point (objectives(..., with_zero_point=True))."""
    values = (
        rows.own
        if rows is not None
        else own_values([municipality.pk], ZERO_POINT, month, month, dims=ZERO_POINT_DIMS)
    )
    table: dict[str, dict[tuple[str, str], Cell]] = {code: {} for code in ZERO_POINT}
    for code in ZERO_POINT:
        table[code][("", "")] = Cell.of(
            FIGURES[code], values.get((municipality.pk, code, "", "", month))
        )
    for (_mu, fig, dim, val, m), pair in values.items():
        if dim and fig in table and m == month and dim in ZERO_POINT_DIMS:
            table[fig][(dim, val)] = Cell.of(FIGURES[fig], pair)
    return table


def months_with_figures(municipality_id: int | None = None) -> tuple[int, int] | None:
    """The first and last finished month the table holds own figures for.

    The current month is computed too (the figures follow every change), but it is not over,
    so it cannot be chosen: a month's figures are its status on its last day.
    """
    rows = FigureValue.objects.filter(
        source=Source.OWN, figure="M2", dim="", month__lte=latest_month()
    )
    if municipality_id is not None:
        rows = rows.filter(municipality_id=municipality_id)
    bounds = rows.aggregate(first=Min("month"), last=Max("month"))
    if bounds["first"] is None:
        return None
    return bounds["first"], bounds["last"]


def month_choices(first: int, last: int) -> list[tuple[int, str]]:
    return [(m, month_label(m)) for m in range(last, first - 1, -1)]
