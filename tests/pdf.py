"""Reading the product's PDFs back: table cells from the tags.

The printouts are tagged PDFs (core/pdf.py), so a table cell is a TD or TH element whose
marked content is known; its text is read from those characters alone, and a value that
wraps over two lines is still one cell.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import pdfplumber

HEADINGS = ("H1", "H2", "H3", "H4")


@dataclass(frozen=True)
class PdfTable:
    heading: str  # the nearest heading above the table
    rows: list[list[str]]  # cell texts, header rows included; an empty cell has no tag

    def row(self, first_cell: str) -> list[str]:
        """The row whose first cell is `first_cell`, without that cell."""
        matches = [row[1:] for row in self.rows if row and row[0] == first_cell]
        assert len(matches) == 1, f"{len(matches)} rows start with {first_cell!r}: {self.rows}"
        return matches[0]


def _marked(element: dict) -> Iterator[tuple[int, int]]:
    """(page number, marked-content id) of everything inside a structure element."""
    for mcid in element.get("mcids") or ():
        yield element["page_number"], mcid
    for child in element.get("children", ()):
        yield from _marked(child)


def _text(document: pdfplumber.PDF, element: dict) -> str:
    marks = set(_marked(element))
    parts = []
    for number in sorted({page for page, _ in marks}):
        ids = {mcid for page, mcid in marks if page == number}
        chars = document.pages[number - 1].filter(lambda obj, ids=ids: obj.get("mcid") in ids)
        parts.append(chars.extract_text())
    return " ".join(" ".join(parts).split())


def _rows(node: dict) -> Iterator[dict]:
    for child in node.get("children", ()):
        if child.get("type") == "TR":
            yield child
        elif child.get("type") != "Table":
            yield from _rows(child)


def pdf_tables(pdf: bytes) -> list[PdfTable]:
    """Every table in the document in reading order, each under its nearest heading."""
    tables: list[PdfTable] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        heading = ""

        def walk(nodes: list[dict]) -> None:
            nonlocal heading
            for node in nodes:
                kind = node.get("type")
                if kind in HEADINGS:
                    heading = _text(document, node)
                elif kind == "Table":
                    rows = [
                        [
                            _text(document, cell)
                            for cell in row.get("children", ())
                            if cell.get("type") in ("TD", "TH")
                        ]
                        for row in _rows(node)
                    ]
                    tables.append(PdfTable(heading, rows))
                else:
                    walk(node.get("children", []))

        walk(document.structure_tree)
    return tables


def pdf_table(pdf: bytes, heading_start: str) -> PdfTable:
    """The one table under a heading that starts with `heading_start`."""
    found = [t for t in pdf_tables(pdf) if t.heading.startswith(heading_start)]
    assert len(found) == 1, f"{len(found)} tables under {heading_start!r}"
    return found[0]
