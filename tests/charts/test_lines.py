"""The line chart SVG, parsed back: shapes, gaps, reference lines and texts are checked."""

import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from fremdrift.charts.lines import (
    PLOT_BOTTOM,
    PLOT_LEFT,
    PLOT_RIGHT,
    PLOT_TOP,
    Line,
    fmt_number,
    line_chart,
    nice_max,
    shown_label_indices,
    x_position,
    y_position,
)

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = [f"{m} 2025" for m in ("jan.", "feb.", "mar.", "apr.", "maj.", "jun.")]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def chart(**kwargs) -> ET.Element:
    kwargs.setdefault("title", "A1 Andel i job")
    kwargs.setdefault("x_labels", MONTHS)
    return parse(line_chart(**kwargs))


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def titles(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}title")]


def dashed(root: ET.Element, pattern: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}line") if e.get("stroke-dasharray") == pattern]


def test_the_svg_scales_and_names_itself_for_screen_readers():
    root = chart(lines=[Line("Odense", [1, 2, 3, 4, 5, 6])], description="Seks måneder")
    assert root.get("width") == "100%"
    x, y, width, height = (float(n) for n in root.get("viewBox").split())
    assert (x, y, width) == (0, 0, 640)
    assert PLOT_BOTTOM + 40 < height < 400  # x labels and a legend row below the plot
    assert root.get("role") == "img"
    assert "DejaVu Sans" in root.get("font-family")
    ids = root.get("aria-labelledby").split()
    labelled = {e.get("id"): e.text for e in root if e.get("id")}
    assert [labelled[i] for i in ids] == ["A1 Andel i job", "Seks måneder"]


def test_two_charts_on_one_page_do_not_share_ids():
    one = chart(lines=[Line("Odense", [1, 2, 3, 4, 5, 6])])
    other = chart(lines=[Line("Aarhus", [1, 2, 3, 4, 5, 6])])
    assert one.get("aria-labelledby") != other.get("aria-labelledby")
    fixed = chart(lines=[Line("Odense", [1] * 6)], chart_id="a1")
    assert fixed.get("aria-labelledby") == "a1-title a1-desc"


def test_each_line_has_its_own_marker_shape_and_dash_and_the_legend_shows_both():
    root = chart(
        lines=[
            Line("Odense", [10, 20, 30, 40, 50, 60], style=0),
            Line("Landsgennemsnit", [11, 21, 31, 41, 51, 61], style=1),
            Line("Projektgennemsnit", [12, 22, 32, 42, 52, 62], style=2),
        ]
    )
    # Six points each, and one sample in the legend.
    assert len(list(root.iter(f"{SVG}circle"))) == 6 + 1
    assert len(list(root.iter(f"{SVG}rect"))) == 6 + 1
    assert len(list(root.iter(f"{SVG}polygon"))) == 6 + 1  # triangles
    paths = list(root.iter(f"{SVG}path"))
    assert [p.get("stroke-dasharray") for p in paths] == [None, "7 4", "2 3"]
    assert len({p.get("stroke") for p in paths}) == 3
    legend = [e for e in root.iter(f"{SVG}line") if float(e.get("y1")) > PLOT_BOTTOM + 30]
    assert [e.get("stroke-dasharray") for e in legend] == [None, "7 4", "2 3"]
    assert {"Odense", "Landsgennemsnit", "Projektgennemsnit"} <= set(texts(root))


def test_marker_titles_carry_the_values_with_a_decimal_comma():
    root = chart(
        lines=[
            Line("Odense", [41.25, None, 7, 8, 9, 10], labels=["41,2 % (57 af 138)"] + [""] * 5),
            Line("Landsgennemsnit", [38.44, 39, 40, 41, 42, 43], style=1),
        ]
    )
    found = titles(root)
    assert "Odense: 41,2 % (57 af 138)" in found
    assert "Odense: 7,0 %" in found  # an empty label falls back to the number
    assert "Landsgennemsnit: 38,4 %" in found
    counts = chart(lines=[Line("Odense", [1234.5, 2, 3, 4, 5, 6])], unit="")
    assert "Odense: 1.234,5" in titles(counts)


def test_a_missing_month_breaks_the_line_instead_of_dropping_to_zero():
    root = chart(
        x_labels=[f"m{i}" for i in range(8)],
        lines=[Line("Odense", [None, 10, 20, None, 30, None, 40, 50])],
    )
    d = root.find(f"{SVG}path").get("d")
    # Three runs: 1-2, 4 alone, 6-7; each starts with a move.
    assert d.count("M") == 3 and d.count("L") == 2
    markers = list(root.iter(f"{SVG}circle"))
    assert len(markers) == 5 + 1
    assert all(float(c.get("cy")) < PLOT_BOTTOM for c in markers[:-1])  # nothing at zero
    nan = chart(lines=[Line("Odense", [1, 2, math.nan, 4, 5, 6])])
    assert nan.find(f"{SVG}path").get("d").count("M") == 2


def test_a_line_without_any_value_stays_in_the_legend_only():
    root = chart(lines=[Line("Odense", [1, 2, 3, 4, 5, 6]), Line("Vejle", [None] * 6, style=3)])
    assert len(list(root.iter(f"{SVG}path"))) == 1
    assert len(list(root.iter(f"{SVG}polygon"))) == 1  # the diamond in the legend
    assert "Vejle (ingen tal)" in texts(root)
    english = chart(lines=[Line("Vejle", [None] * 6)], no_data_text="(no figures)")
    assert "Vejle (no figures)" in texts(english)


def test_points_sit_on_the_scale():
    root = chart(lines=[Line("Odense", [0, 50, 100, 25, 75, 10])])
    circles = list(root.iter(f"{SVG}circle"))[:6]
    assert float(circles[0].get("cx")) == PLOT_LEFT
    assert float(circles[-1].get("cx")) == PLOT_RIGHT
    assert float(circles[0].get("cy")) == PLOT_BOTTOM
    assert float(circles[2].get("cy")) == PLOT_TOP
    assert float(circles[1].get("cy")) == pytest.approx((PLOT_TOP + PLOT_BOTTOM) / 2, abs=0.05)


def test_target_and_baseline_lines_sit_at_their_value_and_month():
    root = chart(
        lines=[Line("Odense", [30, 32, 35, 37, 40, 42])],
        target=45,
        target_label="Mål 2026",
        baseline_index=2,
        baseline_label="Baseline",
    )
    (target,) = dashed(root, "5 4")
    expected_y = f"{y_position(45, 100):.1f}"
    assert target.get("y1") == target.get("y2") == expected_y
    assert float(target.get("x1")) == PLOT_LEFT and float(target.get("x2")) == PLOT_RIGHT
    assert "Mål 2026" in texts(root) and "45 %" in texts(root)
    expected_x = f"{x_position(2, 6):.1f}"
    (baseline,) = [
        e
        for e in root.iter(f"{SVG}line")
        if e.get("x1") == e.get("x2") == expected_x and float(e.get("y1")) < PLOT_TOP
    ]
    assert float(baseline.get("y2")) == PLOT_BOTTOM
    assert "Baseline" in texts(root)
    # The baseline month's point is on the baseline line.
    assert list(root.iter(f"{SVG}circle"))[2].get("cx") == expected_x


def test_no_target_and_no_baseline_draw_no_reference_lines():
    root = chart(lines=[Line("Odense", [30, 32, 35, 37, 40, 42])])
    assert not dashed(root, "5 4")
    vertical = [e for e in root.iter(f"{SVG}line") if float(e.get("y1")) < PLOT_TOP]
    assert vertical == []


def test_a_long_target_label_wraps_inside_the_chart():
    root = chart(lines=[Line("A", [1] * 6)], target=50, target_label="Mål for projektets år 2026")
    width = float(root.get("viewBox").split()[2])
    label_rows = [t for t in root.iter(f"{SVG}text") if float(t.get("x")) > PLOT_RIGHT]
    assert len(label_rows) >= 3  # at least two rows of label, then the value
    assert all(len(t.text) * 11 * 0.62 <= width - float(t.get("x")) for t in label_rows)


@pytest.mark.parametrize(
    ("largest", "top"),
    [(0, 5), (3, 5), (5, 5), (5.1, 10), (11, 25), (37, 50), (100, 100), (237, 250), (1234, 1250)],
)
def test_nice_max(largest, top):
    assert nice_max(largest) == top


def test_y_axis_top_for_counts_and_shares():
    counts = chart(lines=[Line("Odense", [12, 40, 88, 130, 170, 237])], unit="")
    ticks = [t.text for t in counts.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert ticks == ["0", "50", "100", "150", "200", "250"]
    shares = chart(lines=[Line("Odense", [12, 40, 88, 30, 17, 23])])
    ticks = [t.text for t in shares.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert ticks == ["0", "20", "40", "60", "80", "100", "%"]
    small = chart(lines=[Line("Odense", [0.1] * 6)], y_max=1, unit="")
    ticks = [t.text for t in small.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert ticks == ["0", "0,2", "0,4", "0,6", "0,8", "1"]
    # A target above every value still fits on the axis.
    high = chart(lines=[Line("Odense", [1, 2, 3, 4, 5, 6])], unit="", target=42)
    ticks = [t.text for t in high.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert ticks[-1] == "50"


def test_at_most_eight_month_labels_always_first_and_last():
    months = [f"m{i}" for i in range(36)]
    shown = shown_label_indices(36)
    assert len(shown) == 8 and shown[0] == 0 and shown[-1] == 35
    gaps = {b - a for a, b in itertools.pairwise(shown)}
    assert max(gaps) - min(gaps) <= 1  # evenly spread
    root = chart(x_labels=months, lines=[Line("A", list(range(36)))])
    assert [t for t in texts(root) if t.startswith("m")] == [months[i] for i in shown]
    assert shown_label_indices(5) == [0, 1, 2, 3, 4]


def test_texts_are_escaped():
    svg = line_chart(
        title="<script>",
        x_labels=["<x>", "b"],
        lines=[Line("A & <b>", [1, 2])],
        target=1,
        target_label="<mål>",
        baseline_index=0,
        baseline_label="<base>",
        description="&",
    )
    root = parse(svg)  # well-formed, so every text was escaped
    assert "<script>" not in svg and "<b>" not in svg and "<x>" not in svg
    assert {"A & <b>", "<x>", "<mål>", "<base>"} <= set(texts(root))
    assert "A & <b>: 1,0 %" in titles(root)


def test_numbers_in_attributes_are_never_localised():
    with translation.override("da"):
        root = chart(
            lines=[Line("A", [1.25, 2.5, None, 33.333, 4, 5.55], style=s) for s in range(4)],
            target=12.5,
            baseline_index=1,
        )
    number = re.compile(r"^-?\d+(\.\d+)?$")
    assert root.get("width") == "100%"
    for element in root.iter():
        for name, value in element.attrib.items():
            if element is root and name == "width":
                continue
            if name == "font-family":
                continue
            assert "," not in value, (element.tag, name, value)
            if name in {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height"}:
                assert number.match(value), (name, value)
            if name in {"points", "d"}:
                tokens = [t for t in value.split() if t not in {"M", "L"}]
                assert all(number.match(t) for t in tokens), value


def test_fmt_number_is_danish():
    assert fmt_number(41.25) == "41,2"  # round half to even, like the tables
    assert fmt_number(41.26) == "41,3"
    assert fmt_number(1234.5, 0) == "1.234"
    assert fmt_number(1234567.891, 2) == "1.234.567,89"


def test_lengths_must_match_the_months():
    with pytest.raises(ValueError, match="5 values for 6 months"):
        line_chart(title="t", x_labels=MONTHS, lines=[Line("A", [1, 2, 3, 4, 5])])
    with pytest.raises(ValueError, match="labels"):
        line_chart(title="t", x_labels=MONTHS, lines=[Line("A", [1] * 6, labels=["x"])])
