"""Theories of change and programme theories: every change, and its revision, in one place.

The two kinds share one shape: a target group (step 0) and four columns filled in backwards
(steps 1-4). Read from left to right the columns are a chain:

- theory of change: activities -> short-term -> medium-term -> long-term results;
- programme theory (KL): effective mechanisms -> activities -> sub-goals -> end goals.

An item "leads to" items in any column further right in the chain (not only the next one),
never to itself, and only inside its own theory. A mechanism is the condition under which
activities reach the goals, so it points to the activities it carries (or straight to a
goal, when a condition works on the goal itself); being leftmost, that follows the same rule.

Results and goals (not activities or mechanisms) may be bound to a key figure or to a
progression dimension, never both. Every change records a revision with a Danish summary
and a snapshot of the whole document, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.core.texts import length_error
from fremdrift.core.versioning import claim_version
from fremdrift.results.definitions import FIGURES
from fremdrift.toolbox.models import Segment, TheoryItem, TheoryKind, TheoryOfChange
from fremdrift.toolbox.revisions import record_revision, set_shared
from fremdrift.toolbox.theory.shape import (
    STEP_HORIZONS,
    dimension_names,
    is_result,
    lineage,
    may_lead_to,
    singular,
)

TEXT_MAX = 300


# The target group's fields (step 0), in the order of the form.
TARGET_GROUP_FIELDS = (
    "title",
    "target_group",
    "segment",
    "purpose",
    "can_wants",
    "can_not_wants",
    "cannot_wants",
    "cannot_not_wants",
    "work_identity",
    "labour_market_experience",
    "education",
    "job_search",
    "family",
)
REQUIRED_FIELDS = ("title", "target_group")


# ----------------------------------------------------------------------------------------
# Snapshots and checks


def snapshot(theory: TheoryOfChange) -> dict[str, Any]:
    """The whole document as it now is: fields, items, links and bindings."""
    items = list(TheoryItem.objects.filter(theory=theory).prefetch_related("leads_to"))
    return {
        "title": theory.title,
        "kind": theory.kind,
        "version": theory.version,
        "previous": theory.previous_id,
        "shared": theory.shared,
        **{name: getattr(theory, name) for name in TARGET_GROUP_FIELDS if name != "title"},
        "items": [
            {
                "id": item.pk,
                "horizon": item.horizon,
                "position": item.position,
                "text": item.text,
                "leads_to": sorted(t.pk for t in item.leads_to.all()),
                "figure": item.figure,
                "dimension": item.dimension,
            }
            for item in items
        ],
    }


def _record(theory: TheoryOfChange, actor: User, summary: str) -> None:
    record_revision(theory, actor=actor, summary=summary, snapshot=snapshot(theory))


def _short(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _clean_text(text: str, errors: dict[str, list[str]]) -> str:
    text = (text or "").strip()
    if not text:
        errors.setdefault("text", []).append(_("Skriv en tekst."))
    elif len(text) > TEXT_MAX:
        errors.setdefault("text", []).append(
            _("Skriv højst %(max)s tegn, så teksten kan stå i diagrammet (nu %(n)s).")
            % {"max": TEXT_MAX, "n": len(text)}
        )
    return text


def _clean_binding(
    theory: TheoryOfChange,
    horizon: str,
    figure: str,
    dimension: str,
    errors: dict[str, list[str]],
) -> tuple[str, str]:

    figure, dimension = (figure or "").strip(), (dimension or "").strip()
    if not figure and not dimension:
        return "", ""
    if not is_result(horizon):
        errors.setdefault("figure" if figure else "dimension", []).append(
            _("Kun resultater og mål kan bindes til et nøgletal eller et progressionsområde.")
        )
        return "", ""
    if figure and dimension:
        errors.setdefault("dimension", []).append(
            _("Vælg enten et nøgletal eller et progressionsområde, ikke begge.")
        )
    if figure and figure not in FIGURES:
        errors.setdefault("figure", []).append(
            _("Nøgletallet %(code)s findes ikke.") % {"code": figure}
        )
    if dimension and dimension not in dimension_names(theory.municipality):
        errors.setdefault("dimension", []).append(
            _("Progressionsområdet %(key)s findes ikke i kommunens progressionsværktøj.")
            % {"key": dimension}
        )
    return figure, dimension


def _clean_links(
    theory: TheoryOfChange,
    horizon: str,
    leads_to: Iterable[int | TheoryItem],
    errors: dict[str, list[str]],
    *,
    self_id: int | None = None,
) -> list[TheoryItem]:
    ids = {t.pk if isinstance(t, TheoryItem) else int(t) for t in leads_to}
    if not ids:
        return []
    if self_id is not None and self_id in ids:
        errors.setdefault("leads_to", []).append(_("Et punkt kan ikke føre til sig selv."))
        ids.discard(self_id)
    targets = list(TheoryItem.objects.filter(theory=theory, pk__in=ids))
    if len(targets) != len(ids):
        errors.setdefault("leads_to", []).append(
            _("Et af de valgte punkter hører ikke til denne teori.")
        )
    for target in targets:
        if not may_lead_to(theory.kind, horizon, target.horizon):
            errors.setdefault("leads_to", []).append(
                _(
                    "Et punkt kan kun føre til punkter længere til højre i kæden: "
                    "%(what)s kan ikke føre til %(target)s “%(text)s”."
                )
                % {
                    "what": singular(horizon),
                    "target": singular(target.horizon),
                    "text": _short(target.text, 40),
                }
            )
    return targets


def _binding_words(theory: TheoryOfChange, figure: str, dimension: str) -> str:

    if figure:
        return _("nøgletal %(code)s") % {"code": figure}
    if dimension:
        name = dimension_names(theory.municipality).get(dimension, dimension)
        return _("progressionsområdet %(name)s") % {"name": name}
    return ""


# ----------------------------------------------------------------------------------------
# The document


def theory_create(
    *, actor: User, kind: str, title: str, target_group: str, segment: str = Segment.ALL
) -> TheoryOfChange:
    require(actor, Permission.MANAGE_TOOLBOX)
    errors: dict[str, list[str]] = {}
    if kind not in TheoryKind.values:
        errors["kind"] = [_("Vælg forandringsteori eller programteori.")]
    if segment not in Segment.values:
        errors["segment"] = [_("Vælg, hvem målgruppen tælles blandt.")]
    title, target_group = (title or "").strip(), (target_group or "").strip()
    if not title:
        errors["title"] = [_("Giv dokumentet en titel.")]
    if not target_group:
        errors["target_group"] = [_("Skriv, hvem målgruppen er.")]
    for field, value in (("title", title), ("target_group", target_group)):
        if problem := length_error(value, 200):
            errors[field] = [problem]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        theory = TheoryOfChange.objects.create(
            municipality_id=actor.municipality_id,
            created_by=actor,
            kind=kind,
            title=title,
            target_group=target_group,
            segment=segment,
        )
        _record(
            theory,
            actor,
            _("Oprettede %(kind)s for %(group)s")
            % {"kind": TheoryKind(kind).label.lower(), "group": target_group},
        )
    return theory


def target_group_save(
    *, actor: User, theory: TheoryOfChange, data: dict[str, str], expected_version: int
) -> bool:
    """Save step 0 (title, target group, matrix, facts, purpose) if nobody saved it since
    `expected_version` (else EditConflict). True if anything changed."""
    require(actor, Permission.MANAGE_TOOLBOX, within=theory)
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for name in TARGET_GROUP_FIELDS:
        value = (data.get(name) or "").strip()
        if name in REQUIRED_FIELDS and not value:
            errors[name] = [
                _("Giv dokumentet en titel.")
                if name == "title"
                else _("Skriv, hvem målgruppen er.")
            ]
        cleaned[name] = value
    if cleaned["segment"] not in Segment.values:
        errors["segment"] = [_("Vælg, hvem målgruppen tælles blandt.")]
    if errors:
        raise ValidationError(errors)
    changed = [name for name in TARGET_GROUP_FIELDS if getattr(theory, name) != cleaned[name]]
    if not changed:
        return False
    with transaction.atomic():
        claim_version(theory, expected_version, field="edit_version")
        for name in changed:
            setattr(theory, name, cleaned[name])
        theory.save()
        labels = ", ".join(str(TheoryOfChange._meta.get_field(n).verbose_name) for n in changed)
        _record(theory, actor, _("Ændrede målgruppen: %(fields)s") % {"fields": labels})
    return True


def theory_set_shared(*, actor: User, theory: TheoryOfChange, shared: bool) -> bool:
    require(actor, Permission.MANAGE_TOOLBOX, within=theory)
    return set_shared(actor=actor, document=theory, shared=shared, snapshot=snapshot)


def theory_new_version(*, actor: User, theory: TheoryOfChange) -> TheoryOfChange:
    """A copy with every item, link and binding as the next version; the old stays as it is."""
    require(actor, Permission.MANAGE_TOOLBOX, within=theory)
    with transaction.atomic():
        number = max(t.version for t in lineage(theory)) + 1
        copy = TheoryOfChange.objects.create(
            municipality_id=theory.municipality_id,
            created_by=actor,
            kind=theory.kind,
            title=theory.title,
            version=number,
            previous=theory,
            shared=False,
            **{name: getattr(theory, name) for name in TARGET_GROUP_FIELDS if name != "title"},
        )
        items = list(TheoryItem.objects.filter(theory=theory).prefetch_related("leads_to"))
        copies = {
            item.pk: TheoryItem.objects.create(
                theory=copy,
                horizon=item.horizon,
                text=item.text,
                position=item.position,
                figure=item.figure,
                dimension=item.dimension,
            )
            for item in items
        }
        for item in items:
            targets = [copies[t.pk] for t in item.leads_to.all() if t.pk in copies]
            if targets:
                copies[item.pk].leads_to.set(targets)
        _record(
            copy,
            actor,
            _("Oprettede version %(new)s som kopi af version %(old)s")
            % {"new": number, "old": theory.version},
        )
    return copy


# ----------------------------------------------------------------------------------------
# Items, links and bindings


def item_add(
    *,
    actor: User,
    theory: TheoryOfChange,
    horizon: str,
    text: str,
    leads_to: Iterable[int | TheoryItem] = (),
    figure: str = "",
    dimension: str = "",
) -> TheoryItem:
    require(actor, Permission.MANAGE_TOOLBOX, within=theory)
    if horizon not in STEP_HORIZONS[theory.kind]:
        raise ValidationError(
            {"text": [_("Kolonnen hører ikke til denne type dokument.")]}, code="horizon"
        )
    errors: dict[str, list[str]] = {}
    text = _clean_text(text, errors)
    targets = _clean_links(theory, horizon, leads_to, errors)
    figure, dimension = _clean_binding(theory, horizon, figure, dimension, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        last = TheoryItem.objects.filter(theory=theory, horizon=horizon).aggregate(
            last=Max("position")
        )["last"]
        item = TheoryItem.objects.create(
            theory=theory,
            horizon=horizon,
            text=text,
            position=(last or 0) + 1,
            figure=figure,
            dimension=dimension,
        )
        item.leads_to.set(targets)
        summary = _("Tilføjede %(what)s: %(text)s") % {
            "what": singular(horizon),
            "text": _short(text),
        }
        if targets:
            summary += _(" (fører til %(n)s)") % {"n": len(targets)}
        if figure or dimension:
            summary += _("; bundet til %(binding)s") % {
                "binding": _binding_words(theory, figure, dimension)
            }
        theory.save(update_fields=["updated_at"])
        _record(theory, actor, summary)
    return item


def item_update(
    *,
    actor: User,
    item: TheoryItem,
    text: str,
    leads_to: Iterable[int | TheoryItem],
    expected_version: int,
    figure: str = "",
    dimension: str = "",
) -> bool:
    """Change an item's text, what it leads to and its binding, if nobody saved the item
    since `expected_version` (else EditConflict). True if anything changed."""
    theory = item.theory
    require(actor, Permission.MANAGE_TOOLBOX, within=theory)
    errors: dict[str, list[str]] = {}
    text = _clean_text(text, errors)
    targets = _clean_links(theory, item.horizon, leads_to, errors, self_id=item.pk)
    figure, dimension = _clean_binding(theory, item.horizon, figure, dimension, errors)
    if errors:
        raise ValidationError(errors)
    old_links = set(item.leads_to.values_list("pk", flat=True))
    new_links = {t.pk for t in targets}
    changes = []
    if text != item.text:
        changes.append(_("ny tekst"))
    if new_links != old_links:
        added, removed = len(new_links - old_links), len(old_links - new_links)
        changes.append(
            _("forbindelser ændret (%(added)s tilføjet, %(removed)s fjernet)")
            % {"added": added, "removed": removed}
        )
    if (figure, dimension) != (item.figure, item.dimension):
        if figure or dimension:
            changes.append(
                _("bundet til %(binding)s") % {"binding": _binding_words(theory, figure, dimension)}
            )
        else:
            changes.append(_("binding fjernet"))
    if not changes:
        return False
    with transaction.atomic():
        claim_version(item, expected_version)
        old_text = item.text
        item.text, item.figure, item.dimension = text, figure, dimension
        item.save()
        item.leads_to.set(targets)
        theory.save(update_fields=["updated_at"])
        _record(
            theory,
            actor,
            _("Ændrede %(what)s “%(text)s”: %(changes)s")
            % {
                "what": singular(item.horizon),
                "text": _short(old_text, 50),
                "changes": ", ".join(str(c) for c in changes),
            },
        )
    return True


def item_link(*, actor: User, item: TheoryItem, leads_to: Iterable[int | TheoryItem]) -> bool:
    """Only the links: what the item leads to."""
    return item_update(
        actor=actor,
        item=item,
        text=item.text,
        leads_to=leads_to,
        figure=item.figure,
        dimension=item.dimension,
        expected_version=item.version,  # no form: the item as the caller has it
    )


def item_bind(*, actor: User, item: TheoryItem, figure: str = "", dimension: str = "") -> bool:
    """Only the binding: a key figure, a progression dimension, or none (both empty)."""
    return item_update(
        actor=actor,
        item=item,
        text=item.text,
        leads_to=list(item.leads_to.values_list("pk", flat=True)),
        figure=figure,
        dimension=dimension,
        expected_version=item.version,  # no form: the item as the caller has it
    )


def item_delete(*, actor: User, item: TheoryItem) -> None:
    theory = item.theory
    require(actor, Permission.MANAGE_TOOLBOX, within=theory)
    with transaction.atomic():
        what, text = singular(item.horizon), item.text
        item.delete()  # its links, both ways, go with it
        theory.save(update_fields=["updated_at"])
        _record(
            theory, actor, _("Slettede %(what)s: %(text)s") % {"what": what, "text": _short(text)}
        )
