"""The theory-of-change diagram, parsed back: a box per item, an arrow per link, columns in
reading order, values with a change marker that reads without colour, every text escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from django.utils import translation

from fremdrift.charts.theory_diagram import (
    COLUMN_WIDTH,
    MAX_LINES,
    Box,
    Column,
    column_x,
    theory_diagram,
    wrap,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def boxes(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == "box"]


def arrows(root: ET.Element) -> list[ET.Element]:
    return [p for p in root.iter(f"{SVG}path") if p.get("class") == "link"]


def texts(root: ET.Element) -> list[str]:
    found = []
    for t in root.iter(f"{SVG}text"):
        found.append("".join(t.itertext()))
    return found


COLUMNS = [
    Column("Aktiviteter", [Box("a1", "Kompetenceafklaring"), Box("a2", "Afklaringspraktik")]),
    Column("Kortsigtede resultater", [Box("s1", "Kender egne kompetencer")]),
    Column("Mellemlange resultater", [Box("m1", "Søger selv praktik")]),
    Column(
        "Langsigtede resultater",
        [
            Box(
                "l1",
                "Flere i virksomhedsrettet tilbud",
                value="M3: 31,2 % (baseline 25,0 %)",
                change="+6,2 procentpoint siden baseline",
                direction=1,
                code="M3",
            ),
            Box(
                "l2",
                "Færre på ydelse",
                value="Varighed: 200 dage (baseline 210 dage)",
                change="−10 siden baseline",
                direction=-1,
            ),
        ],
    ),
]
LINKS = [("a1", "s1"), ("a2", "s1"), ("s1", "m1"), ("m1", "l1"), ("a2", "l2")]


def test_one_box_per_item_and_one_arrow_per_link():
    root = parse(theory_diagram(title="Forandringsteori", columns=COLUMNS, links=LINKS))
    assert len(boxes(root)) == 6
    assert len(arrows(root)) == len(LINKS)
    # Every arrow has the arrowhead marker, and the marker is defined in the SVG.
    marker_ids = {m.get("id") for m in root.iter(f"{SVG}marker")}
    for arrow in arrows(root):
        ref = re.fullmatch(r"url\(#(.+)\)", arrow.get("marker-end"))
        assert ref and ref.group(1) in marker_ids


def test_arrows_run_from_the_source_box_to_the_target_box():
    root = parse(theory_diagram(title="T", columns=COLUMNS, links=[("a1", "s1")]))
    (arrow,) = arrows(root)
    numbers = [float(n) for n in re.findall(r"-?\d+\.\d", arrow.get("d"))]
    start_x, end_x = numbers[0], numbers[-2]
    assert start_x == column_x(0) + COLUMN_WIDTH  # the right edge of the activity
    assert column_x(1) - 2 <= end_x <= column_x(1)  # the left edge of the result
    assert "Kompetenceafklaring fører til Kender egne kompetencer" in "".join(arrow.itertext())


def test_columns_are_drawn_left_to_right_with_their_headers():
    root = parse(theory_diagram(title="T", columns=COLUMNS, links=[]))
    headers = [t for t in root.iter(f"{SVG}text") if t.get("class") == "column-title"]
    assert [h.text for h in headers] == [c.title for c in COLUMNS]
    xs = [float(h.get("x")) for h in headers]
    assert xs == sorted(xs)
    # An activity box sits under the first header, a long-term result under the last.
    rects = {r.get("x") for r in boxes(root)}
    assert f"{column_x(0):.1f}" in rects and f"{column_x(3):.1f}" in rects


def test_accessible_name_title_and_role():
    root = parse(
        theory_diagram(title="Forandringsteori v2", columns=COLUMNS, links=LINKS, description="D")
    )
    assert root.get("role") == "img"
    assert root.get("aria-label").startswith("Forandringsteori v2")
    assert root.find(f"{SVG}title").text == "Forandringsteori v2"
    assert root.get("data-testid") == "theory-diagram"


def test_bound_values_carry_a_line_a_hook_and_a_shape_marker():
    root = parse(theory_diagram(title="T", columns=COLUMNS, links=LINKS))
    values = [t for t in root.iter(f"{SVG}text") if t.get("data-testid") == "theory-value"]
    assert len(values) == 2
    m3 = next(v for v in values if v.get("data-code") == "M3")
    assert "".join(m3.itertext()).replace("\u00a0", " ").startswith("M3: 31,2 %")
    assert m3.get("data-item") == "l1"
    classes = [p.get("class") for p in root.iter(f"{SVG}polygon")]
    # One up and one down in the boxes, and one of each in the legend.
    assert classes.count("change-up") == 2 and classes.count("change-down") == 2
    assert "+6,2 procentpoint siden baseline" in " ".join(texts(root))


def test_without_values_the_legend_has_no_change_markers():
    columns = [Column("A", [Box("x", "En")]), Column("B", [Box("y", "To")])]
    root = parse(theory_diagram(title="T", columns=columns, links=[("x", "y")]))
    assert not list(root.iter(f"{SVG}polygon"))


def test_text_is_escaped_and_coordinates_are_never_localised():
    evil = 'Borgere <script>alert("x")</script> & "familier"'
    columns = [Column("Aktiviteter & <b>", [Box("x", evil)]), Column("Mål", [Box("y", "Job")])]
    with translation.override("da"):
        svg = theory_diagram(title="<T>", columns=columns, links=[("x", "y")])
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)  # well-formed XML despite the markup in the texts
    assert "".join(texts(root)).find("<script>") > -1  # shown as text, not as markup
    for element in root.iter():
        if element is root:
            continue  # width="100%": the page sizes it
        for name in ("x", "y", "width", "height", "x1", "x2", "y1", "y2"):
            value = element.get(name)
            if value is not None:
                assert re.fullmatch(r"-?\d+(\.\d)?", value), (name, value)
    assert "," not in root.get("viewBox")


def test_links_to_boxes_not_drawn_and_self_links_are_left_out():
    columns = [Column("A", [Box("x", "En")]), Column("B", [Box("y", "To")])]
    root = parse(
        theory_diagram(title="T", columns=columns, links=[("x", "y"), ("x", "z"), ("y", "y")])
    )
    assert len(arrows(root)) == 1


def test_an_empty_column_says_so():
    columns = [Column("Aktiviteter", []), Column("Resultater", [Box("y", "Job")])]
    root = parse(theory_diagram(title="T", columns=columns, links=[], empty_text="Intet endnu"))
    assert "Intet endnu" in texts(root)
    assert len(boxes(root)) == 1


def test_long_text_wraps_within_the_box_and_is_cut_with_an_ellipsis():
    long_text = " ".join(["arbejdsmarkedsparathed"] * 40)
    lines = wrap(long_text, 14)
    assert len(lines) == MAX_LINES and lines[-1].endswith("…")
    assert all(len(line) * 14 * 0.55 <= COLUMN_WIDTH for line in lines)
    # The full text stays in the box's tooltip.
    root = parse(theory_diagram(title="T", columns=[Column("A", [Box("x", long_text)])], links=[]))
    assert long_text in "".join(t.text or "" for t in root.iter(f"{SVG}title"))


def test_taller_boxes_push_the_diagram_taller():
    short = parse(theory_diagram(title="T", columns=[Column("A", [Box("x", "Kort")])], links=[]))
    tall = parse(
        theory_diagram(
            title="T", columns=[Column("A", [Box(str(n), "Kort") for n in range(6)])], links=[]
        )
    )
    height = lambda root: float(root.get("viewBox").split()[3])  # noqa: E731
    assert height(tall) > height(short)
