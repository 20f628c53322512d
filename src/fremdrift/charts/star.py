"""The star: a radar chart of one or more readings over the same dimensions.

Readable without colour: every series has its own marker shape and line pattern, and the
legend shows both. A dimension without a score (not answered, "don't know", "not relevant")
breaks the series' line at that ray instead of dropping it to zero. The same SVG goes into
the page and into the PDF; a table beside it carries the numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fremdrift.charts.lines import marker, num

# Colour-blind safe pair (blue / orange), then two more; each also has marker and dash.
STYLES = (
    {"colour": "#1f4e8c", "marker": "circle", "dash": "", "fill": "#1f4e8c"},
    {"colour": "#b35900", "marker": "square", "dash": "7 4", "fill": "none"},
    {"colour": "#2b7a3d", "marker": "triangle", "dash": "2 3", "fill": "none"},
    {"colour": "#6b2f8a", "marker": "diamond", "dash": "10 3 2 3", "fill": "none"},
)
WIDTH, HEIGHT = 560, 470
CX, CY, RADIUS = 280, 220, 150


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def _point(index: int, count: int, fraction: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return CX + RADIUS * fraction * math.cos(angle), CY + RADIUS * fraction * math.sin(angle)


def _fraction(value: float, low: int, high: int) -> float:
    # The lowest score sits a step out from the centre, so it is still a visible point.
    return (value - low + 1) / (high - low + 1)


def _runs(values: Sequence[float | None]) -> list[list[int]]:
    """Indices of consecutive scored rays, wrapping round; one closed run if all are scored."""
    count = len(values)
    present = [v is not None for v in values]
    if all(present):
        return [[*range(count), 0]]
    start = next((i for i in range(count) if not present[i]), 0)
    runs: list[list[int]] = []
    current: list[int] = []
    for step in range(1, count + 1):
        index = (start + step) % count
        if present[index]:
            current.append(index)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _label(index: int, count: int, text: str) -> str:
    x, y = _point(index, count, 1.16)
    anchor = "middle" if abs(x - CX) < 10 else ("start" if x > CX else "end")
    # Centred on its point, except the label above the top ray, which sits on it.
    dy = "0" if y < CY - RADIUS else "0.35em"
    return (
        f'<text x="{num(x)}" y="{num(y)}" dy="{dy}" text-anchor="{anchor}" '
        f'class="star-label">{escape(text)}</text>'
    )


def star_svg(
    *,
    axes: Sequence[str],
    series: Sequence[Series],
    low: int,
    high: int,
    title: str,
    description: str = "",
    chart_id: str = "star",
    first_style: int = 0,
) -> SafeString:
    """The star as an inline SVG element. `axes` are the dimensions' short names.

    `first_style` picks where in STYLES the series start, so two stars on one page that mean
    different things (first/latest, citizen/caseworker) do not share a look.
    """
    count = len(axes)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="star" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="13">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    # Rings at every second step (the anchored stages), labelled up the first ray.
    for value in range(low + 1, high + 1, 2) if count >= 3 else ():
        ring = " ".join(
            "{},{}".format(*map(num, _point(i, count, _fraction(value, low, high))))
            for i in range(count)
        )
        parts.append(f'<polygon points="{ring}" fill="none" stroke="#c8c8c8" stroke-width="1"/>')
        x, y = _point(0, count, _fraction(value, low, high))
        parts.append(
            f'<text x="{num(x + 4)}" y="{num(y - 2)}" font-size="10" fill="#555">{value}</text>'
        )
    for index, text in enumerate(axes):
        x, y = _point(index, count, 1)
        parts.append(
            f'<line x1="{CX}" y1="{CY}" x2="{num(x)}" y2="{num(y)}" stroke="#9a9a9a" '
            'stroke-width="1"/>'
        )
        parts.append(_label(index, count, text))
    for number, one in enumerate(series, start=first_style):
        style = STYLES[number % len(STYLES)]
        points = [
            _point(i, count, _fraction(v, low, high)) if v is not None else None
            for i, v in enumerate(one.values)
        ]
        closed = all(p is not None for p in points)
        if closed and style["fill"] != "none":
            ring = " ".join("{},{}".format(*map(num, p)) for p in points)  # type: ignore[arg-type]
            parts.append(f'<polygon points="{ring}" fill="{style["fill"]}" fill-opacity="0.12"/>')
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        for run in _runs(one.values):
            if len(run) < 2:
                continue
            line = " ".join("{},{}".format(*map(num, points[i])) for i in run)  # type: ignore[arg-type]
            parts.append(
                f'<polyline points="{line}" fill="none" stroke="{style["colour"]}" '
                f'stroke-width="2.5"{dash}/>'
            )
        for i, p in enumerate(points):
            if p is not None:
                label = f"{one.name}: {axes[i]} {num(one.values[i]).removesuffix('.0')}"  # type: ignore[arg-type]
                parts.append(marker(style["marker"], p[0], p[1], style["colour"], label, scale=1.1))
    parts.append(_legend(series, first_style))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _legend(series: Sequence[Series], first_style: int) -> str:
    parts = []
    y = HEIGHT - 22 * len(series) + 4
    for number, one in enumerate(series):
        style = STYLES[(number + first_style) % len(STYLES)]
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        row = y + 22 * number
        parts.append(
            f'<line x1="150" y1="{row}" x2="200" y2="{row}" stroke="{style["colour"]}" '
            f'stroke-width="2.5"{dash}/>'
        )
        parts.append(marker(style["marker"], 175, row, style["colour"], one.name, scale=1.1))
        parts.append(f'<text x="212" y="{row}" dy="0.35em">{escape(one.name)}</text>')
    return "".join(parts)
