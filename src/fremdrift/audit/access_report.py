"""The citizen's access report (GDPR art. 15) as a PDF: every look-up and change recorded
about them, who, when and why, in Danish and in the citizen's preferred language.

The fixed texts are gettext entries under the context `borgerindsigt` (citizens/texts.py),
printed two-language like the plan (plans/printing.py). What the log holds (names, the
purposes) is printed as it was recorded: the log is a record, kept in Danish.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.utils import timezone
from django.utils.translation import pgettext_lazy

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.texts import CitizenTexts
from fremdrift.core import clock
from fremdrift.core.pdf import render_pdf
from fremdrift.plans.printing import Label, language_name

ACCESS_REPORT = CitizenTexts(
    "borgerindsigt",
    {
        "title": pgettext_lazy("borgerindsigt", "Hvem har set dine oplysninger"),
        "intro": pgettext_lazy(
            "borgerindsigt",
            "Her står hver gang, en medarbejder har set eller ændret dine oplysninger i "
            "jobcentrets system: hvem, hvornår og med hvilket formål.",
        ),
        "name": pgettext_lazy("borgerindsigt", "Navn"),
        "cpr": pgettext_lazy("borgerindsigt", "CPR-nummer"),
        "printed_on": pgettext_lazy("borgerindsigt", "Udskrevet den"),
        "count": pgettext_lazy("borgerindsigt", "Antal registreringer"),
        "when": pgettext_lazy("borgerindsigt", "Tidspunkt"),
        "who": pgettext_lazy("borgerindsigt", "Medarbejder"),
        "action": pgettext_lazy("borgerindsigt", "Handling"),
        "purpose": pgettext_lazy("borgerindsigt", "Formål"),
        "purpose_note": pgettext_lazy(
            "borgerindsigt", "Formålet står på dansk, som medarbejderen skrev det."
        ),
        "none": pgettext_lazy("borgerindsigt", "Ingen registreringer."),
        "system": pgettext_lazy("borgerindsigt", "Systemet"),
        "page": pgettext_lazy("borgerindsigt", "Side"),
        # The actions (audit.models.Action) and roles, as the citizen reads them.
        "view": pgettext_lazy("borgerindsigt", "Så dine oplysninger"),
        "search": pgettext_lazy("borgerindsigt", "Søgte efter dig"),
        "create": pgettext_lazy("borgerindsigt", "Oprettede dig i systemet"),
        "update": pgettext_lazy("borgerindsigt", "Registrerede eller ændrede oplysninger"),
        "reveal_cpr": pgettext_lazy("borgerindsigt", "Så dit fulde CPR-nummer"),
        "export_audit": pgettext_lazy("borgerindsigt", "Udskrev denne oversigt"),
        "view_audit": pgettext_lazy("borgerindsigt", "Så denne oversigt"),
        "cpr_match": pgettext_lazy(
            "borgerindsigt", "Dit CPR-nummer blev skrevet ved en oprettelse"
        ),
        "erase": pgettext_lazy("borgerindsigt", "Slettede dine personoplysninger"),
        "list": pgettext_lazy(
            "borgerindsigt", "Så dit navn på en liste, fx i en søgning eller en oversigt"
        ),
        "caseload": pgettext_lazy(
            "borgerindsigt", "Gav din sag til en anden sagsbehandler eller virksomhedskonsulent"
        ),
        "takeover": pgettext_lazy(
            "borgerindsigt", "Overtog din sag, da du flyttede til en anden kommune"
        ),
        "caseworker": pgettext_lazy("borgerindsigt", "Sagsbehandler"),
        "consultant": pgettext_lazy("borgerindsigt", "Virksomhedskonsulent"),
        "manager": pgettext_lazy("borgerindsigt", "Leder"),
        "administrator": pgettext_lazy("borgerindsigt", "Administrator"),
    },
)


def report_labels(language: str) -> tuple[dict[str, Label], bool]:
    """The labels in Danish and `language`, and whether any is in Danish only."""
    danish = ACCESS_REPORT.danish()
    if language == "da":
        return {key: Label(text, "", "da") for key, text in danish.items()}, False
    found = ACCESS_REPORT.in_language(language)
    labels = {
        key: Label(text, (found[key] or "").strip(), language) for key, text in danish.items()
    }
    return labels, any(not label.translated for label in labels.values())


# A row of the report: when, who, what, why.
Row = tuple[str, str, str, str]


def report_rows(entries: Iterable[AuditEntry], labels: dict[str, Label]) -> list[Row]:
    """Each entry as four plain texts: when, who, what, why.

    WeasyPrint's time goes per box, so a row is four cells of plain text and nothing inside
    them (no spans for the two languages, no line break before the role): the labels are
    made plain once, not per row, and the time is formatted without Django's date filter.

    The lists one person saw the citizen on in one day, for one purpose (the citizen list,
    the board ...), are one row with their count and the first and last time: a caseworker
    who opens her board twenty times a day is one line, not twenty, and the citizen still
    reads who, which day and why.
    """
    plain = {key: label.plain for key, label in labels.items()}
    zone = timezone.get_current_timezone()
    cells: list[Row] = []
    run: list[AuditEntry] = []  # consecutive list entries of one person, day and purpose
    for entry in entries:
        if run and not _same_list_run(run[-1], entry, zone):
            cells.append(_row(run, plain, zone))
            run = []
        if entry.action == Action.LIST:
            run.append(entry)
        else:
            cells.append(_row([entry], plain, zone))
    if run:
        cells.append(_row(run, plain, zone))
    return cells


def _same_list_run(last: AuditEntry, entry: AuditEntry, zone: dt.tzinfo) -> bool:
    return (
        entry.action == Action.LIST
        and (entry.actor_id, entry.purpose) == (last.actor_id, last.purpose)
        and entry.at.astimezone(zone).date() == last.at.astimezone(zone).date()
    )


def _row(run: list[AuditEntry], plain: dict[str, str], zone: dt.tzinfo) -> Row:
    """One row for an entry, or for a run of list entries (newest first)."""
    entry = run[0]
    if entry.actor is None and entry.actor_role == "contact_person":
        # The company's contact person, without an account: named as recorded
        # ("kontaktperson:<id> <name>", audit.services.OutsideActor).
        who = entry.actor_username.partition(" ")[2] or entry.actor_username
    elif entry.actor is None:
        who = plain["system"]
    else:
        who = entry.actor.get_full_name() or entry.actor_username
        role = plain.get(entry.actor_role)
        if role:
            who = f"{who}, {role}"
    action = str(plain.get(entry.action) or entry.get_action_display())
    at = entry.at.astimezone(zone).strftime("%d.%m.%Y %H:%M")
    if len(run) > 1:
        # Numbers and times only, so the row needs no words in the citizen's language.
        action = f"{action} (× {len(run)})"
        first = run[-1].at.astimezone(zone)
        at = f"{first:%d.%m.%Y %H:%M}-{entry.at.astimezone(zone):%H:%M}"
    return (at, who, action, entry.purpose)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    # A report of hundreds of pages is millions of WeasyPrint objects alive at once, and the
    # cycle collector's full passes over them grow with the heap: 30 % of a 4,000-row report
    # (docs/performance.md). Its boxes are freed by reference counting, so the peak memory
    # stays the same without it.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_access_report(
    *, citizen: Citizen, entries: Iterable[AuditEntry], today: dt.date | None = None
) -> bytes:
    """The report as PDF bytes. The caller records the export in the audit log."""
    language = citizen.preferred_language or "da"
    labels, incomplete = report_labels(language)
    rows = report_rows(entries, labels)
    context = {
        "citizen": citizen,
        "labels": labels,
        "rows": rows,
        "incomplete": incomplete,
        "language_da": language_name(language, "da"),
        "language_en": language_name(language, "en"),
        "printed_on": today or clock.today(),
        "footer_css": _css_string(labels["page"].plain),
    }
    with _without_cycle_collection():
        return render_pdf("audit/access_report.html", context)
