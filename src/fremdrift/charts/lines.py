"""A line chart over months: one municipality against the national and project averages.

Readable without colour, like the star: every line has its own marker shape and dash
pattern, and the legend shows both. A month without a value (suppressed, not yet published)
breaks the line instead of dropping it to zero. The same SVG goes into the page and into the
PDF (WeasyPrint), so it carries its own fonts and colours and refers to nothing outside.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fremdrift.core.numbers import fmt_number

FONT = "DejaVu Sans, Arial, sans-serif"
# The star's palette: a colour-blind safe pair (blue / orange), then two more.
STYLES = (
    {"colour": "#1f4e8c", "marker": "circle", "dash": ""},
    {"colour": "#b35900", "marker": "square", "dash": "7 4"},
    {"colour": "#2b7a3d", "marker": "triangle", "dash": "2 3"},
    {"colour": "#6b2f8a", "marker": "diamond", "dash": "10 3 2 3"},
)
WIDTH = 640
# Room for tick labels on the left; on the right for the target's label, which would hide
# the latest months' points if it sat inside the plot.
PLOT_LEFT, PLOT_RIGHT = 56.0, 560.0
PLOT_TOP, PLOT_BOTTOM = 36.0, 256.0
MAX_X_LABELS = 8
TICKS = 5
LEGEND_TOP = PLOT_BOTTOM + 46
LEGEND_ROW = 22
GREY_TEXT = "#555"


@dataclass(frozen=True)
class Line:
    """One series: a value per month, None where there is none (the line breaks there).

    `style` picks colour, marker and dash from STYLES; `labels`, if given, are the points'
    tooltip texts (e.g. "41,2 % (57 af 138)"), otherwise the value is shown.
    """

    name: str
    values: Sequence[float | None]
    style: int = 0
    labels: Sequence[str] | None = None


def num(number: float) -> str:
    """An SVG coordinate or length. Every chart uses this one: fixed point, never localised,
    as SVG needs a dot whatever the page's language."""
    return f"{number:.1f}"


def _tick_text(value: float) -> str:
    return fmt_number(value, 0) if float(value).is_integer() else fmt_number(value, 1)


def _with_unit(text: str, unit: str) -> str:
    return f"{text} {unit}" if unit else text


def _present(value: float | None) -> bool:
    # NaN from a division upstream would otherwise end up as "nan" in a coordinate.
    return value is not None and not math.isnan(value)


def nice_max(largest: float) -> float:
    """The smallest round top of the axis at or above `largest`, never below 5.

    Round means the fifth of it is 1, 2, 2.5 or 5 times a power of ten, so each of the
    five gridlines gets a short label.
    """
    if largest <= 5:
        return 5.0
    raw = largest / TICKS
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        # 2.5 below ten would give labels with decimals on a count axis.
        if factor == 2.5 and power < 10:
            continue
        if step * TICKS >= largest - 1e-9:
            return step * TICKS
    return 10 * power * TICKS  # pragma: no cover - the loop ends at factor 10


def x_position(index: int, count: int) -> float:
    """The x of the index-th month when there are `count` months."""
    if count <= 1:
        return (PLOT_LEFT + PLOT_RIGHT) / 2
    return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * index / (count - 1)


def y_position(value: float, y_max: float) -> float:
    return PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * value / y_max


def shown_label_indices(count: int) -> list[int]:
    """At most MAX_X_LABELS month labels, evenly spread, always the first and the last."""
    if count <= MAX_X_LABELS:
        return list(range(count))
    wanted = MAX_X_LABELS
    return sorted({round(k * (count - 1) / (wanted - 1)) for k in range(wanted)})


def content_id(kind: str, *parts: object) -> str:
    """A stable id from the chart's content, so two charts on one page do not share ids."""
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:10]
    return f"{kind}-{digest}"


def text_width(text: str, font_size: float) -> float:
    # No font metrics on the server: DejaVu Sans averages about 0.62 em a character.
    return len(text) * font_size * 0.62


def marker(kind: str, x: float, y: float, colour: str, title: str, *, scale: float = 1.0) -> str:
    """One point's marker, its <title> the tooltip; points are space-separated, no commas.

    The shapes are shared by every chart (a filled circle, an open square, a filled triangle,
    an open diamond), so a series reads the same without colour wherever it is drawn;
    `scale` makes them larger where the chart's rows are.
    """
    t = f"<title>{escape(title)}</title>"
    k = scale
    if kind == "circle":
        return (
            f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(4.5 * k)}" fill="{colour}">{t}</circle>'
        )
    if kind == "square":
        return (
            f'<rect x="{num(x - 4 * k)}" y="{num(y - 4 * k)}" width="{num(8 * k)}" '
            f'height="{num(8 * k)}" fill="white" stroke="{colour}" stroke-width="2">{t}</rect>'
        )
    if kind == "triangle":
        corners = ((x, y - 5.5 * k), (x + 5.5 * k, y + 4 * k), (x - 5.5 * k, y + 4 * k))
        fill = f'fill="{colour}"'
    else:
        corners = ((x, y - 6 * k), (x + 6 * k, y), (x, y + 6 * k), (x - 6 * k, y))
        fill = f'fill="white" stroke="{colour}" stroke-width="2"'
    points = " ".join(f"{num(px)} {num(py)}" for px, py in corners)
    return f'<polygon points="{points}" {fill}>{t}</polygon>'


def _dash(style: dict[str, str]) -> str:
    return f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""


def _runs(values: Sequence[float | None]) -> list[list[int]]:
    """Indices of consecutive months with a value."""
    runs: list[list[int]] = []
    current: list[int] = []
    for index, value in enumerate(values):
        if _present(value):
            current.append(index)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _wrap(text: str, width: float, font_size: float) -> list[str]:
    """Greedy word wrap by estimated width; a single long word stays whole."""
    rows: list[str] = []
    for word in text.split():
        if rows and text_width(f"{rows[-1]} {word}", font_size) <= width:
            rows[-1] = f"{rows[-1]} {word}"
        else:
            rows.append(word)
    return rows


def line_chart(
    *,
    title: str,
    x_labels: Sequence[str],
    lines: Sequence[Line],
    unit: str = "%",
    y_max: float | None = None,
    target: float | None = None,
    target_label: str = "Mål",
    baseline_index: int | None = None,
    baseline_label: str = "Baseline",
    description: str = "",
    no_data_text: str = "(ingen tal)",
    chart_id: str | None = None,
) -> SafeString:
    """The chart as an inline SVG element, one x position per entry of `x_labels`.

    `no_data_text` follows the name of a line without any value, in the legend; it is a
    parameter so a caller can pass it translated. `chart_id` fixes the element ids; by
    default they come from the content.
    """
    count = len(x_labels)
    for line in lines:
        if len(line.values) != count:
            raise ValueError(f"{line.name!r} has {len(line.values)} values for {count} months")
        if line.labels is not None and len(line.labels) != count:
            raise ValueError(f"{line.name!r} has {len(line.labels)} labels for {count} months")
    largest = max(
        [v for line in lines for v in line.values if _present(v)]  # type: ignore[misc]
        + ([target] if target is not None else []),
        default=0.0,
    )
    if y_max is None or y_max <= 0:  # a zero top would divide by zero in the scale
        y_max = 100.0 if unit == "%" and largest <= 100 else nice_max(largest)
    key = escape(
        chart_id or content_id("lines", title, tuple(x_labels), tuple(lines), target, unit)
    )
    legend, legend_height = _legend(lines, no_data_text)
    height = LEGEND_TOP + legend_height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {num(height)}" '
        f'width="100%" role="img" aria-labelledby="{key}-title {key}-desc" '
        f'font-family="{FONT}" font-size="12" fill="#222">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(description)}</desc>',
    ]
    parts += _axes(x_labels, y_max, unit)
    if baseline_index is not None and 0 <= baseline_index < count:
        parts.append(_baseline(x_position(baseline_index, count), baseline_label))
    if target is not None:
        value = _with_unit(_tick_text(target), unit)
        parts.append(_target(target, y_max, target_label, value))
    for line in lines:
        parts += _series(line, count, y_max, unit)
    parts.append(legend)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _axes(x_labels: Sequence[str], y_max: float, unit: str) -> list[str]:
    parts = []
    for step in range(TICKS + 1):
        value = y_max * step / TICKS
        y = y_position(value, y_max)
        # The zero line is the x axis, so it is darker than the gridlines.
        stroke = "#8a8a8a" if step == 0 else "#dddddd"
        parts.append(
            f'<line x1="{num(PLOT_LEFT)}" y1="{num(y)}" x2="{num(PLOT_RIGHT)}" '
            f'y2="{num(y)}" stroke="{stroke}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{num(PLOT_LEFT - 6)}" y="{num(y)}" dy="0.35em" text-anchor="end" '
            f'font-size="11" fill="{GREY_TEXT}">{escape(_tick_text(value))}</text>'
        )
    if unit:
        parts.append(
            f'<text x="{num(PLOT_LEFT - 6)}" y="{num(PLOT_TOP - 16)}" text-anchor="end" '
            f'font-size="11" fill="{GREY_TEXT}">{escape(unit)}</text>'
        )
    count = len(x_labels)
    for index in shown_label_indices(count):
        x = x_position(index, count)
        parts.append(
            f'<line x1="{num(x)}" y1="{num(PLOT_BOTTOM)}" x2="{num(x)}" '
            f'y2="{num(PLOT_BOTTOM + 4)}" stroke="#8a8a8a" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{num(x)}" y="{num(PLOT_BOTTOM + 18)}" text-anchor="middle" '
            f'font-size="11" fill="{GREY_TEXT}">{escape(x_labels[index])}</text>'
        )
    return parts


def _baseline(x: float, label: str) -> str:
    # Label above the plot, on the side of the line with more room.
    anchor, label_x = ("start", x + 4) if x < (PLOT_LEFT + PLOT_RIGHT) / 2 else ("end", x - 4)
    return (
        f'<line x1="{num(x)}" y1="{num(PLOT_TOP - 12)}" x2="{num(x)}" '
        f'y2="{num(PLOT_BOTTOM)}" stroke="#444" stroke-width="1"/>'
        f'<text x="{num(label_x)}" y="{num(PLOT_TOP - 16)}" font-size="11" '
        f'text-anchor="{anchor}" fill="#444">{escape(label)}</text>'
    )


def _target(target: float, y_max: float, label: str, value: str) -> str:
    """The dashed target line, its label above and its value below it, right of the plot."""
    y = y_position(target, y_max)
    x = PLOT_RIGHT + 10  # clear of the last month's marker
    rows = _wrap(label, WIDTH - x - 2, 11)
    parts = [
        f'<line x1="{num(PLOT_LEFT)}" y1="{num(y)}" x2="{num(PLOT_RIGHT)}" y2="{num(y)}" '
        f'stroke="#333" stroke-width="1.5" stroke-dasharray="5 4"/>'
    ]
    for number, row in enumerate(reversed(rows)):
        parts.append(
            f'<text x="{num(x)}" y="{num(y - 4 - 13 * number)}" font-size="11" '
            f'fill="#333">{escape(row)}</text>'
        )
    parts.append(
        f'<text x="{num(x)}" y="{num(y + 13)}" font-size="11" font-weight="bold" '
        f'fill="#333">{escape(value)}</text>'
    )
    return "".join(parts)


def _series(line: Line, count: int, y_max: float, unit: str) -> list[str]:
    style = STYLES[line.style % len(STYLES)]
    points = {
        i: (x_position(i, count), y_position(v, y_max))  # type: ignore[arg-type]
        for i, v in enumerate(line.values)
        if _present(v)
    }
    if not points:
        return []
    d = " ".join(
        "M " + " L ".join(f"{num(points[i][0])} {num(points[i][1])}" for i in run)
        for run in _runs(line.values)
    )
    parts = [
        f'<path d="{d}" fill="none" stroke="{style["colour"]}" stroke-width="2.5" '
        f'stroke-linejoin="round"{_dash(style)}/>'
    ]
    for i, (x, y) in points.items():
        if line.labels is not None and line.labels[i]:
            text = line.labels[i]
        else:
            text = _with_unit(fmt_number(line.values[i]), unit)  # type: ignore[arg-type]
        parts.append(marker(style["marker"], x, y, style["colour"], f"{line.name}: {text}"))
    return parts


def _legend(lines: Sequence[Line], no_data_text: str) -> tuple[str, float]:
    """Legend entries side by side, wrapping when the next one would not fit."""
    parts = []
    x, row = PLOT_LEFT, 0
    for line in lines:
        style = STYLES[line.style % len(STYLES)]
        empty = not any(_present(v) for v in line.values)
        name = f"{line.name} {no_data_text}" if empty else line.name
        width = 36 + 6 + text_width(name, 12)
        if x > PLOT_LEFT and x + width > WIDTH - 8:
            x, row = PLOT_LEFT, row + 1
        y = LEGEND_TOP + LEGEND_ROW * row
        parts.append(
            f'<line x1="{num(x)}" y1="{num(y)}" x2="{num(x + 36)}" y2="{num(y)}" '
            f'stroke="{style["colour"]}" stroke-width="2.5"{_dash(style)}/>'
        )
        parts.append(marker(style["marker"], x + 18, y, style["colour"], name))
        parts.append(f'<text x="{num(x + 42)}" y="{num(y)}" dy="0.35em">{escape(name)}</text>')
        x += width + 22
    return "".join(parts), LEGEND_ROW * (row + 1) if lines else 0.0
