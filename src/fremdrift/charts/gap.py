"""Where two groups see things differently: one row per statement, largest difference first.

The self-evaluation's comparison: each row has the leaders' mean (a filled circle) and the
employees' mean (an open square) on the same agreement scale, joined by a line whose length
is the gap. Rows are sorted by the size of the gap, whichever way it points, so the
conversation starts where the views differ most. The gap is also written as a number at the
end of the row, so the chart reads without colour. A group's value that is not shown (too
few respondents) is said in words in its row instead of being drawn.

Every value is rounded to one decimal before anything is drawn or computed from it: a marker
placed to a tenth of a pixel would otherwise give a mean far more precisely than it is
written, and a precise mean can give away a single answer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fremdrift.charts.lines import FONT, STYLES, content_id, marker, num, text_width
from fremdrift.core.numbers import fmt_number

WIDTH = 640
LABEL_LEFT = 8.0
PLOT_RIGHT = 560.0
GAP_X = 628.0  # the gap's number, right-aligned at the chart's edge
ROWS_TOP = 40.0
ROW = 24.0
LEADER_COLOUR = STYLES[0]["colour"]
EMPLOYEE_COLOUR = STYLES[1]["colour"]
MISSING_COLOUR = "#6b6b6b"
MIN_LEFT, MAX_LEFT = 120.0, 280.0
NAME_SIZE = 12


@dataclass(frozen=True)
class GapRow:
    """One statement. None is a mean that is not shown; the labels, if given, are the markers'
    tooltip texts (e.g. "3,8 (12 svar)") instead of the plain number."""

    name: str
    leader: float | None
    employee: float | None
    leader_label: str = ""
    employee_label: str = ""

    @property
    def gap(self) -> float | None:
        if _shown(self.leader) and _shown(self.employee):
            return self.leader - self.employee  # type: ignore[operator]
        return None


def _shown(value: float | None) -> bool:
    return value is not None and not math.isnan(value)


def one_decimal(value: float) -> float:
    """The value to one decimal, halves up (2.25 -> 2.3) as people round when they read it."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def rounded_row(row: GapRow) -> GapRow:
    """The row with both values to one decimal: the chart draws nothing more precise."""
    return replace(
        row,
        leader=one_decimal(row.leader) if _shown(row.leader) else None,  # type: ignore[arg-type]
        employee=one_decimal(row.employee) if _shown(row.employee) else None,  # type: ignore[arg-type]
    )


def gap_text(gap: float) -> str:
    """The gap as people read it: a sign always, a decimal comma, one decimal."""
    rounded = round(gap, 1)
    if rounded == 0:
        return fmt_number(0.0)
    sign = "+" if rounded > 0 else "\u2212"
    return f"{sign}{fmt_number(abs(rounded))}"


def sorted_rows(rows: Sequence[GapRow]) -> list[GapRow]:
    """Largest absolute gap first; rows without a gap last, in their given order."""
    indexed = list(enumerate(rows))
    indexed.sort(
        key=lambda pair: (
            pair[1].gap is None,
            -abs(pair[1].gap) if pair[1].gap is not None else 0.0,
            pair[0],
        )
    )
    return [row for _, row in indexed]


def plot_left(names: Sequence[str]) -> float:
    widest = max((text_width(name, NAME_SIZE) for name in names), default=0.0)
    return min(max(widest + 2 * LABEL_LEFT, MIN_LEFT), MAX_LEFT)


def fit_name(name: str, left: float) -> str:
    """The name, cut with an ellipsis when it would run past the chart's left edge."""
    room = left - 2 * LABEL_LEFT + 0.5  # the widest name sets `left`: it must fit exactly
    if text_width(name, NAME_SIZE) <= room:
        return name
    keep = max(int(room / (NAME_SIZE * 0.62)) - 1, 1)
    return name[:keep].rstrip() + "…"


def value_x(value: float, low: float, high: float, left: float) -> float:
    return left + (PLOT_RIGHT - left) * (value - low) / (high - low)


def row_y(index: int) -> float:
    return ROWS_TOP + ROW * index + ROW / 2


def _leader_marker(x: float, y: float, title: str) -> str:
    return marker("circle", x, y, LEADER_COLOUR, title, scale=1.2)


def _employee_marker(x: float, y: float, title: str) -> str:
    return marker("square", x, y, EMPLOYEE_COLOUR, title, scale=1.25)


def gap_chart(
    *,
    title: str,
    rows: Sequence[GapRow],
    leader_name: str = "Ledere",
    employee_name: str = "Medarbejdere",
    gap_heading: str = "Forskel",
    scale_min: int = 1,
    scale_max: int = 5,
    end_labels: tuple[str, str] | None = None,
    description: str = "",
    missing_text: str = "vises ikke",
    empty_text: str = "Ingen udsagn at vise",
    chart_id: str | None = None,
) -> SafeString:
    """The chart as an inline SVG element; rows sorted by absolute gap, largest first, every
    value rounded to one decimal first.

    `end_labels` names the two ends of the scale (e.g. "Helt uenig", "Helt enig") under the
    axis. Texts are parameters so a caller can pass them translated.
    """
    if scale_max <= scale_min:
        raise ValueError("scale_max must be larger than scale_min")
    ordered = sorted_rows([rounded_row(row) for row in rows])
    left = plot_left([r.name for r in ordered])
    count = max(len(ordered), 1)
    rows_bottom = ROWS_TOP + ROW * count
    axis_bottom = rows_bottom + (36 if end_labels else 20)
    legend_top = axis_bottom + 24
    height = legend_top + 16
    key = escape(
        chart_id or content_id("gap", title, tuple(ordered), scale_min, scale_max, leader_name)
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {num(height)}" '
        f'width="100%" role="img" aria-labelledby="{key}-title {key}-desc" '
        f'font-family="{FONT}" font-size="{NAME_SIZE}" fill="#222">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(description)}</desc>',
        f'<text x="{num(GAP_X)}" y="{num(ROWS_TOP - 10)}" text-anchor="end" font-size="11" '
        f'font-weight="bold">{escape(gap_heading)}</text>',
    ]
    for index in range(0, len(ordered), 2):
        parts.append(
            f'<rect x="0" y="{num(ROWS_TOP + ROW * index)}" width="{WIDTH}" '
            f'height="{num(ROW)}" fill="#f2f4f7"/>'
        )
    for value in range(scale_min, scale_max + 1):
        x = value_x(value, scale_min, scale_max, left)
        parts.append(
            f'<line x1="{num(x)}" y1="{num(ROWS_TOP)}" x2="{num(x)}" '
            f'y2="{num(rows_bottom + 4)}" stroke="#c8c8c8" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{num(x)}" y="{num(rows_bottom + 17)}" text-anchor="middle" '
            f'font-size="11" fill="#555">{value}</text>'
        )
    if end_labels:
        for value, label, anchor in (
            (scale_min, end_labels[0], "start"),
            (scale_max, end_labels[1], "end"),
        ):
            x = value_x(value, scale_min, scale_max, left)
            parts.append(
                f'<text x="{num(x)}" y="{num(rows_bottom + 32)}" text-anchor="{anchor}" '
                f'font-size="11" fill="#555">{escape(label)}</text>'
            )
    if not ordered:
        parts.append(
            f'<text x="{num(left)}" y="{num(row_y(0))}" dy="0.35em" font-style="italic" '
            f'fill="{MISSING_COLOUR}">{escape(empty_text)}</text>'
        )
    for index, row in enumerate(ordered):
        parts += _row(
            index, row, left, scale_min, scale_max, leader_name, employee_name, missing_text
        )
    parts.append(_legend(left, legend_top, leader_name, employee_name))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _row(
    index: int,
    row: GapRow,
    left: float,
    low: int,
    high: int,
    leader_name: str,
    employee_name: str,
    missing_text: str,
) -> list[str]:
    y = row_y(index)
    shown_name = fit_name(row.name, left)
    name_title = f"<title>{escape(row.name)}</title>" if shown_name != row.name else ""
    parts = [
        f'<text x="{num(left - LABEL_LEFT)}" y="{num(y)}" dy="0.35em" text-anchor="end">'
        f"{name_title}{escape(shown_name)}</text>"
    ]
    lx = value_x(row.leader, low, high, left) if _shown(row.leader) else None  # type: ignore[arg-type]
    ex = value_x(row.employee, low, high, left) if _shown(row.employee) else None  # type: ignore[arg-type]
    if lx is not None and ex is not None:
        parts.append(
            f'<line x1="{num(lx)}" y1="{num(y)}" x2="{num(ex)}" y2="{num(y)}" '
            f'stroke="#8a8a8a" stroke-width="3"/>'
        )
    # The open square under the filled circle, so both stay visible when they meet.
    if ex is not None:
        text = row.employee_label or fmt_number(row.employee)  # type: ignore[arg-type]
        parts.append(_employee_marker(ex, y, f"{row.name}, {employee_name}: {text}"))
    if lx is not None:
        text = row.leader_label or fmt_number(row.leader)  # type: ignore[arg-type]
        parts.append(_leader_marker(lx, y, f"{row.name}, {leader_name}: {text}"))
    if row.gap is not None:
        parts.append(
            f'<text x="{num(GAP_X)}" y="{num(y)}" dy="0.35em" text-anchor="end" '
            f'font-weight="bold">{escape(gap_text(row.gap))}</text>'
        )
    if lx is None and ex is None:
        parts.append(_missing(left + 6, y, "start", missing_text))
    elif lx is None or ex is None:
        shown = lx if lx is not None else ex
        name = leader_name if lx is None else employee_name
        text = f"{name}: {missing_text}"
        if shown < (left + PLOT_RIGHT) / 2:  # type: ignore[operator]
            parts.append(_missing(shown + 10, y, "start", text))  # type: ignore[operator]
        else:
            parts.append(_missing(shown - 10, y, "end", text))  # type: ignore[operator]
    return parts


def _missing(x: float, y: float, anchor: str, text: str) -> str:
    return (
        f'<text x="{num(x)}" y="{num(y)}" dy="0.35em" text-anchor="{anchor}" font-size="11" '
        f'font-style="italic" fill="{MISSING_COLOUR}">{escape(text)}</text>'
    )


def _legend(left: float, top: float, leader_name: str, employee_name: str) -> str:
    parts = []
    x = left
    for sample, name in (
        (_leader_marker(0, 0, leader_name), leader_name),
        (_employee_marker(0, 0, employee_name), employee_name),
    ):
        parts.append(f'<g transform="translate({num(x + 6)} {num(top)})">{sample}</g>')
        parts.append(f'<text x="{num(x + 18)}" y="{num(top)}" dy="0.35em">{escape(name)}</text>')
        x += 18 + text_width(name, NAME_SIZE) + 28
    return "".join(parts)
