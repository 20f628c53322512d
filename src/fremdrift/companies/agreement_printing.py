"""The printed work agreement: HTML to PDF with WeasyPrint, as the plan is printed.

The employer's and the job centre's copy is in Danish. The citizen's copy carries each
fixed label in Danish and in the citizen's language, by the plan printout's mechanism
(plans.printing.print_labels, the gettext context `borgerplan`, where labels the plan
shares, such as "Delmål" and "Side", are already translated). What the parties agreed is
printed as written. The citizen's CPR number is never printed: the paper goes to the company.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from fremdrift.citizens.texts import CitizenTexts
from fremdrift.companies.agreement_selectors import AgreementView
from fremdrift.core import clock
from fremdrift.core.pdf import render_pdf
from fremdrift.plans.printing import css_string, language_name, print_labels

AGREEMENT_PRINT = CitizenTexts(
    "borgerplan",
    {
        "title": pgettext_lazy("borgerplan", "Arbejdsaftale"),
        "version": pgettext_lazy("borgerplan", "Version"),
        "replaces": pgettext_lazy("borgerplan", "Erstatter version"),
        "draft": pgettext_lazy("borgerplan", "Kladde, ikke underskrevet"),
        "parties": pgettext_lazy("borgerplan", "Parterne"),
        "employer": pgettext_lazy("borgerplan", "Arbejdsgiver"),
        "p_number": pgettext_lazy("borgerplan", "P-nummer"),
        "contact": pgettext_lazy("borgerplan", "Kontaktperson"),
        "citizen": pgettext_lazy("borgerplan", "Borger"),
        "adviser": pgettext_lazy("borgerplan", "Jobkonsulent"),
        "period": pgettext_lazy("borgerplan", "Periode"),
        "goal": pgettext_lazy("borgerplan", "Mål for ordinære timer"),
        "hours_per_week": pgettext_lazy("borgerplan", "Timer pr. uge"),
        "reached_by": pgettext_lazy("borgerplan", "Nås senest"),
        "sub_goals": pgettext_lazy("borgerplan", "Delmål"),
        "tasks": pgettext_lazy("borgerplan", "Arbejdsopgaver"),
        "working_time": pgettext_lazy("borgerplan", "Arbejdstid"),
        "day_off": pgettext_lazy("borgerplan", "Fri"),
        "total": pgettext_lazy("borgerplan", "I alt pr. uge"),
        "follow_ups": pgettext_lazy("borgerplan", "Opfølgningsdatoer"),
        "wage_point": pgettext_lazy("borgerplan", "Hvornår der skal tales om løn"),
        "score": pgettext_lazy("borgerplan", "Score i opfølgningen (1-5)"),
        "signatures": pgettext_lazy("borgerplan", "Underskrifter"),
        "date": pgettext_lazy("borgerplan", "Dato"),
        "signature": pgettext_lazy("borgerplan", "Underskrift"),
        "printed_on": pgettext_lazy("borgerplan", "Udskrevet den"),
        "not_set": pgettext_lazy("borgerplan", "Ikke fastsat"),
        "page": pgettext_lazy("borgerplan", "Side"),
        "monday": pgettext_lazy("borgerplan", "Mandag"),
        "tuesday": pgettext_lazy("borgerplan", "Tirsdag"),
        "wednesday": pgettext_lazy("borgerplan", "Onsdag"),
        "thursday": pgettext_lazy("borgerplan", "Torsdag"),
        "friday": pgettext_lazy("borgerplan", "Fredag"),
        "saturday": pgettext_lazy("borgerplan", "Lørdag"),
        "sunday": pgettext_lazy("borgerplan", "Søndag"),
    },
)
_DAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def agreement_print_context(view: AgreementView, *, citizen_copy: bool) -> dict[str, object]:
    agreement = view.agreement
    placement = agreement.placement
    period = placement.period
    citizen = period.citizen
    language = (citizen.preferred_language or "da") if citizen_copy else "da"
    labels, incomplete = print_labels(language, AGREEMENT_PRINT)
    adviser = placement.consultant or (period.company.consultant if period.company else None)
    signature_labels = {"employer": "employer", "citizen": "citizen", "adviser": "adviser"}
    return {
        "view": view,
        "agreement": agreement,
        "period": period,
        "company": period.company,
        "contact": placement.contact_person,
        "citizen": citizen,
        "adviser": adviser,
        "labels": labels,
        "days": [
            (labels[key], text) for key, (_label, text) in zip(_DAY_KEYS, view.days, strict=True)
        ],
        "signature_lines": [
            (labels[signature_labels[line.party]], line.signature) for line in view.signatures
        ],
        "incomplete": incomplete,
        "language": language,
        "language_da": language_name(language, "da"),
        "language_en": language_name(language, "en"),
        "printed_on": clock.today(),
        "footer_css": css_string(labels["page"].plain),
    }


def render_agreement_pdf(view: AgreementView, *, citizen_copy: bool) -> bytes:
    """The agreement as PDF bytes. The caller records the print in the audit log."""
    return render_pdf(
        "companies/agreement_print.html", agreement_print_context(view, citizen_copy=citizen_copy)
    )
