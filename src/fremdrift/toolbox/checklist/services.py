"""KL's checklist: fill it in, and turn an answer of no or partly into an action in one step.

The questions are an instrument (definitions/fremdrift-kl-tjekliste.yaml, use "checklist"):
a checklist keeps the exact version it was started in, the municipality's own published
version before the product's. Each section of the instrument is one of KL's ten elements.

An answer of no or partly becomes an action in the action plan in the theme that element
belongs to (ELEMENT_THEMES). The mapping follows where the element's work lies:
- a shared guiding value, a cross-disciplinary view and one plan, physical settings:
  Organisering (how the organisation and the departments work together and are housed);
- the citizen at the centre, relevant competences: Medarbejdere (behaviour, competences);
- fast and qualified assessment: Redskaber (processes and information);
- a strategy for working with companies: Samarbejdspartnere;
- political ownership, a results-oriented approach, innovation and risk: Ledelse og
  projektstyring (priorities, resources, data and room to try).
A section the mapping does not know (a municipality's own version) goes to Ledelse og
projektstyring: the checklist is the leaders' own.

Only a manager of the checklist's municipality changes it: every changing function checks it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.core.versioning import claim_version
from fremdrift.instruments.models import InstrumentVersion
from fremdrift.instruments.response_services import current_version
from fremdrift.instruments.texts import text_in
from fremdrift.toolbox.actions.selectors import newest_plan
from fremdrift.toolbox.actions.services import action_add, next_quarter_end, plan_create
from fremdrift.toolbox.models import (
    ActionPlan,
    ActionStatus,
    Checklist,
    ChecklistAnswer,
    ChecklistChoice,
    PlanAction,
    Theme,
)
from fremdrift.toolbox.revisions import record_revision

USE = "checklist"
RESPONDENT = "leader"

ELEMENT_THEMES: dict[str, Theme] = {
    "vaerdigrundlag": Theme.ORGANISATION,
    "politisk-ejerskab": Theme.LEADERSHIP,
    "resultater": Theme.LEADERSHIP,
    "visitation": Theme.TOOLS,
    "borgeren-i-centrum": Theme.EMPLOYEES,
    "innovation": Theme.LEADERSHIP,
    "tvaerfaglighed": Theme.ORGANISATION,
    "kompetencer": Theme.EMPLOYEES,
    "fysiske-rammer": Theme.ORGANISATION,
    "virksomhedsstrategi": Theme.PARTNERS,
}
FALLBACK_THEME = Theme.LEADERSHIP

# Answers that can become an action.
NEEDS_ACTION = (ChecklistChoice.NO, ChecklistChoice.PARTLY)


# -- The instrument's questions ---------------------------------------------------------


def checklist_version(municipality: Municipality) -> InstrumentVersion | None:
    return current_version(municipality, USE)


@dataclass
class Question:
    key: str
    short: str
    text: str
    answer: ChecklistAnswer | None = None
    # The action made from the answer, when there is one.
    action: PlanAction | None = None

    @property
    def needs_action(self) -> bool:
        return self.answer is not None and self.answer.answer in NEEDS_ACTION


@dataclass
class Element:
    number: int
    key: str
    title: str
    theme: Theme
    questions: list[Question] = field(default_factory=list)


def theme_for(version: InstrumentVersion, item_key: str) -> Theme:
    for section in version.definition["sections"]:
        if any(item["key"] == item_key for item in section["items"]):
            return ELEMENT_THEMES.get(section["key"], FALLBACK_THEME)
    return FALLBACK_THEME


def _item(version: InstrumentVersion, item_key: str) -> dict | None:
    return next((item for item in version.items() if item["key"] == item_key), None)


def question_text(version: InstrumentVersion, item_key: str, language: str = "da") -> str:
    item = _item(version, item_key)
    if item is None:
        return item_key
    texts = item["text"].get(RESPONDENT) or next(iter(item["text"].values()))
    return text_in(texts, language)[0]


def elements(checklist: Checklist, language: str = "da") -> list[Element]:
    """The checklist's elements with their questions, answers and any action made."""
    answers = {
        answer.item: answer
        for answer in ChecklistAnswer.objects.filter(checklist=checklist).prefetch_related(
            "actions__plan"
        )
    }
    result = []
    for number, section in enumerate(checklist.version.definition["sections"], start=1):
        element = Element(
            number=number,
            key=section["key"],
            title=text_in(section["title"], language)[0],
            theme=ELEMENT_THEMES.get(section["key"], FALLBACK_THEME),
        )
        for item in section["items"]:
            answer = answers.get(item["key"])
            actions = sorted(answer.actions.all(), key=lambda a: a.pk) if answer else []
            element.questions.append(
                Question(
                    key=item["key"],
                    short=text_in(item["short"], language)[0],
                    text=question_text(checklist.version, item["key"], language),
                    answer=answer,
                    action=actions[0] if actions else None,
                )
            )
        result.append(element)
    return result


# -- Snapshot ---------------------------------------------------------------------------


def checklist_snapshot(checklist: Checklist) -> dict:
    return {
        "title": checklist.title,
        "filled_on": checklist.filled_on,
        "instrument": checklist.version.instrument.key,
        "version": checklist.version.version,
        "answers": [
            {
                "item": answer.item,
                "answer": answer.answer,
                "note": answer.note,
                "actions": sorted(answer.actions.values_list("pk", flat=True)),
            }
            for answer in ChecklistAnswer.objects.filter(checklist=checklist).order_by("item")
        ],
    }


def _record(checklist: Checklist, actor: User, summary: str) -> None:
    checklist.save(update_fields=["updated_at"])
    record_revision(checklist, actor=actor, summary=summary, snapshot=checklist_snapshot(checklist))


# -- Filling it in ----------------------------------------------------------------------


def checklist_create(*, actor: User, title: str, today: dt.date) -> Checklist:
    """A new, empty checklist in the current published version for the municipality."""
    require(actor, Permission.MANAGE_TOOLBOX)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Giv tjeklisten en titel.")})
    version = checklist_version(actor.municipality)
    if version is None:
        raise ValidationError(
            _(
                "Der er ingen udgivet udgave af KL's tjekliste endnu. Bed administratoren om "
                "at indlæse den."
            )
        )
    with transaction.atomic():
        checklist = Checklist.objects.create(
            municipality_id=actor.municipality_id,
            title=title,
            version=version,
            filled_on=today,
            created_by=actor,
        )
        _record(checklist, actor, _("Oprettede tjeklisten"))
    return checklist


def checklist_update(
    *,
    actor: User,
    checklist: Checklist,
    title: str,
    filled_on: dt.date | None,
    answers: Mapping[str, tuple[str, str]],
    expected_version: int,
) -> Checklist:
    """Title, date and the answers: item key -> (yes/partly/no or "" for none, note), if
    nobody saved the checklist since `expected_version` (else EditConflict).

    Items left out are not touched. An answer that has become an action cannot be removed,
    only changed; a note needs an answer to belong to. Errors are keyed by the edit form's
    fields (title, filled_on, answer_<item key>); an item the checklist does not have has no
    field and is a non-field error.
    """
    require(actor, Permission.MANAGE_TOOLBOX, within=checklist)
    title = (title or "").strip()
    existing = {a.item: a for a in ChecklistAnswer.objects.filter(checklist=checklist)}
    errors = _update_errors(checklist, title, filled_on, answers, existing)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        moved = (checklist.title, checklist.filled_on) != (title, filled_on)
        if moved or _answers_differ(answers, existing):
            claim_version(checklist, expected_version, field="edit_version")
        details = []
        if checklist.title != title:
            details.append(_("titel"))
        if checklist.filled_on != filled_on:
            details.append(_("dato"))
        if details:
            checklist.title, checklist.filled_on = title, filled_on
            checklist.save(update_fields=["title", "filled_on", "updated_at"])
        details += _apply_answers(checklist, answers, existing)
        if details:
            _record(
                checklist,
                actor,
                _("Opdaterede tjeklisten: %(details)s") % {"details": ", ".join(map(str, details))},
            )
    return checklist


def _update_errors(
    checklist: Checklist,
    title: str,
    filled_on: dt.date | None,
    answers: Mapping[str, tuple[str, str]],
    existing: Mapping[str, ChecklistAnswer],
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Giv tjeklisten en titel.")]
    if filled_on is None:
        errors["filled_on"] = [_("Skriv datoen, tjeklisten er udfyldt.")]
    items = {item["key"]: item for item in checklist.version.items()}
    for key, (choice, note) in answers.items():
        if key not in items:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                _("Spørgsmålet %(key)s findes ikke i tjeklisten.") % {"key": key}
            )
            continue
        problem = _answer_problem(choice, note, existing.get(key))
        if problem:
            short = text_in(items[key]["short"], "da")[0]
            errors.setdefault(f"answer_{key}", []).append(problem % {"question": short})
    return errors


def _answer_problem(choice: str, note: str, answer: ChecklistAnswer | None) -> str | None:
    """What is wrong with one answer, as a message with %(question)s in it, or None."""
    if choice and choice not in ChecklistChoice.values:
        return _("%(question)s: vælg ja, delvist eller nej.")
    if not choice and (note or "").strip():
        return _("%(question)s: vælg ja, delvist eller nej for at gemme noten.")
    if not choice and answer is not None and answer.actions.exists():
        return _("%(question)s: svaret er blevet til en handling og kan ikke fjernes.")
    return None


def _answers_differ(
    answers: Mapping[str, tuple[str, str]], existing: Mapping[str, ChecklistAnswer]
) -> bool:
    """Whether _apply_answers would change anything (an unchanged save writes nothing)."""
    for key, (choice, note) in answers.items():
        answer = existing.get(key)
        if answer is None:
            if choice:
                return True
        elif not choice or (answer.answer, answer.note) != (choice, (note or "").strip()):
            return True
    return False


def _apply_answers(
    checklist: Checklist,
    answers: Mapping[str, tuple[str, str]],
    existing: Mapping[str, ChecklistAnswer],
) -> list[str]:
    """Create, change and remove the answers; what was done, for the revision's summary."""
    new = changed = removed = 0
    for key, (choice, note) in answers.items():
        note = (note or "").strip()
        answer = existing.get(key)
        if answer is None and choice:
            ChecklistAnswer.objects.create(checklist=checklist, item=key, answer=choice, note=note)
            new += 1
        elif answer is not None and not choice:
            answer.delete()
            removed += 1
        elif answer is not None and (answer.answer, answer.note) != (choice, note):
            answer.answer, answer.note = choice, note
            answer.save(update_fields=["answer", "note"])
            changed += 1
    details = []
    if new:
        details.append(ngettext("%(n)s nyt svar", "%(n)s nye svar", new) % {"n": new})
    if changed:
        details.append(
            ngettext("%(n)s ændret svar", "%(n)s ændrede svar", changed) % {"n": changed}
        )
    if removed:
        details.append(
            ngettext("%(n)s fjernet svar", "%(n)s fjernede svar", removed) % {"n": removed}
        )
    return details


# -- One step from an answer to an action -----------------------------------------------


def checklist_answer_to_action(
    *,
    actor: User,
    answer: ChecklistAnswer,
    today: dt.date,
    plan: ActionPlan | None = None,
) -> tuple[PlanAction, bool]:
    """The action made from an answer of no or partly; (action, True) when made now.

    The action goes into `plan`, else the municipality's newest plan, else a new plan named
    after the checklist. Its theme follows the element, its text is the question and the
    note, it is due at the end of the next quarter, not started, and owned by the actor.
    A second call returns the action made the first time.
    """
    checklist = answer.checklist
    require(actor, Permission.MANAGE_TOOLBOX, within=checklist)
    if plan is not None and plan.municipality_id != checklist.municipality_id:
        raise ValidationError({"plan": _("Handleplanen hører ikke til kommunen.")})
    with transaction.atomic():
        # Lock the answer so two clicks at once make one action, not two.
        answer = ChecklistAnswer.objects.select_for_update().get(pk=answer.pk)
        made = PlanAction.objects.filter(checklist_answer=answer).order_by("id").first()
        if made is not None:
            return made, False
        if answer.answer not in NEEDS_ACTION:
            raise ValidationError(_("Kun et svar med nej eller delvist kan blive til en handling."))
        version = checklist.version
        item = _item(version, answer.item)
        short = text_in(item["short"], "da")[0] if item else answer.item
        if plan is None:
            plan = newest_plan(checklist.municipality_id)
        if plan is None:
            plan = plan_create(
                actor=actor,
                title=checklist.title,
                summary=_("Oprettede handleplanen ud fra tjeklisten %(title)s")
                % {"title": checklist.title},
            )
        what = "\n\n".join(
            part for part in (question_text(version, answer.item), answer.note.strip()) if part
        )
        action = action_add(
            actor=actor,
            plan=plan,
            theme=theme_for(version, answer.item),
            what=what,
            due=next_quarter_end(today),
            status=ActionStatus.NOT_STARTED,
            owner=actor,
            checklist_answer=answer,
            summary=_("Tilføjede handling fra KL's tjekliste: %(question)s") % {"question": short},
        )
        _record(
            checklist,
            actor,
            _("Gjorde svaret på %(question)s til en handling i handleplanen %(plan)s")
            % {"question": short, "plan": plan.title},
        )
    return action, True
