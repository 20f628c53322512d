"""Presentation mode for workshops: large type, one section of a document at a time.

Each document's view lists its sections; this module pages through them with plain links
(and the arrow keys, via app.js), so it works on any projector laptop without more script.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpResponse
from django.shortcuts import render

from fremdrift.accounts.http import AuthenticatedHttpRequest


@dataclass(frozen=True)
class Section:
    title: str
    # A template that renders the section's body from `context`.
    template: str
    context: dict[str, object] = field(default_factory=dict)


def section_number(request: AuthenticatedHttpRequest, count: int) -> int:
    """The 1-based section asked for in ?afsnit=, kept within the document."""
    try:
        number = int(request.GET.get("afsnit", "1"))
    except ValueError:
        number = 1
    return min(max(number, 1), max(count, 1))


def present(
    request: AuthenticatedHttpRequest,
    *,
    document_title: str,
    back_url: str,
    sections: list[Section],
) -> HttpResponse:
    number = section_number(request, len(sections))
    section = sections[number - 1] if sections else None
    return render(
        request,
        "toolbox/present.html",
        {
            "document_title": document_title,
            "back_url": back_url,
            "section": section,
            "number": number,
            "count": len(sections),
            "previous_number": number - 1 if number > 1 else None,
            "next_number": number + 1 if number < len(sections) else None,
            "titles": [s.title for s in sections],
        },
    )
