"""Blank and filled questionnaires as PDF (WeasyPrint), in the citizen's language.

Questions are printed in the chosen language with the Danish beneath (the caseworker reads
along); fixed texts come from labels.py. A filled questionnaire ends with the star of the
first and this reading, the same SVG as on the citizen's page.
"""

from __future__ import annotations

from fremdrift.citizens.languages import direction
from fremdrift.core import clock
from fremdrift.core.pdf import render_pdf
from fremdrift.instruments.models import InstrumentVersion, Response
from fremdrift.instruments.texts import text_in
from fremdrift.progression.citizen import citizen_progression
from fremdrift.progression.labels import labels_for
from fremdrift.progression.presentation import (
    current_answers,
    item_views,
    respondent_name,
)


def questionnaire_context(
    *,
    version: InstrumentVersion,
    respondent: str,
    language: str,
    response: Response | None = None,
    history: list[Response] | None = None,
) -> dict[str, object]:
    language = version.language_or_danish(language)
    labels, labels_missing = labels_for(language)
    items = item_views(version, respondent, language, answers=current_answers(response))
    danish = {v.key: v for v in item_views(version, respondent, "da")}
    context: dict[str, object] = {
        "version": version,
        "title": text_in(version.definition["name"], language)[0],
        "respondent_name": respondent_name(version, respondent, language),
        "items": [(item, danish[item.key]) for item in items],
        "labels": labels,
        "language": language,
        "dir": direction(language),
        "incomplete": labels_missing or any(item.missing for item in items),
        "response": response,
        "citizen": response.citizen if response else None,
        "printed_on": clock.today(),
        "footer": labels["page"].replace('"', ""),
        "scale": range(version.definition["scale"]["min"], version.definition["scale"]["max"] + 1),
    }
    if response is not None and history:
        parts = citizen_progression(history, language)["respondents"]
        context["progress"] = parts[0] if parts else None  # type: ignore[index]
    return context


def render_questionnaire_pdf(**kwargs: object) -> bytes:
    """The questionnaire as PDF bytes; blank when no response is given. The caller records a
    filled one in the audit log."""
    return render_pdf("progression/print.html", questionnaire_context(**kwargs))  # type: ignore[arg-type]
