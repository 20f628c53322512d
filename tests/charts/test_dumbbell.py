"""The dumbbell SVG (baseline against latest per municipality), parsed back."""

import math
import re
import xml.etree.ElementTree as ET

from django.utils import translation

from fremdrift.charts.dumbbell import ROW, Pair, dumbbell_chart, plot_left, row_y, value_x

SVG = "{http://www.w3.org/2000/svg}"
NAMES = ["Odense", "Assens", "Faaborg-Midtfyn", "Nyborg"]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def chart(**kwargs) -> ET.Element:
    kwargs.setdefault("title", "A1 Andel i job: baseline og seneste")
    return parse(dumbbell_chart(**kwargs))


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def titles(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}title")]


def squares(root: ET.Element) -> list[ET.Element]:
    # The row banding is rects too, but without a tooltip.
    return [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]


def national_lines(root: ET.Element) -> list[ET.Element]:
    return [
        e
        for e in root.iter(f"{SVG}line")
        if e.get("stroke-dasharray") == "5 3" and e.get("x1") == e.get("x2")
    ]


def pairs() -> list[Pair]:
    return [
        Pair("Odense", 41.2, 45.0, baseline_label="41,2 % (57 af 138)"),
        Pair("Assens", 30.0, 28.5),
        Pair("Faaborg-Midtfyn", 38.4, 50.0),
        Pair("Nyborg", 20.0, 22.0),
    ]


def test_the_svg_scales_and_names_itself_for_screen_readers():
    root = chart(pairs=pairs(), description="Fire kommuner")
    assert root.get("width") == "100%" and root.get("role") == "img"
    x, y, width, height = (float(n) for n in root.get("viewBox").split())
    assert (x, y, width) == (0, 0, 640)
    assert height > row_y(3) + ROW  # rows, axis labels and legend all inside
    ids = root.get("aria-labelledby").split()
    labelled = {e.get("id"): e.text for e in root if e.get("id")}
    assert [labelled[i] for i in ids] == ["A1 Andel i job: baseline og seneste", "Fire kommuner"]


def test_rows_come_in_the_given_order_with_a_circle_a_square_and_a_joining_line():
    root = chart(pairs=pairs())
    rows = [t for t in root.iter(f"{SVG}text") if t.text in NAMES]
    assert [t.text for t in rows] == NAMES
    assert [float(t.get("y")) for t in rows] == [row_y(i) for i in range(4)]
    assert [float(t.get("y")) for t in rows] == sorted(float(t.get("y")) for t in rows)
    # Four baselines and four latest values, and one sample of each in the legend.
    assert len(list(root.iter(f"{SVG}circle"))) == 4 + 1
    assert len(squares(root)) == 4 + 1
    circle = next(root.iter(f"{SVG}circle"))
    assert circle.get("fill") == "white"  # open
    assert squares(root)[0].get("fill") not in ("white", "none")  # filled
    left = plot_left(NAMES)
    joins = [e for e in root.iter(f"{SVG}line") if e.get("y1") == e.get("y2") == "47.0"]
    assert [(float(e.get("x1")), float(e.get("x2"))) for e in joins] == [
        (round(value_x(41.2, 100, left), 1), round(value_x(45, 100, left), 1))
    ]
    assert row_y(0) == 47.0


def test_marker_titles_name_the_row_and_carry_the_values():
    found = titles(chart(pairs=pairs()))
    assert "Odense, Baseline: 41,2 % (57 af 138)" in found
    assert "Odense, Seneste måling: 45,0 %" in found
    assert "Assens, Seneste måling: 28,5 %" in found
    named = titles(chart(pairs=pairs()[:1], baseline_name="2023", current_name="2025"))
    assert "Odense, 2025: 45,0 %" in named


def test_the_national_line_sits_at_its_value_across_all_rows():
    root = chart(pairs=pairs(), national=38.4, national_label="Landsgennemsnit")
    (line,) = national_lines(root)
    expected = f"{value_x(38.4, 100, plot_left(NAMES)):.1f}"
    assert line.get("x1") == expected
    # Faaborg-Midtfyn's baseline is 38.4 too: its circle is on the line.
    (circle,) = [c for c in root.iter(f"{SVG}circle") if "Faaborg" in c.find(f"{SVG}title").text]
    assert circle.get("cx") == expected
    assert float(line.get("y1")) < row_y(0) - ROW / 2 and float(line.get("y2")) >= row_y(3)
    assert "Landsgennemsnit: 38,4 %" in texts(root)


def test_the_legend_shows_both_markers_and_the_national_line():
    root = chart(pairs=pairs(), national=38.4)
    legend = root.findall(f"{SVG}g")
    assert len(legend) == 3
    assert legend[0].find(f"{SVG}circle") is not None
    assert legend[1].find(f"{SVG}rect") is not None
    assert legend[2].find(f"{SVG}line").get("stroke-dasharray") == "5 3"
    assert texts(root)[-3:] == ["Baseline", "Seneste måling", "Landsgennemsnit"]
    last_row_bottom = row_y(3) + ROW / 2
    for group in legend:
        y = float(re.search(r"translate\(\S+ (\S+)\)", group.get("transform")).group(1))
        assert y > last_row_bottom
    without = chart(pairs=pairs())
    assert len(without.findall(f"{SVG}g")) == 2 and national_lines(without) == []
    assert "Landsgennemsnit" not in texts(without)


def test_a_value_not_shown_is_said_in_words_not_drawn_at_zero():
    root = chart(
        pairs=[
            Pair("Odense", None, 45.0),
            Pair("Assens", 30.0, None),
            Pair("Nyborg", None, None),
        ]
    )
    found = texts(root)
    assert "Baseline: vises ikke" in found
    assert "Seneste måling: vises ikke" in found
    assert "vises ikke" in found
    grey = [t for t in root.iter(f"{SVG}text") if "vises ikke" in (t.text or "")]
    assert len(grey) == 3 and all(t.get("fill") == "#6b6b6b" for t in grey)
    assert [float(t.get("y")) for t in grey] == [row_y(0), row_y(1), row_y(2)]
    assert len(list(root.iter(f"{SVG}circle"))) == 1 + 1  # Assens' baseline, legend
    assert len(squares(root)) == 1 + 1  # Odense's latest, legend
    # No joining line when one end is missing.
    assert not [e for e in root.iter(f"{SVG}line") if e.get("stroke") == "#8a8a8a" and
                e.get("y1") == e.get("y2")]  # fmt: skip
    nan = chart(pairs=[Pair("Odense", math.nan, 40.0)], national=math.nan)
    assert "Baseline: vises ikke" in texts(nan) and national_lines(nan) == []
    english = chart(pairs=[Pair("Odense", None, None)], missing_text="not shown")
    assert "not shown" in texts(english)


def test_counts_get_a_rounded_axis_with_the_unit():
    root = chart(pairs=[Pair("A", 120, 95), Pair("B", 300, 260)], unit="dage", national=280)
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.endswith(" dage")]
    assert ticks[:6] == ["0 dage", "100 dage", "200 dage", "300 dage", "400 dage", "500 dage"]
    assert "Landsgennemsnit: 280,0 dage" in texts(root)
    shares = chart(pairs=pairs())
    assert [t for t in texts(shares) if t.endswith(" %")][-1] == "100 %"


def test_seventeen_municipalities_fit_on_an_a4_page():
    many = [Pair(f"Kommune {i}", 20 + i, 30 + i) for i in range(17)]
    root = chart(pairs=many, national=35)
    width, height = (float(n) for n in root.get("viewBox").split()[2:])
    # At the width of an A4 text column (170 mm) the chart is well under a page high.
    assert height * 170 / width < 150


def test_long_names_push_the_axis_right_instead_of_running_off_the_left():
    short = plot_left(["Odense"])
    long = plot_left(["Ringkøbing-Skjern Kommune"])
    assert long > short
    root = chart(pairs=[Pair("Ringkøbing-Skjern Kommune", 10, 20)])
    name = next(t for t in root.iter(f"{SVG}text") if t.text == "Ringkøbing-Skjern Kommune")
    assert float(name.get("x")) - len(name.text) * 12 * 0.62 >= 0


def test_texts_are_escaped_and_numbers_never_localised():
    with translation.override("da"):
        svg = dumbbell_chart(
            title="<script>",
            pairs=[Pair("A & <b>", 12.25, 33.35), Pair("B", None, 1.5)],
            national=20.05,
            national_label="<land>",
            description="&",
        )
    root = parse(svg)  # well-formed, so every text was escaped
    assert "<script>" not in svg and "<b>" not in svg
    assert {"A & <b>", "<land>: 20,1 %"} <= set(texts(root))
    number = re.compile(r"^-?\d+(\.\d+)?$")
    for element in root.iter():
        for name, value in element.attrib.items():
            if name == "font-family" or (element is root and name == "width"):
                continue
            assert "," not in value, (element.tag, name, value)
            if name in {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height"}:
                assert number.match(value), (name, value)
