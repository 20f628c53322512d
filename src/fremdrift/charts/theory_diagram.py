"""A theory of change (or programme theory) as a diagram: columns of boxes joined by arrows.

One column per horizon in reading order, left to right, each with a header; a box per item
with its text wrapped; an arrow (an SVG marker arrowhead) for every "leads to". A box bound
to a key figure or a progression dimension carries a value line ("M3: 31,2 % (baseline
25,0 %)") and a change marker whose shape says the direction (a triangle up or down, a bar
for no change), so it reads without colour and in black-and-white print.

Drawn in Python like the other charts: every text escaped, coordinates in fixed point (never
localised), nothing fetched from outside, so the same SVG goes into the page, the
presentation and the PDF (WeasyPrint). The width suits a projector and A4 landscape alike.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fremdrift.charts.lines import FONT, content_id, num

COLUMN_WIDTH = 250.0
GAP = 74.0  # between columns: room for the arrows
MARGIN = 16.0
HEADER_HEIGHT = 48.0
HEADER_FONT = 16
TEXT_FONT = 14
TEXT_LINE = 18.0
VALUE_FONT = 13
VALUE_LINE = 17.0
PAD = 10.0
BOX_GAP = 18.0
MAX_LINES = 9
LEGEND_HEIGHT = 34.0
# A colour-blind safe blue for the frame; a dark grey for the arrows.
HEADER_FILL = "#1f4e8c"
BOX_FILL = "#f3f6fb"
BOX_STROKE = "#1f4e8c"
BOUND_FILL = "#fff7eb"
BOUND_STROKE = "#b35900"
ARROW = "#3d3d3d"
MUTED = "#5c5c5c"
UP_COLOUR, DOWN_COLOUR, SAME_COLOUR = "#2b7a3d", "#8a1c1c", "#444"


@dataclass(frozen=True)
class Box:
    """One item. `key` is unique in the diagram (links name it); `value` the bound figure's
    line, `change` the change in words and `direction` its sign (None: no change to show)."""

    key: str
    text: str
    value: str = ""
    change: str = ""
    direction: int | None = None
    code: str = ""  # the bound figure's code or dimension key, for the page's hooks


@dataclass(frozen=True)
class Column:
    title: str
    boxes: Sequence[Box] = field(default_factory=tuple)


@dataclass(frozen=True)
class _Placed:
    box: Box
    column: int
    x: float
    y: float
    height: float
    lines: list[str]
    value_lines: list[str]
    change_lines: list[str]


def _chars(font_size: int) -> int:
    """Characters per line in a box. No font metrics on the server: DejaVu Sans averages
    about 0.55 em for running Danish text; a little more is allowed for capitals."""
    return max(8, int((COLUMN_WIDTH - 2 * PAD) / (font_size * 0.57)))


def wrap(text: str, font_size: int, max_lines: int = MAX_LINES) -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), width=_chars(font_size)) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: _chars(font_size) - 1].rstrip() + "…"
    return lines


def _box_height(lines: list[str], value_lines: list[str], change_lines: list[str]) -> float:
    height = 2 * PAD + len(lines) * TEXT_LINE
    if value_lines or change_lines:
        height += 8 + (len(value_lines) + len(change_lines)) * VALUE_LINE
    return height


def column_x(index: int) -> float:
    return MARGIN + index * (COLUMN_WIDTH + GAP)


def diagram_width(columns: int) -> float:
    return 2 * MARGIN + columns * COLUMN_WIDTH + max(columns - 1, 0) * GAP


def _layout(columns: Sequence[Column]) -> tuple[list[_Placed], float, float]:
    """Boxes placed; each column centred on the tallest. Returns (boxes, top, body height)."""
    measured: list[list[tuple[Box, list[str], list[str], list[str], float]]] = []
    for column in columns:
        rows = []
        for box in column.boxes:
            lines = wrap(box.text, TEXT_FONT)
            value_lines = wrap(box.value, VALUE_FONT, 3) if box.value else []
            change_lines = wrap(box.change, VALUE_FONT, 2) if box.change else []
            rows.append((box, lines, value_lines, change_lines, _box_height(
                lines, value_lines, change_lines)))  # fmt: skip
        measured.append(rows)
    heights = [sum(r[4] for r in rows) + BOX_GAP * max(len(rows) - 1, 0) for rows in measured]
    body = max([*heights, 60.0])
    top = MARGIN + HEADER_HEIGHT + 22
    placed = []
    for index, rows in enumerate(measured):
        y = top + (body - heights[index]) / 2
        for box, lines, value_lines, change_lines, height in rows:
            placed.append(
                _Placed(box, index, column_x(index), y, height, lines, value_lines, change_lines)
            )
            y += height + BOX_GAP
    return placed, top, body


def _ports(
    placed: dict[str, _Placed], links: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], tuple[float, float]]:
    """Where each link leaves its source and enters its target: spread along the box's side,
    in the order of the other end's height, so arrows into one box do not pile up."""
    outgoing: dict[str, list[tuple[str, str]]] = {}
    incoming: dict[str, list[tuple[str, str]]] = {}
    for link in links:
        outgoing.setdefault(link[0], []).append(link)
        incoming.setdefault(link[1], []).append(link)

    def centre(key: str) -> float:
        p = placed[key]
        return p.y + p.height / 2

    ports: dict[tuple[str, str], list[float]] = {link: [0.0, 0.0] for link in links}
    for key, group in outgoing.items():
        group.sort(key=lambda link: centre(link[1]))
        p = placed[key]
        for n, link in enumerate(group):
            ports[link][0] = p.y + p.height * (n + 1) / (len(group) + 1)
    for key, group in incoming.items():
        group.sort(key=lambda link: centre(link[0]))
        p = placed[key]
        for n, link in enumerate(group):
            ports[link][1] = p.y + p.height * (n + 1) / (len(group) + 1)
    return {link: (a, b) for link, (a, b) in ports.items()}


def _marker_shape(direction: int, x: float, y: float) -> str:
    """A triangle up for a rise, down for a fall, a bar for no change (readable in grey)."""
    if direction > 0:
        points = f"{num(x)},{num(y + 5)} {num(x + 5)},{num(y - 4)} {num(x + 10)},{num(y + 5)}"
        return f'<polygon class="change-up" points="{points}" fill="{UP_COLOUR}"/>'
    if direction < 0:
        points = f"{num(x)},{num(y - 4)} {num(x + 10)},{num(y - 4)} {num(x + 5)},{num(y + 5)}"
        return f'<polygon class="change-down" points="{points}" fill="{DOWN_COLOUR}"/>'
    return (
        f'<rect class="change-same" x="{num(x)}" y="{num(y - 1.5)}" width="10" height="3" '
        f'fill="{SAME_COLOUR}"/>'
    )


def _box(p: _Placed) -> str:
    box = p.box
    bound = bool(box.value)
    tooltip = " ".join(part for part in (box.text, box.value, box.change) if part)
    parts = [
        f'<g class="theory-item" data-key="{escape(box.key)}">',
        f"<title>{escape(tooltip)}</title>",
        f'<rect class="box" x="{num(p.x)}" y="{num(p.y)}" width="{num(COLUMN_WIDTH)}" '
        f'height="{num(p.height)}" rx="6" fill="{BOUND_FILL if bound else BOX_FILL}" '
        f'stroke="{BOUND_STROKE if bound else BOX_STROKE}" '
        f'stroke-width="{"2.5" if bound else "1.5"}"/>',
    ]
    y = p.y + PAD + TEXT_FONT
    for line in p.lines:
        parts.append(
            f'<text x="{num(p.x + PAD)}" y="{num(y)}" font-size="{TEXT_FONT}">{escape(line)}</text>'
        )
        y += TEXT_LINE
    if p.value_lines or p.change_lines:
        rule_y = y - TEXT_LINE + 8
        parts.append(
            f'<line x1="{num(p.x + PAD)}" y1="{num(rule_y)}" '
            f'x2="{num(p.x + COLUMN_WIDTH - PAD)}" y2="{num(rule_y)}" '
            f'stroke="{BOUND_STROKE}" stroke-width="1" stroke-dasharray="3 2"/>'
        )
        y += 8 - TEXT_LINE + VALUE_LINE
        code = f' data-code="{escape(box.code)}"' if box.code else ""
        parts.append(
            f'<text class="value" data-testid="theory-value" data-item="{escape(box.key)}"{code} '
            f'font-size="{VALUE_FONT}" font-weight="bold">'
        )
        for n, line in enumerate(p.value_lines):
            parts.append(
                f'<tspan x="{num(p.x + PAD)}" y="{num(y + n * VALUE_LINE)}">{escape(line)}</tspan>'
            )
        parts.append("</text>")
        y += len(p.value_lines) * VALUE_LINE
        indent = 0.0
        if p.change_lines and box.direction is not None:
            parts.append(_marker_shape(box.direction, p.x + PAD, y - 4.5))
            indent = 15.0
        for n, line in enumerate(p.change_lines):
            parts.append(
                f'<text class="change" x="{num(p.x + PAD + indent)}" '
                f'y="{num(y + n * VALUE_LINE)}" font-size="{VALUE_FONT}">{escape(line)}</text>'
            )
    parts.append("</g>")
    return "".join(parts)


def theory_diagram(
    *,
    title: str,
    columns: Sequence[Column],
    links: Sequence[tuple[str, str]],
    description: str = "",
    empty_text: str = "Intet endnu",
    link_word: str = "fører til",
    legend: Sequence[str] = ("fører til", "steget", "faldet", "uændret"),
    chart_id: str | None = None,
    testid: str = "theory-diagram",
) -> SafeString:
    """The diagram as an inline SVG element.

    `links` are (source key, target key) pairs; a pair naming a box that is not drawn is
    left out. `legend` is the four legend words (arrow, rise, fall, no change) and, like
    `empty_text` and `link_word`, a parameter so the caller can pass them translated.
    """
    placed_list, top, body = _layout(columns)
    placed = {p.box.key: p for p in placed_list}
    links = [(a, b) for a, b in links if a in placed and b in placed and a != b]
    width = diagram_width(len(columns))
    has_values = any(p.box.direction is not None for p in placed_list)
    legend_top = top + body + 26
    height = legend_top + LEGEND_HEIGHT
    key = escape(chart_id or content_id("theory", title, tuple(columns), tuple(links)))
    label = f"{title}. {description}".strip() if description else title
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" '
        f'width="100%" role="img" aria-label="{escape(label)}" data-testid="{escape(testid)}" '
        f'class="theory-diagram" font-family="{FONT}" fill="#1a1a1a">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(description)}</desc>",
        "<defs>"
        f'<marker id="{key}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
        f'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{ARROW}"/></marker>'
        "</defs>",
    ]
    for index, column in enumerate(columns):
        x = column_x(index)
        parts.append(
            f'<rect class="column-head" x="{num(x)}" y="{num(MARGIN)}" '
            f'width="{num(COLUMN_WIDTH)}" height="{num(HEADER_HEIGHT)}" rx="4" '
            f'fill="{HEADER_FILL}"/>'
        )
        parts.append(
            f'<text class="column-title" x="{num(x + COLUMN_WIDTH / 2)}" '
            f'y="{num(MARGIN + HEADER_HEIGHT / 2)}" dy="0.35em" text-anchor="middle" '
            f'font-size="{HEADER_FONT}" font-weight="bold" fill="#fff">'
            f"{escape(column.title)}</text>"
        )
        if index < len(columns) - 1:
            # The reading direction between the headers.
            mid = x + COLUMN_WIDTH + GAP / 2
            y = MARGIN + HEADER_HEIGHT / 2
            parts.append(
                f'<path d="M {num(mid - 14)} {num(y)} L {num(mid + 10)} {num(y)}" '
                f'stroke="{MUTED}" stroke-width="2" marker-end="url(#{key}-arrow)" '
                f'class="reading-direction"/>'
            )
        if not column.boxes:
            box_y = top + body / 2 - 24
            parts.append(
                f'<rect class="empty" x="{num(x)}" y="{num(box_y)}" width="{num(COLUMN_WIDTH)}" '
                f'height="48" rx="6" fill="none" stroke="{MUTED}" stroke-dasharray="5 4"/>'
                f'<text x="{num(x + COLUMN_WIDTH / 2)}" y="{num(box_y + 24)}" dy="0.35em" '
                f'text-anchor="middle" font-size="{TEXT_FONT}" font-style="italic" '
                f'fill="{MUTED}">{escape(empty_text)}</text>'
            )
    # Arrows under the boxes: a link that skips a column passes behind the boxes between.
    ports = _ports(placed, links)
    for source, target in links:
        a, b = placed[source], placed[target]
        y1, y2 = ports[(source, target)]
        x1, x2 = a.x + COLUMN_WIDTH, b.x - 1
        if b.x <= a.x:  # not drawn backwards; the services never allow it
            continue
        dx = max((x2 - x1) / 2, 24.0)
        parts.append(
            f'<path class="link" d="M {num(x1)} {num(y1)} C {num(x1 + dx)} {num(y1)} '
            f'{num(x2 - dx)} {num(y2)} {num(x2)} {num(y2)}" fill="none" stroke="{ARROW}" '
            f'stroke-width="1.8" marker-end="url(#{key}-arrow)">'
            f"<title>{escape(f'{a.box.text} {link_word} {b.box.text}')}</title></path>"
        )
    parts += [_box(p) for p in placed_list]
    parts.append(_legend(key, legend_top, has_values, legend))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _legend(key: str, top: float, has_values: bool, words: Sequence[str]) -> str:
    arrow, up, down, same = [*words, "", "", "", ""][:4]
    y = top + LEGEND_HEIGHT / 2
    x = MARGIN
    parts = [
        f'<g class="legend" font-size="{VALUE_FONT}" fill="{MUTED}">',
        f'<path d="M {num(x)} {num(y)} L {num(x + 34)} {num(y)}" stroke="{ARROW}" '
        f'stroke-width="1.8" marker-end="url(#{key}-arrow)"/>',
        f'<text x="{num(x + 42)}" y="{num(y)}" dy="0.35em">{escape(arrow)}</text>',
    ]
    x += 42 + len(arrow) * VALUE_FONT * 0.62 + 28
    if has_values:
        for direction, word in ((1, up), (-1, down), (0, same)):
            parts.append(_marker_shape(direction, x, y))
            parts.append(f'<text x="{num(x + 16)}" y="{num(y)}" dy="0.35em">{escape(word)}</text>')
            x += 16 + len(word) * VALUE_FONT * 0.62 + 28
    parts.append("</g>")
    return "".join(parts)
