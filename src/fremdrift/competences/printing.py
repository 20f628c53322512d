"""The competence card printed as a one-page employer reference (WeasyPrint), in one
language: Danish, English or the citizen's own (chosen on the card page).

The fixed texts come from `print_labels` in that language; what staff wrote (titles, notes,
names) is printed as written. No CPR number, no history and no assessment notes: an
employer reads what the citizen can, by whom it was judged and when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fremdrift.citizens.languages import CITIZEN_LANGUAGES, RTL_LANGUAGES
from fremdrift.citizens.models import Citizen
from fremdrift.competences.models import Competence
from fremdrift.competences.print_labels import REFERENCE_PRINT
from fremdrift.competences.selectors import CardView
from fremdrift.competences.vocabulary import DATED, LEVELLED
from fremdrift.core import clock
from fremdrift.core.pdf import render_pdf
from fremdrift.plans.printing import language_name

# The query-string values of the language choice (`?sprog=`).
DANISH, ENGLISH, CITIZENS = "da", "en", "borger"
CHOICES = (DANISH, ENGLISH, CITIZENS)


def print_language(choice: str | None, citizen: Citizen) -> str:
    """The language code a choice means; Danish for anything unknown."""
    if choice == ENGLISH:
        return "en"
    if choice == CITIZENS:
        known = dict(CITIZEN_LANGUAGES)
        language = citizen.preferred_language or "da"
        return language if language in known else "da"
    return "da"


def reference_labels(language: str) -> tuple[dict[str, str], bool]:
    """The texts in `language`, Danish where there is no translation, and whether any is."""
    danish = REFERENCE_PRINT.danish()
    if language == "da":
        return danish, False
    found = REFERENCE_PRINT.in_language(language)
    labels = {key: (found[key] or "").strip() or danish[key] for key in danish}
    return labels, any(not (found[key] or "").strip() for key in danish)


@dataclass(frozen=True)
class Line:
    title: str
    level: str
    assessed_by: str
    years: str
    where: str
    note: str


def _line(competence: Competence, labels: dict[str, str]) -> Line:
    history = list(competence.assessments.all())  # prefetched, newest first
    latest = history[0] if history else None
    key = competence.key
    title = labels.get(f"key_{key}", competence.title) if key else competence.title
    level = ""
    if competence.kind in LEVELLED and competence.level:
        level = f"{competence.level} – {labels[f'level_{competence.level}']}"
    who = ""
    if latest is not None:
        parts = [labels[f"role_{latest.assessor_role}"]]
        if latest.assessor_name:
            parts.append(latest.assessor_name)
        who = f"{', '.join(parts)}, {latest.assessed_on:%d.%m.%Y}"
    years = ""
    if competence.kind in DATED:
        start, end = competence.year_from, competence.year_to
        years = str(start or end or "") if start == end or not (start and end) else f"{start}–{end}"
    where = labels[f"origin_{competence.origin}"] if competence.origin else ""
    return Line(title, level, who, years, where, competence.note)


def reference_context(
    *, card: CardView, language: str, today: dt.date | None = None
) -> dict[str, object]:
    labels, incomplete = reference_labels(language)
    citizen = card.citizen
    contact = citizen.consultant or citizen.caseworker
    sections = [
        {
            "kind": section.kind.value,
            "heading": labels[section.kind.value],
            "levelled": section.kind in LEVELLED,
            "lines": [_line(c, labels) for c in section.entries],
        }
        for section in card.sections
    ]
    return {
        "citizen": citizen,
        "contact": contact,
        "labels": labels,
        "sections": sections,
        "incomplete": incomplete,
        "language": language,
        "rtl": language in RTL_LANGUAGES,
        "language_da": language_name(language, "da"),
        "language_en": language_name(language, "en"),
        "printed_on": today or clock.today(),
        "footer_css": '"{}"'.format(labels["page"].replace("\\", "").replace('"', "")),
    }


def render_reference_pdf(*, card: CardView, language: str, today: dt.date | None = None) -> bytes:
    """The reference as PDF bytes. The caller records the print in the audit log."""
    context = reference_context(card=card, language=language, today=today)
    return render_pdf("competences/reference.html", context)
