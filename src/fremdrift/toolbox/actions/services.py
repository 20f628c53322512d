"""Action plans (toolbox step 1C): plans, their actions and the quarterly status round.

The rules live here, not in the forms: an action has exactly one owner (a user of the
plan's municipality or an external actor in words), a due date, a theme of the five, and
may only contribute to items of the municipality's own theories of change. Every change
is one transaction that records a revision of the plan (Danish summary, whole plan).

Only a manager of the plan's municipality changes a plan: every changing function checks
it (PermissionDenied), not only the views.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.core.versioning import EditConflict, bump_version, claim_version
from fremdrift.toolbox.models import (
    ActionPlan,
    ActionStatus,
    ChecklistAnswer,
    PlanAction,
    StatusNote,
    StatusRound,
    Theme,
    TheoryItem,
    TheoryOfChange,
)
from fremdrift.toolbox.models.actions import OPEN_STATUSES
from fremdrift.toolbox.revisions import latest_revision, record_revision, set_shared

# An action is still open while it is not started or in progress; only open actions can be
# overdue.


# -- Quarters ---------------------------------------------------------------------------


def quarter_of(day: dt.date) -> tuple[int, int]:
    """(year, quarter 1-4) of a date."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> dt.date:
    last_month = quarter * 3
    next_first = dt.date(year + 1, 1, 1) if last_month == 12 else dt.date(year, last_month + 1, 1)
    return next_first - dt.timedelta(days=1)


def next_quarter_end(today: dt.date) -> dt.date:
    """The last day of the quarter after today's: a checklist action's default due date."""
    year, quarter = quarter_of(today)
    year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return quarter_end(year, quarter)


def quarter_label(year: int, quarter: int) -> str:
    return _("%(year)s, %(quarter)s. kvartal") % {"year": year, "quarter": quarter}


def is_overdue(action: PlanAction, today: dt.date) -> bool:
    """Due before today and still open: the due date itself is not overdue yet."""
    return action.due < today and action.status in OPEN_STATUSES


# -- Snapshot ---------------------------------------------------------------------------


def _action_data(action: PlanAction) -> dict:
    return {
        "id": action.pk,
        "theme": action.theme,
        "what": action.what,
        "owner_id": action.owner_id,
        "owner": str(action.owner) if action.owner_id else "",
        "owner_external": action.owner_external,
        "due": action.due,
        "status": action.status,
        "theory_items": sorted(item.pk for item in action.theory_items.all()),
        "checklist_answer": action.checklist_answer_id,
    }


def plan_snapshot(plan: ActionPlan) -> dict:
    actions = (
        PlanAction.objects.filter(plan=plan)
        .select_related("owner")
        .prefetch_related("theory_items")
        .order_by("id")
    )
    rounds = (
        StatusRound.objects.filter(plan=plan)
        .select_related("held_by")
        .prefetch_related("notes")
        .order_by("year", "quarter")
    )
    return {
        "title": plan.title,
        "theory_id": plan.theory_id,
        "theory": plan.theory.title if plan.theory_id else "",
        "shared": plan.shared,
        "actions": [_action_data(action) for action in actions],
        "status_rounds": [
            {
                "year": r.year,
                "quarter": r.quarter,
                "held_on": r.held_on,
                "held_by": str(r.held_by),
                "notes": [
                    {"action": n.action_id, "status": n.status, "note": n.note}
                    for n in sorted(r.notes.all(), key=lambda n: n.action_id)
                ],
            }
            for r in rounds
        ],
    }


def _record(plan: ActionPlan, actor: User | None, summary: str) -> None:
    plan.save(update_fields=["updated_at"])
    record_revision(plan, actor=actor, summary=summary, snapshot=plan_snapshot(plan))


def _short(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


# -- Plans ------------------------------------------------------------------------------


def _clean_plan(municipality_id: int, title: str, theory: TheoryOfChange | None) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Giv handleplanen en titel.")})
    if theory is not None and theory.municipality_id != municipality_id:
        raise ValidationError({"theory": _("Forandringsteorien hører ikke til kommunen.")})
    return title


def plan_create(
    *, actor: User, title: str, theory: TheoryOfChange | None = None, summary: str = ""
) -> ActionPlan:
    require(actor, Permission.MANAGE_TOOLBOX)
    title = _clean_plan(actor.municipality_id, title, theory)
    with transaction.atomic():
        plan = ActionPlan.objects.create(
            municipality_id=actor.municipality_id, title=title, theory=theory, created_by=actor
        )
        _record(plan, actor, summary or _("Oprettede handleplanen"))
    return plan


def plan_update(
    *,
    actor: User,
    plan: ActionPlan,
    title: str,
    theory: TheoryOfChange | None = None,
    expected_version: int,
) -> ActionPlan:
    """Title and theory of change, if nobody saved them since `expected_version` (else
    EditConflict). Choosing another theory (e.g. its new version) keeps the actions'
    links: they point to items of the old version until the actions are edited."""
    require(actor, Permission.MANAGE_TOOLBOX, within=plan)
    title = _clean_plan(plan.municipality_id, title, theory)
    theory_id = theory.pk if theory is not None else None
    changed = []
    if plan.title != title:
        changed.append(_("titel"))
    if plan.theory_id != theory_id:
        changed.append(_("forandringsteori"))
    if not changed:
        return plan
    with transaction.atomic():
        claim_version(plan, expected_version, field="edit_version")
        plan.title, plan.theory = title, theory
        plan.save(update_fields=["title", "theory", "updated_at"])
        record_revision(
            plan,
            actor=actor,
            summary=_("Ændrede handleplanen: %(fields)s")
            % {"fields": ", ".join(str(c) for c in changed)},
            snapshot=plan_snapshot(plan),
        )
    return plan


def plan_set_shared(*, actor: User, plan: ActionPlan, shared: bool) -> bool:
    require(actor, Permission.MANAGE_TOOLBOX, within=plan)
    return set_shared(actor=actor, document=plan, shared=shared, snapshot=plan_snapshot)


# -- Actions ----------------------------------------------------------------------------


def _clean_action(
    plan: ActionPlan,
    *,
    theme: str,
    what: str,
    due: dt.date | None,
    status: str,
    owner: User | None,
    owner_external: str,
    theory_items: Iterable[TheoryItem],
) -> dict:
    """The action's values, checked; a ValidationError names each wrong field in Danish."""
    errors: dict[str, str] = {}
    what = (what or "").strip()
    owner_external = (owner_external or "").strip()
    items = list(theory_items)
    if theme not in Theme.values:
        errors["theme"] = _("Vælg et af de fem temaer.")
    if not what:
        errors["what"] = _("Beskriv, hvad der skal gøres.")
    if due is None:
        errors["due"] = _("Sæt en frist for handlingen.")
    if status not in ActionStatus.values:
        errors["status"] = _("Vælg en status.")
    if owner is not None and owner_external:
        errors["owner"] = _(
            "Vælg enten en medarbejder i kommunen eller skriv en ekstern ansvarlig, ikke begge."
        )
    elif owner is None and not owner_external:
        errors["owner"] = _(
            "Angiv, hvem der er ansvarlig: en medarbejder i kommunen eller en ekstern aktør."
        )
    elif owner is not None and (
        owner.municipality_id != plan.municipality_id or not owner.is_active
    ):
        errors["owner"] = _("Den ansvarlige skal være en aktiv medarbejder i kommunen.")
    foreign = [item for item in items if item.theory.municipality_id != plan.municipality_id]
    if foreign:
        errors["theory_items"] = _(
            "Handlingen kan kun knyttes til punkter i kommunens egne forandringsteorier."
        )
    if errors:
        raise ValidationError(errors)
    return {
        "theme": theme,
        "what": what,
        "due": due,
        "status": status,
        "owner": owner,
        "owner_external": owner_external,
        "items": items,
    }


def action_add(
    *,
    actor: User,
    plan: ActionPlan,
    theme: str,
    what: str,
    due: dt.date | None,
    status: str = ActionStatus.NOT_STARTED,
    owner: User | None = None,
    owner_external: str = "",
    theory_items: Iterable[TheoryItem] = (),
    checklist_answer: ChecklistAnswer | None = None,
    summary: str = "",
) -> PlanAction:
    require(actor, Permission.MANAGE_TOOLBOX, within=plan)
    if checklist_answer is not None and (
        checklist_answer.checklist.municipality_id != plan.municipality_id
    ):
        raise ValidationError(
            {"checklist_answer": _("Svaret i tjeklisten hører ikke til handleplanens kommune.")}
        )
    values = _clean_action(
        plan,
        theme=theme,
        what=what,
        due=due,
        status=status,
        owner=owner,
        owner_external=owner_external,
        theory_items=theory_items,
    )
    items = values.pop("items")
    with transaction.atomic():
        action = PlanAction.objects.create(plan=plan, checklist_answer=checklist_answer, **values)
        action.theory_items.set(items)
        _record(
            plan,
            actor,
            summary or _("Tilføjede handling: %(what)s") % {"what": _short(action.what)},
        )
    return action


def action_update(
    *,
    actor: User,
    action: PlanAction,
    theme: str,
    what: str,
    due: dt.date | None,
    status: str,
    owner: User | None = None,
    owner_external: str = "",
    theory_items: Iterable[TheoryItem] = (),
    expected_version: int,
) -> PlanAction:
    """Save the action if nobody saved it since `expected_version`; else EditConflict."""
    plan = action.plan
    require(actor, Permission.MANAGE_TOOLBOX, within=plan)
    values = _clean_action(
        plan,
        theme=theme,
        what=what,
        due=due,
        status=status,
        owner=owner,
        owner_external=owner_external,
        theory_items=theory_items,
    )
    items = values.pop("items")
    labels = {
        "theme": _("tema"),
        "what": _("hvad"),
        "due": _("frist"),
        "status": _("status"),
        "owner": _("ansvarlig"),
        "owner_external": _("ansvarlig"),
    }
    changed = []
    for name, value in values.items():
        current = action.owner if name == "owner" else getattr(action, name)
        if current != value and labels[name] not in changed:
            changed.append(labels[name])
    if {item.pk for item in items} != set(action.theory_items.values_list("pk", flat=True)):
        changed.append(_("forandringsteori"))
    if not changed:
        return action
    with transaction.atomic():
        claim_version(action, expected_version)
        for name, value in values.items():
            setattr(action, name, value)
        action.save()
        action.theory_items.set(items)
        _record(
            plan,
            actor,
            _("Ændrede handling: %(what)s (%(fields)s)")
            % {"what": _short(action.what, 60), "fields": ", ".join(str(c) for c in changed)},
        )
    return action


# -- The quarterly status round ---------------------------------------------------------


def _round_unchanged(
    round_: StatusRound | None,
    entries: Mapping[int, tuple[str, str]],
    actions: dict[int, PlanAction],
) -> bool:
    """True when the quarter's round exists and saving `entries` would change nothing."""
    if round_ is None:
        return False
    notes = {note.action_id: note for note in round_.notes.all()}
    for pk, (status, note_text) in entries.items():
        note = notes.get(pk)
        if note is None or (note.status, note.note) != (status, (note_text or "").strip()):
            return False
        if actions[pk].status != status:
            return False
    return True


def status_round_save(
    *,
    actor: User,
    plan: ActionPlan,
    entries: Mapping[int, tuple[str, str]],
    today: dt.date,
    expected_version: int,
) -> StatusRound:
    """This quarter's round: a status and a note per action (action id -> (status, note)).

    One round per plan per quarter: saving again in the same quarter edits it; saving it
    again unchanged records nothing. Each action takes the status given in the round. The
    form covers the whole plan, so its version is the plan's latest revision: any change to
    the plan since the form was loaded is an EditConflict.
    Errors are keyed by the status round form's fields (status_<action id>).
    """
    require(actor, Permission.MANAGE_TOOLBOX, within=plan)
    actions = {action.pk: action for action in PlanAction.objects.filter(plan=plan)}
    if set(entries) - set(actions):
        # No field of the form stands for an action of another plan.
        raise ValidationError(
            {NON_FIELD_ERRORS: [_("En af handlingerne hører ikke til handleplanen.")]}
        )
    wrong = {
        f"status_{pk}": [
            _("Vælg en status for handlingen: %(what)s") % {"what": _short(actions[pk].what)}
        ]
        for pk, (status, _note) in entries.items()
        if status not in ActionStatus.values
    }
    if wrong:
        raise ValidationError(wrong)
    year, quarter = quarter_of(today)
    with transaction.atomic():
        # Lock the plan: two managers saving the round at once make one round, not two.
        ActionPlan.objects.select_for_update().filter(pk=plan.pk).exists()
        current = (
            StatusRound.objects.filter(plan=plan, year=year, quarter=quarter)
            .prefetch_related("notes")
            .first()
        )
        if _round_unchanged(current, entries, actions):
            return current
        latest = latest_revision(plan)
        if latest != expected_version:
            raise EditConflict(plan, latest)
        round_, created = StatusRound.objects.get_or_create(
            plan=plan,
            year=year,
            quarter=quarter,
            defaults={"held_on": today, "held_by": actor},
        )
        if not created:
            round_.held_on, round_.held_by = today, actor
            round_.save(update_fields=["held_on", "held_by"])
        existing = {note.action_id: note for note in round_.notes.all()}
        for pk, (status, note_text) in entries.items():
            note_text = (note_text or "").strip()
            note = existing.get(pk)
            if note is None:
                StatusNote.objects.create(round=round_, action_id=pk, status=status, note=note_text)
            elif (note.status, note.note) != (status, note_text):
                note.status, note.note = status, note_text
                note.save(update_fields=["status", "note"])
            action = actions[pk]
            if action.status != status:
                action.status = status
                action.save(update_fields=["status"])
                bump_version(action)
        label = quarter_label(year, quarter)
        _record(
            plan,
            actor,
            (
                ngettext(
                    "Holdt statusrunden for %(quarter)s (%(count)s handling)",
                    "Holdt statusrunden for %(quarter)s (%(count)s handlinger)",
                    len(entries),
                )
                if created
                else ngettext(
                    "Rettede statusrunden for %(quarter)s (%(count)s handling)",
                    "Rettede statusrunden for %(quarter)s (%(count)s handlinger)",
                    len(entries),
                )
            )
            % {"quarter": label, "count": len(entries)},
        )
    return round_
