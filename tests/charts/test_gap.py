"""The gap SVG (leaders against employees per statement), parsed back."""

import re
import xml.etree.ElementTree as ET

from django.utils import translation

from fremdrift.charts.gap import (
    LEADER_COLOUR,
    GapRow,
    gap_chart,
    gap_text,
    one_decimal,
    plot_left,
    row_y,
    sorted_rows,
    value_x,
)

SVG = "{http://www.w3.org/2000/svg}"
NUMERIC = re.compile(r"^-?\d+(\.\d)?$")


def rows() -> list[GapRow]:
    return [
        GapRow("Fælles grundværdi", 4.0, 3.5),  # +0.5
        GapRow("Ressourcer til målet", 3.8, 2.0, leader_label="3,8 (6 svar)"),  # +1.8
        GapRow("Rammer til dialog", 3.0, 3.9),  # -0.9
        GapRow("Politisk opbakning", 3.2, 3.2),  # 0
    ]


def chart(**kwargs) -> ET.Element:
    kwargs.setdefault("title", "Hvor ser ledere og medarbejdere forskelligt på indsatsen?")
    kwargs.setdefault("rows", rows())
    return ET.fromstring(gap_chart(**kwargs))  # noqa: S314 - our own output


def row_names(root: ET.Element) -> list[str]:
    """The row labels, top to bottom (text anchored at the end, left of the plot)."""
    labels = [
        t
        for t in root.iter(f"{SVG}text")
        if t.get("text-anchor") == "end" and float(t.get("x")) < 300
    ]
    return ["".join(t.itertext()) for t in sorted(labels, key=lambda t: float(t.get("y")))]


def leader_markers(root: ET.Element) -> list[ET.Element]:
    return [c for c in root.iter(f"{SVG}circle") if c.get("fill") == LEADER_COLOUR]


def employee_markers(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]


def title_of(element: ET.Element) -> str:
    return element.find(f"{SVG}title").text


def test_the_svg_names_itself_for_screen_readers():
    root = chart(description="Fire udsagn")
    assert root.get("role") == "img" and root.get("width") == "100%"
    ids = root.get("aria-labelledby").split()
    labelled = {e.get("id"): e.text for e in root if e.get("id")}
    assert [labelled[i] for i in ids] == [
        "Hvor ser ledere og medarbejdere forskelligt på indsatsen?",
        "Fire udsagn",
    ]


def test_rows_are_sorted_by_the_size_of_the_gap_whichever_way_it_points():
    root = chart()
    assert row_names(root) == [
        "Ressourcer til målet",
        "Rammer til dialog",
        "Fælles grundværdi",
        "Politisk opbakning",
    ]
    assert [r.name for r in sorted_rows(rows())] == row_names(root)


def test_each_row_has_two_shapes_joined_by_a_line_at_their_values():
    root = chart()
    # One of each per row, and one of each in the legend.
    assert len(leader_markers(root)) == 4 + 1
    assert len(employee_markers(root)) == 4 + 1
    assert all(r.get("fill") == "white" for r in employee_markers(root))  # open square
    left = plot_left([r.name for r in rows()])
    top = row_y(0)
    (join,) = [e for e in root.iter(f"{SVG}line") if e.get("y1") == e.get("y2") == f"{top:.1f}"]
    assert (float(join.get("x1")), float(join.get("x2"))) == (
        round(value_x(3.8, 1, 5, left), 1),
        round(value_x(2.0, 1, 5, left), 1),
    )
    circle = leader_markers(root)[0]
    assert (circle.get("cx"), circle.get("cy")) == (join.get("x1"), f"{top:.1f}")


def test_values_are_in_the_tooltips_and_the_gap_is_written_with_its_sign():
    root = chart()
    titles = [title_of(e) for e in leader_markers(root) + employee_markers(root)]
    assert "Ressourcer til målet, Ledere: 3,8 (6 svar)" in titles
    assert "Ressourcer til målet, Medarbejdere: 2,0" in titles
    assert "Rammer til dialog, Medarbejdere: 3,9" in titles
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "+1,8" in texts and "\u22120,9" in texts and "+0,5" in texts and "0,0" in texts
    assert texts.count("Forskel") == 1


def test_the_legend_shows_both_shapes_with_the_group_names():
    root = chart(leader_name="Leaders", employee_name="Employees")
    legend = root.findall(f"{SVG}g")
    assert len(legend) == 2
    assert legend[0].find(f"{SVG}circle") is not None
    assert legend[1].find(f"{SVG}rect") is not None
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[-2:] == ["Leaders", "Employees"]


def test_a_hidden_group_is_said_in_words_and_not_drawn():
    root = chart(
        rows=[GapRow("Fælles grundværdi", None, 3.5), GapRow("Politisk opbakning", None, None)],
        missing_text="vises ikke",
    )
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Ledere: vises ikke" in texts
    assert "vises ikke" in texts
    assert len(leader_markers(root)) == 1  # the legend's only
    assert len(employee_markers(root)) == 1 + 1
    assert not [e for e in root.iter(f"{SVG}line") if e.get("y1") == e.get("y2")]
    assert not any(t and t[0] in "+\u2212" for t in texts)  # no gap without both groups


def test_numbers_in_the_svg_are_never_localised():
    with translation.override("da"):
        svg = gap_chart(title="T", rows=rows())
    root = ET.fromstring(svg)  # noqa: S314
    for element in root.iter():
        for name in ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "width", "height", "r"):
            value = element.get(name)
            if value is not None and value != "100%":
                assert NUMERIC.match(value), (element.tag, name, value)
    assert all("," not in n for n in root.get("viewBox").split())


def test_a_long_name_is_cut_and_kept_whole_in_its_tooltip():
    long = "Et meget langt udsagn om samarbejdet mellem jobcentret og sprogskolen i kommunen"
    root = chart(rows=[GapRow(long, 4.0, 3.0)])
    (label,) = [t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None]
    assert label.find(f"{SVG}title").text == long
    shown = "".join(label.itertext()).replace(long, "")
    assert shown.endswith("…") and len(shown) < len(long)


def test_no_rows_is_still_a_chart_that_says_so():
    root = chart(rows=[], empty_text="Ingen udsagn at vise")
    assert "Ingen udsagn at vise" in [t.text for t in root.iter(f"{SVG}text")]


def test_gap_text():
    assert gap_text(1.26) == "+1,3"
    assert gap_text(-0.04) == "0,0"
    assert gap_text(-2.0) == "\u22122,0"


def test_values_are_rounded_to_one_decimal_before_they_are_drawn():
    # A marker placed to a tenth of a pixel would give 10/3 far more precisely than "3,3".
    precise = gap_chart(title="T", rows=[GapRow("A", 10 / 3, 2.25), GapRow("B", 4.04, None)])
    shown = gap_chart(title="T", rows=[GapRow("A", 3.3, 2.3), GapRow("B", 4.0, None)])
    assert precise == shown
    root = ET.fromstring(precise)  # noqa: S314 - our own output
    titles = [title_of(e) for e in leader_markers(root) + employee_markers(root)]
    assert "A, Ledere: 3,3" in titles and "A, Medarbejdere: 2,3" in titles
    assert "+1,0" in [t.text for t in root.iter(f"{SVG}text")]  # 3,3 - 2,3, not 1,08


def test_one_decimal_rounds_halves_up():
    assert [one_decimal(v) for v in (2.25, 4.35, 10 / 3, 2 / 3, 5.0)] == [2.3, 4.4, 3.3, 0.7, 5.0]
