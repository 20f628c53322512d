"""The printable plan: HTML rendered to PDF with WeasyPrint, labels in two languages.

Every fixed label is printed in Danish and in the citizen's preferred language (from
`print_labels`, translated in the gettext catalogues); what the caseworker and the citizen
wrote is printed as written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from fremdrift.citizens.languages import CITIZEN_LANGUAGES, RTL_LANGUAGES
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.texts import CitizenTexts
from fremdrift.core import clock
from fremdrift.core.pdf import render_pdf
from fremdrift.plans.models import Plan
from fremdrift.plans.print_labels import PLAN_PRINT
from fremdrift.plans.selectors import plan_print_facts


@dataclass(frozen=True)
class Label:
    """A fixed label in Danish, with its translation when there is one."""

    danish: str
    translated: str
    language: str

    @property
    def rtl(self) -> bool:
        return self.language in RTL_LANGUAGES

    def __str__(self) -> SafeString:
        # Templates print `{{ labels.title }}` as both spans (Django renders str(value), and a
        # SafeString is not escaped); the translation carries its language and direction.
        if not self.translated:
            return format_html('<span class="da" lang="da">{}</span>', self.danish)
        return format_html(
            '<span class="da" lang="da">{}</span> <span class="tr" lang="{}" dir="{}">{}</span>',
            self.danish,
            self.language,
            "rtl" if self.rtl else "ltr",
            self.translated,
        )

    @property
    def plain(self) -> str:
        """Both as plain text; a left-to-right mark keeps following numbers out of RTL text."""
        if not self.translated:
            return self.danish
        return f"{self.danish} · {self.translated}" + ("\u200e" if self.rtl else "")


def print_labels(language: str, texts: CitizenTexts = PLAN_PRINT) -> tuple[dict[str, Label], bool]:
    """The labels for a citizen language, and whether any of them is in Danish only.

    `texts` is the printout's set: the plan's by default; the work agreement has its own.
    """
    danish = texts.danish()
    if language == "da":
        return {key: Label(text, "", "da") for key, text in danish.items()}, False
    found = texts.in_language(language)
    labels = {
        key: Label(text, (found[key] or "").strip(), language) for key, text in danish.items()
    }
    return labels, any(not label.translated for label in labels.values())


def language_name(code: str, in_language: str) -> str:
    with translation.override(in_language):
        return str(dict(CITIZEN_LANGUAGES).get(code, code))


def css_string(text: str) -> str:
    """A CSS string literal, for the page footer (margin boxes take only CSS content)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def plan_print_context(
    *, citizen: Citizen, plan: Plan, today: dt.date | None = None
) -> dict[str, object]:
    language = citizen.preferred_language or "da"
    labels, incomplete = print_labels(language)
    today = today or clock.today()
    return {
        "citizen": citizen,
        "plan": plan,
        "facts": plan_print_facts(citizen, today=today),
        # Each sub-goal with its status label looked up, as templates cannot index by value.
        "rows": [{"goal": goal, "status": labels[goal.status]} for goal in plan.sub_goals.all()],
        "labels": labels,
        "end_goal_label": labels[plan.end_goal],
        "incomplete": incomplete,
        "language": language,
        "language_da": language_name(language, "da"),
        "language_en": language_name(language, "en"),
        "printed_on": today,
        "footer_css": css_string(labels["page"].plain),
    }


def render_plan_pdf(*, citizen: Citizen, plan: Plan, today: dt.date | None = None) -> bytes:
    """The plan as PDF bytes. The caller records the print in the audit log."""
    # The fixed labels come from print_labels; Danish is the printout's own language.
    context = plan_print_context(citizen=citizen, plan=plan, today=today)
    return render_pdf("plans/print.html", context)
