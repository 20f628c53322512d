"""The comparison across municipalities and the annual reports (PDF, WeasyPrint).

The facilitator's pages and report leave the municipalities, so their counts are suppressed
under five. Both reports are drawn like the project's own annual report: each objective on its
own page with a chart and a table, the definitions as an appendix.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from fremdrift.accounts.models import Municipality
from fremdrift.core import clock
from fremdrift.core.months import month_label, month_short
from fremdrift.core.pdf import render_html
from fremdrift.results.definitions import (
    COMPANY_FIGURES,
    FIGURES,
    OBJECTIVES,
    ZERO_POINT,
    Figure,
)
from fremdrift.results.models import Baseline, Deviation
from fremdrift.results.presentation import (
    age_gender_rows,
    comparison_chart,
    duration_rows,
    objective_chart,
)
from fremdrift.results.report_cache import ACROSS, ANNUAL, cached_pdf
from fremdrift.results.selectors import (
    Cell,
    Comparison,
    default_baseline,
    latest_month,
    national,
    objectives,
    own_values,
    project_average,
    zero_point,
)


@dataclass
class MunicipalityRow:
    municipality: Municipality
    baseline_month: int
    baseline: Cell
    current: Cell

    @property
    def change(self) -> float | None:
        if self.baseline.value is None or self.current.value is None:
            return None
        return self.current.value - self.baseline.value


@dataclass
class Section:
    figure: Figure
    rows: list[MunicipalityRow]
    national: Comparison
    month: int
    chart: SafeString
    project_mean: float | None
    project_pooled: float | None

    @property
    def baseline_month(self) -> int:
        return default_baseline(self.month)

    @property
    def national_now(self) -> float | None:
        return self.national.value(self.month)

    @property
    def national_at_baseline(self) -> float | None:
        return self.national.value(self.baseline_month)

    def above(self, attribute: str, reference: float | None) -> int | None:
        """How many municipalities lie above the national average; None without one."""
        if reference is None:
            return None
        return sum(
            1
            for row in self.rows
            if (value := getattr(row, attribute).value) is not None and value > reference
        )

    @property
    def above_now(self) -> int | None:
        return self.above("current", self.national_now)

    @property
    def above_at_baseline(self) -> int | None:
        return self.above("baseline", self.national_at_baseline)

    @property
    def national_now_display(self) -> str:
        return self.national.display(self.month)

    @property
    def national_at_baseline_display(self) -> str:
        return self.national.display(self.baseline_month)

    @property
    def national_now_note(self) -> str:
        return self.national.note(self.month)

    @property
    def national_at_baseline_note(self) -> str:
        return self.national.note(self.baseline_month)

    @property
    def national_summary(self) -> str:
        """How many lie above the national average, now and at the baseline, as far as known."""
        now, before, n = self.above_now, self.above_at_baseline, len(self.rows)
        if now is None:
            return _(
                "Landsgennemsnittet for %(month)s mangler (intet tal fra Jobindsats.dk), så det "
                "kan ikke siges, hvor mange kommuner der ligger over det."
            ) % {"month": month_label(self.month)}
        if before is None:
            return ngettext(
                "%(now)s af %(n)s kommune ligger over landsgennemsnittet nu; "
                "landsgennemsnittet ved baseline mangler.",
                "%(now)s af %(n)s kommuner ligger over landsgennemsnittet nu; "
                "landsgennemsnittet ved baseline mangler.",
                n,
            ) % {"now": now, "n": n}
        return ngettext(
            "%(now)s af %(n)s kommune ligger over landsgennemsnittet nu, mod %(before)s ved "
            "baseline.",
            "%(now)s af %(n)s kommuner ligger over landsgennemsnittet nu, mod %(before)s ved "
            "baseline.",
            n,
        ) % {"now": now, "n": n, "before": before}

    @property
    def improved(self) -> int:
        return sum(1 for row in self.rows if row.change is not None and row.change > 0)

    @property
    def measured(self) -> int:
        return sum(1 for row in self.rows if row.change is not None)


def across_municipalities(month: int, figures: tuple[Figure, ...] = OBJECTIVES) -> list[Section]:
    """Each project municipality's baseline and current value per objective (suppressed)."""
    municipalities = list(Municipality.objects.filter(in_project=True))
    chosen = {
        (b.municipality_id, b.figure): b.month
        for b in Baseline.objects.filter(municipality__in=municipalities)
    }
    first = min([default_baseline(month), *chosen.values()])
    values = own_values([m.pk for m in municipalities], [f.code for f in figures], first, month)
    sections = []
    for fig in figures:
        rows = []
        for municipality in municipalities:
            base = chosen.get((municipality.pk, fig.code), default_baseline(month))

            def cell(m: int, mu: int = municipality.pk, fig: Figure = fig) -> Cell:
                return Cell.of(fig, values.get((mu, fig.code, "", "", m)), suppress=True)

            rows.append(MunicipalityRow(municipality, base, cell(base), cell(month)))
        reference = national(fig, default_baseline(month), month)
        project = project_average(fig, month, month)
        sections.append(
            Section(
                figure=fig,
                rows=rows,
                national=reference,
                month=month,
                chart=comparison_chart(
                    f"{fig.code} {fig.name}",
                    [(r.municipality.name, r.baseline, r.current) for r in rows],
                    reference.value(month),
                ),
                project_mean=project.mean.get(month),
                project_pooled=project.pooled.get(month),
            )
        )
    return sections


@dataclass(frozen=True)
class FigureAcross:
    """One figure for each project municipality in a month, suppressed as it leaves them."""

    figure: Figure
    rows: list[tuple[Municipality, Cell]]


def company_figures_across(month: int) -> list[FigureAcross]:
    """The company and activation figures side by side, municipality by municipality."""
    municipalities = list(Municipality.objects.filter(in_project=True))
    codes = [f.code for f in COMPANY_FIGURES]
    values = own_values([m.pk for m in municipalities], codes, month, month)
    return [
        FigureAcross(
            fig,
            [
                (m, Cell.of(fig, values.get((m.pk, fig.code, "", "", month)), suppress=True))
                for m in municipalities
            ],
        )
        for fig in COMPANY_FIGURES
    ]


def report_month(year: int) -> int:
    """December of the year, or the last complete month of a year not yet over."""
    return min(year * 12 + 11, latest_month())


def definitions() -> list[Figure]:
    return [*OBJECTIVES, *ZERO_POINT]


def annual_report_pdf(municipality: Municipality, year: int, *, teams: dict[int, str]) -> bytes:
    """The municipality's annual report, rendered again only when what it shows has changed."""
    html = annual_report_html(municipality, year, teams=teams)
    return cached_pdf(html, kind=ANNUAL, municipality_id=municipality.pk, year=year)


def annual_report_html(municipality: Municipality, year: int, *, teams: dict[int, str]) -> str:
    month = report_month(year)
    items, rows = objectives(municipality, month, teams=teams, history=12, with_zero_point=True)
    deviations = list(
        Deviation.objects.filter(
            municipality=municipality, month__gte=year * 12, month__lte=year * 12 + 11
        ).order_by("month", "figure")
    )
    zero = zero_point(municipality, month, rows)
    context = {
        "title": f"{municipality} – årsrapport {year}",
        "municipality": municipality,
        "year": year,
        "month": month,
        "month_label": month_label(month),
        "printed_on": clock.today(),
        "pages": [
            {
                "objective": o,
                "chart": objective_chart(o, municipality.name),
                "table": [
                    {
                        "label": month_short(m),
                        "cell": o.series[m],
                        "national": o.national.display(m),
                        "project": o.project.mean.get(m),
                    }
                    for m in o.months
                ],
                "deviations": [d for d in deviations if d.figure == o.figure.code],
            }
            for o in items
        ],
        "zero": zero,
        "zero_figures": [FIGURES[c] for c in FIGURES if c not in ("M1", "M2", "M3")],
        "age_rows": age_gender_rows(zero["programme"]),
        "duration_rows": duration_rows(zero["benefit_spell"]),
        "definitions": definitions(),
        "facilitator": False,
    }
    return render_html("results/report.html", context)


def facilitator_report_html(year: int) -> str:
    """The project's annual report across the municipalities, as HTML: the worker renders it
    to PDF (report_cache.prepare_facilitator_report), a request only looks it up."""
    month = report_month(year)
    sections = across_municipalities(month)
    context = {
        "title": f"I mål med integration – årsrapport {year}",
        "year": year,
        "month": month,
        "month_label": month_label(month),
        "printed_on": clock.today(),
        "sections": sections,
        "definitions": definitions(),
        "facilitator": True,
    }
    return render_html("results/report_across.html", context)


@task()
def prepare_facilitator_report(year: int) -> None:
    """The worker's job: render the project's report for the year, unless it is current."""
    cached_pdf(facilitator_report_html(year), kind=ACROSS, municipality_id=None, year=year)
