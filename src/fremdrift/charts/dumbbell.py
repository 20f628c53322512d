"""Baseline against the latest measurement, one row per municipality (a dumbbell chart).

The baseline is an open circle, the latest value a filled square, joined by a line, so the
direction of change reads without colour. A value that is not shown (suppressed for small
numbers, or missing) is said in words in its row instead of being drawn at zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fremdrift.charts.lines import (
    FONT,
    STYLES,
    TICKS,
    content_id,
    nice_max,
    num,
    text_width,
)
from fremdrift.core.numbers import fmt_number

WIDTH = 640
PLOT_RIGHT = 610.0  # room for half of the last tick label
ROWS_TOP = 36.0
ROW = 22.0  # 17 municipalities fit on an A4 page with the legend
BASELINE_COLOUR = STYLES[0]["colour"]
CURRENT_COLOUR = STYLES[1]["colour"]
NATIONAL_COLOUR = "#333"
MISSING_COLOUR = "#6b6b6b"  # grey that still has 4.5:1 contrast on the row banding


@dataclass(frozen=True)
class Pair:
    """One row. None is a value not shown (suppressed or missing); the labels, if given, are
    the markers' tooltip texts instead of the plain number."""

    name: str
    baseline: float | None
    current: float | None
    baseline_label: str = ""
    current_label: str = ""


def _value_text(value: float, unit: str) -> str:
    text = fmt_number(value)
    return f"{text} {unit}" if unit else text


def _tick_text(value: float, unit: str) -> str:
    text = fmt_number(value, 0) if float(value).is_integer() else fmt_number(value, 1)
    return f"{text} {unit}" if unit else text


def _shown(value: float | None) -> bool:
    # NaN from a division upstream would otherwise end up as "nan" in a coordinate.
    return value is not None and not math.isnan(value)


def plot_left(names: Sequence[str]) -> float:
    """Where the value axis starts: after the longest name, within sensible bounds."""
    widest = max((text_width(name, 12) for name in names), default=0.0)
    return min(max(widest + 18, 80.0), 260.0)


def value_x(value: float, x_max: float, left: float) -> float:
    return left + (PLOT_RIGHT - left) * value / x_max


def row_y(index: int) -> float:
    """The vertical centre of the index-th row."""
    return ROWS_TOP + ROW * index + ROW / 2


def _circle(x: float, y: float, title: str) -> str:
    return (
        f'<circle cx="{num(x)}" cy="{num(y)}" r="5" fill="white" stroke="{BASELINE_COLOUR}" '
        f'stroke-width="2"><title>{escape(title)}</title></circle>'
    )


def _square(x: float, y: float, title: str) -> str:
    return (
        f'<rect x="{num(x - 5)}" y="{num(y - 5)}" width="10" height="10" '
        f'fill="{CURRENT_COLOUR}"><title>{escape(title)}</title></rect>'
    )


def dumbbell_chart(
    *,
    title: str,
    pairs: Sequence[Pair],
    national: float | None = None,
    national_label: str = "Landsgennemsnit",
    unit: str = "%",
    x_max: float | None = None,
    baseline_name: str = "Baseline",
    current_name: str = "Seneste måling",
    description: str = "",
    missing_text: str = "vises ikke",
    chart_id: str | None = None,
) -> SafeString:
    """The chart as an inline SVG element, rows in the order of `pairs`.

    `missing_text` is said in place of a value that is not shown; it is a parameter so a
    caller can pass it translated. `chart_id` fixes the element ids; by default they come
    from the content.
    """
    values = [v for p in pairs for v in (p.baseline, p.current) if _shown(v)]
    if not _shown(national):
        national = None
    largest = max(values + ([national] if national is not None else []), default=0.0)
    if x_max is None or x_max <= 0:  # a zero end would divide by zero in the scale
        x_max = 100.0 if unit == "%" and largest <= 100 else nice_max(largest)
    left = plot_left([p.name for p in pairs])
    rows_bottom = ROWS_TOP + ROW * len(pairs)
    legend_top = rows_bottom + 44
    legend, legend_height = _legend(
        left, legend_top, national is not None, national_label, baseline_name, current_name
    )
    height = legend_top + legend_height
    key = escape(chart_id or content_id("dumbbell", title, tuple(pairs), national, unit))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {num(height)}" '
        f'width="100%" role="img" aria-labelledby="{key}-title {key}-desc" '
        f'font-family="{FONT}" font-size="12" fill="#222">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(description)}</desc>',
    ]
    # Every other row banded, so the eye keeps the row from name to markers.
    for index in range(0, len(pairs), 2):
        parts.append(
            f'<rect x="0" y="{num(ROWS_TOP + ROW * index)}" width="{WIDTH}" '
            f'height="{num(ROW)}" fill="#f2f4f7"/>'
        )
    for step in range(TICKS + 1):
        value = x_max * step / TICKS
        x = value_x(value, x_max, left)
        stroke = "#8a8a8a" if step == 0 else "#d4d4d4"
        parts.append(
            f'<line x1="{num(x)}" y1="{num(ROWS_TOP)}" x2="{num(x)}" '
            f'y2="{num(rows_bottom + 4)}" stroke="{stroke}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{num(x)}" y="{num(rows_bottom + 18)}" text-anchor="middle" '
            f'font-size="11" fill="#555">{escape(_tick_text(value, unit))}</text>'
        )
    if national is not None:
        x = value_x(national, x_max, left)
        # Under the markers, so a municipality at the average stays visible.
        parts.append(
            f'<line x1="{num(x)}" y1="{num(ROWS_TOP - 8)}" x2="{num(x)}" '
            f'y2="{num(rows_bottom)}" stroke="{NATIONAL_COLOUR}" stroke-width="1.5" '
            f'stroke-dasharray="5 3"/>'
        )
        text = f"{national_label}: {_value_text(national, unit)}"
        half = text_width(text, 11) / 2
        text_x = min(max(x, half + 4), WIDTH - 4 - half)
        parts.append(
            f'<text x="{num(text_x)}" y="{num(ROWS_TOP - 13)}" text-anchor="middle" '
            f'font-size="11" fill="{NATIONAL_COLOUR}">{escape(text)}</text>'
        )
    for index, pair in enumerate(pairs):
        parts += _row(index, pair, x_max, left, unit, baseline_name, current_name, missing_text)
    parts.append(legend)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _row(
    index: int,
    pair: Pair,
    x_max: float,
    left: float,
    unit: str,
    baseline_name: str,
    current_name: str,
    missing_text: str,
) -> list[str]:
    y = row_y(index)
    parts = [
        f'<text x="{num(left - 10)}" y="{num(y)}" dy="0.35em" text-anchor="end">'
        f"{escape(pair.name)}</text>"
    ]
    bx = value_x(pair.baseline, x_max, left) if _shown(pair.baseline) else None  # type: ignore[arg-type]
    cx = value_x(pair.current, x_max, left) if _shown(pair.current) else None  # type: ignore[arg-type]
    if bx is not None and cx is not None:
        parts.append(
            f'<line x1="{num(bx)}" y1="{num(y)}" x2="{num(cx)}" y2="{num(y)}" '
            f'stroke="#8a8a8a" stroke-width="2.5"/>'
        )
    if bx is not None:
        text = pair.baseline_label or _value_text(pair.baseline, unit)  # type: ignore[arg-type]
        parts.append(_circle(bx, y, f"{pair.name}, {baseline_name}: {text}"))
    if cx is not None:
        text = pair.current_label or _value_text(pair.current, unit)  # type: ignore[arg-type]
        parts.append(_square(cx, y, f"{pair.name}, {current_name}: {text}"))
    if bx is None and cx is None:
        parts.append(_missing(left + 6, y, "start", missing_text))
    elif bx is None or cx is None:
        shown = bx if bx is not None else cx
        name = baseline_name if bx is None else current_name
        text = f"{name}: {missing_text}"
        # Beside the marker that is drawn, on the side with more room.
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


def _legend(
    left: float,
    top: float,
    with_national: bool,
    national_label: str,
    baseline_name: str,
    current_name: str,
) -> tuple[str, float]:
    """Baseline marker, latest marker and the national line, wrapping if they do not fit."""
    entries: list[tuple[float, str, str]] = [
        (12, _circle(0, 0, baseline_name), baseline_name),
        (12, _square(0, 0, current_name), current_name),
    ]
    if with_national:
        line = (
            f'<line x1="-14" y1="0" x2="14" y2="0" stroke="{NATIONAL_COLOUR}" '
            f'stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
        entries.append((28, line, national_label))
    parts = []
    x, row = left, 0
    for sample_width, sample, name in entries:
        width = sample_width + 8 + text_width(name, 12)
        if x > left and x + width > WIDTH - 8:
            x, row = left, row + 1
        y = top + ROW * row
        # The samples are drawn round (0, 0) and moved into place.
        parts.append(f'<g transform="translate({num(x + sample_width / 2)} {num(y)})">{sample}</g>')
        parts.append(
            f'<text x="{num(x + sample_width + 8)}" y="{num(y)}" dy="0.35em">{escape(name)}</text>'
        )
        x += width + 24
    return "".join(parts), ROW * (row + 1)
