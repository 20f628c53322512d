"""HTML templates rendered to PDF with WeasyPrint, never fetching anything from outside.

The PDFs are tagged: headings, lists and table cells keep their structure, so a screen reader
reads a table cell by cell, and the tests read a cell's value however its line wraps.
"""

from __future__ import annotations

from typing import NoReturn

from django.template.loader import render_to_string
from django.utils import translation


def refuse_fetch(url: str, *args: object, **kwargs: object) -> NoReturn:
    # Every stylesheet and image is inlined; a printout must not reach the network.
    raise ValueError(f"no external resources in a printout: {url}")


def render_pdf(template: str, context: dict[str, object], *, language: str = "da") -> bytes:
    """The template as PDF bytes, rendered in `language` (Danish: the printouts' own)."""
    return html_to_pdf(render_html(template, context, language=language))


def render_html(template: str, context: dict[str, object], *, language: str = "da") -> str:
    """The printout's HTML: cheap beside the PDF, and all a cached PDF depends on."""
    with translation.override(language):
        return render_to_string(template, context)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy to import; only printing needs it

    return HTML(string=html, url_fetcher=refuse_fetch).write_pdf(pdf_tags=True)
