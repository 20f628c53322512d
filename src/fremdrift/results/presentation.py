"""Charts and tables made from the selectors' values, shared by pages and PDFs."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fremdrift.charts.dumbbell import Pair, dumbbell_chart
from fremdrift.charts.lines import Line, line_chart
from fremdrift.core.months import month_label, month_tick
from fremdrift.core.numbers import fmt_number
from fremdrift.results.definitions import AGE_BANDS, DURATION_BANDS, DURATION_LABELS, Unit
from fremdrift.results.selectors import Cell, Objective


def value_text(value: float | None, *, share: bool) -> str:
    if value is None:
        return "–"
    return f"{fmt_number(value)} %" if share else fmt_number(value, 0)


def objective_chart(objective: Objective, municipality_name: str) -> SafeString:
    fig = objective.figure
    months = objective.months
    own = [objective.series[m] for m in months]
    national = [objective.national.values.get(m) for m in months]
    project = [objective.project.mean.get(m) for m in months]
    baseline_index = (
        months.index(objective.baseline_month) if objective.baseline_month in months else None
    )
    return line_chart(
        title=f"{fig.code} {fig.name}",
        x_labels=[month_tick(m) for m in months],
        lines=[
            Line(
                municipality_name,
                [c.value for c in own],
                style=0,
                labels=[_cell_label(c) for c in own],
            ),
            Line(_("Landsgennemsnit"), national, style=1),
            Line(_("Projektgennemsnit"), project, style=2),
        ],
        unit="%" if fig.unit == Unit.SHARE else "",
        target=float(objective.target) if objective.target is not None else None,
        target_label=_("Mål %(year)s") % {"year": objective.month // 12},
        baseline_index=baseline_index,
        baseline_label=_("Baseline"),
        description=_("%(name)s, %(first)s til %(last)s.")
        % {"name": fig.name, "first": month_label(months[0]), "last": month_label(months[-1])},
    )


def _cell_label(cell: Cell) -> str:
    detail = cell.detail
    return f"{cell.display} ({detail})" if detail else cell.display


def comparison_chart(
    title: str, rows: list[tuple[str, Cell | None, Cell]], national: float | None
) -> SafeString:
    """Each municipality's baseline and current value, with the national average."""
    return dumbbell_chart(
        title=title,
        pairs=[
            Pair(
                name,
                baseline.value if baseline else None,
                current.value,
                baseline_label=_cell_label(baseline) if baseline else "",
                current_label=_cell_label(current),
            )
            for name, baseline, current in rows
        ],
        national=national,
        national_label=_("Landsgennemsnit"),
    )


def age_gender_rows(cells: dict[tuple[str, str], Cell]) -> list[dict[str, object]]:
    """The in-programme count as a table: age bands down, women / men / all across."""
    rows = []
    for band, _lo, _hi in AGE_BANDS:
        women = cells.get(("age_gender", f"{band}:F"))
        men = cells.get(("age_gender", f"{band}:M"))
        if women is None and men is None:
            continue
        w = int(women.numerator) if women else 0
        m = int(men.numerator) if men else 0
        rows.append({"band": band, "women": w, "men": m, "total": w + m})
    return rows


def duration_rows(cells: dict[tuple[str, str], Cell]) -> list[tuple[str, int]]:
    return [
        (str(DURATION_LABELS[band]), int(cell.numerator or 0) if cell else 0)
        for band, _lo, _hi in DURATION_BANDS
        for cell in [cells.get(("duration", band))]
    ]
