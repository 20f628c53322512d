"""The star SVG: parsed back, so shapes, gaps and texts are checked, not just present."""

import xml.etree.ElementTree as ET

from django.utils import translation

from fremdrift.charts.star import Series, star_svg

NS = {"s": "http://www.w3.org/2000/svg"}
AXES = ["Dansk", "Helbred", "Hverdag", "Tro på job", "Netværk"]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def test_each_series_has_its_own_marker_shape_and_line_pattern_and_a_legend():
    svg = parse(
        star_svg(
            axes=AXES,
            series=[Series("Første", [2, 3, 4, 5, 6]), Series("Seneste", [4, 5, 6, 7, 8])],
            low=1, high=10, title="Stjerne", description="Tal i tabellen",
        )
    )  # fmt: skip
    assert svg.get("role") == "img"
    assert svg.find("s:title", NS).text == "Stjerne"
    circles = svg.findall(".//s:circle", NS)
    squares = svg.findall(".//s:rect", NS)
    assert len(circles) == 5 + 1 and len(squares) == 5 + 1  # points + legend sample
    lines = svg.findall(".//s:polyline", NS)
    assert len(lines) == 2
    assert lines[0].get("stroke-dasharray") is None and lines[1].get("stroke-dasharray")
    # A closed ring: the first point is repeated at the end.
    points = lines[0].get("points").split()
    assert points[0] == points[-1] and len(points) == 6
    legend = [t.text for t in svg.findall("s:text", NS)]
    assert "Første" in legend and "Seneste" in legend and "Tro på job" in legend
    titles = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")]
    assert "Seneste: Netværk 8" in titles


def test_a_missing_score_breaks_the_line_instead_of_dropping_to_zero():
    svg = parse(
        star_svg(axes=AXES, series=[Series("A", [2, None, 4, 5, None])], low=1, high=10, title="t")
    )
    runs = [line.get("points").split() for line in svg.findall(".//s:polyline", NS)]
    # Scored rays 0, 2, 3: one run 2-3, and ray 0 alone (no line, only its marker).
    assert sorted(len(run) for run in runs) == [2]
    assert len(svg.findall(".//s:circle", NS)) == 3 + 1
    assert not svg.findall(".//s:polygon[@fill-opacity]", NS)  # no filled area when broken


def test_numbers_are_never_localised_and_texts_are_escaped():
    with translation.override("da"):
        svg = star_svg(
            axes=["<b>Dansk</b>", "B", "C"], series=[Series("x & y", [1.5, 2, 3])],
            low=1, high=10, title="<script>",
        )  # fmt: skip
    root = parse(svg)  # well-formed, so every text was escaped
    assert "<script>" not in svg and "<b>" not in svg
    for circle in root.iter("{http://www.w3.org/2000/svg}circle"):
        float(circle.get("cx")), float(circle.get("cy"))  # a decimal comma would fail here
    polyline = root.find(".//s:polyline", NS).get("points")
    assert all(p.count(",") == 1 and p.count(".") == 2 for p in polyline.split())
