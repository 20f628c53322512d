"""Method descriptions (toolbox step 1B): create from the generic model, edit, share.

Every change is one transaction that also records a revision with a Danish summary and the
whole description as it now is, so the history shows who changed what and when. Only a
manager of the description's municipality changes it: every changing function checks it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.core.versioning import claim_version
from fremdrift.toolbox.method import generic as generic_method
from fremdrift.toolbox.models import MethodDescription, MethodPhase
from fremdrift.toolbox.revisions import record_revision, set_shared

PHASE_FIELDS = ("name", "timespan", "citizen_level", "internal_roles", "external_roles", "tools")
ROMAN = {1: "I", 2: "II", 3: "III"}


def principles(description: MethodDescription) -> list[str]:
    """The core principles, one a line, without empty lines."""
    return [line.strip() for line in description.core_principles.splitlines() if line.strip()]


def method_snapshot(description: MethodDescription) -> dict:
    return {
        "title": description.title,
        "target_group": description.target_group,
        "shared": description.shared,
        "core_principles": principles(description),
        "phases": [
            {"number": phase.number, **{name: getattr(phase, name) for name in PHASE_FIELDS}}
            for phase in MethodPhase.objects.filter(description=description).order_by("number")
        ],
    }


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _record(description: MethodDescription, actor: User, summary: str) -> None:
    description.save(update_fields=["updated_at"])
    record_revision(
        description, actor=actor, summary=summary, snapshot=method_snapshot(description)
    )


def method_create(*, actor: User, title: str, target_group: str) -> MethodDescription:
    """A new description for the actor's municipality, filled from the generic model."""
    require(actor, Permission.MANAGE_TOOLBOX)
    title = _required(title, "title", _("Giv metodebeskrivelsen en titel."))
    target_group = _required(target_group, "target_group", _("Skriv, hvem målgruppen er."))
    with transaction.atomic():
        description = MethodDescription.objects.create(
            municipality_id=actor.municipality_id,
            title=title,
            target_group=target_group,
            core_principles="\n".join(generic_method.CORE_PRINCIPLES),
            created_by=actor,
        )
        MethodPhase.objects.bulk_create(
            MethodPhase(
                description=description,
                number=phase.number,
                **{name: getattr(phase, name) for name in PHASE_FIELDS},
            )
            for phase in generic_method.PHASES
        )
        _record(
            description,
            actor,
            _("Oprettede metodebeskrivelsen ud fra den generiske model for målgruppen %(group)s")
            % {"group": target_group},
        )
    return description


def method_update(
    *,
    actor: User,
    description: MethodDescription,
    title: str,
    target_group: str,
    core_principles: str,
    expected_version: int,
) -> MethodDescription:
    """Title, target group and the core principles (one a line), if nobody saved them since
    `expected_version` (else EditConflict)."""
    require(actor, Permission.MANAGE_TOOLBOX, within=description)
    values = {
        "title": _required(title, "title", _("Giv metodebeskrivelsen en titel.")),
        "target_group": _required(target_group, "target_group", _("Skriv, hvem målgruppen er.")),
        "core_principles": "\n".join(
            line.strip() for line in (core_principles or "").splitlines() if line.strip()
        ),
    }
    labels = {
        "title": _("titel"),
        "target_group": _("målgruppe"),
        "core_principles": _("kerneprincipper"),
    }
    changed = [name for name, value in values.items() if getattr(description, name) != value]
    if not changed:
        return description
    with transaction.atomic():
        claim_version(description, expected_version, field="edit_version")
        for name in changed:
            setattr(description, name, values[name])
        description.save(update_fields=changed)
        _record(
            description,
            actor,
            _("Ændrede %(fields)s") % {"fields": ", ".join(str(labels[n]) for n in changed)},
        )
    return description


def method_phase_update(
    *, actor: User, phase: MethodPhase, expected_version: int, **values: str
) -> MethodPhase:
    """One phase's row of the grid: name, time, citizen level, roles and tools, if nobody
    saved the phase since `expected_version` (else EditConflict)."""
    require(actor, Permission.MANAGE_TOOLBOX, within=phase.description)
    unknown = set(values) - set(PHASE_FIELDS)
    if unknown:
        raise TypeError(f"unknown phase fields: {sorted(unknown)}")
    cleaned = {
        name: (values.get(name, getattr(phase, name)) or "").strip() for name in PHASE_FIELDS
    }
    _required(cleaned["name"], "name", _("Giv fasen et navn."))
    changed = [name for name in PHASE_FIELDS if getattr(phase, name) != cleaned[name]]
    if not changed:
        return phase
    labels = {name: str(MethodPhase._meta.get_field(name).verbose_name) for name in PHASE_FIELDS}
    with transaction.atomic():
        claim_version(phase, expected_version)
        for name in changed:
            setattr(phase, name, cleaned[name])
        phase.save(update_fields=changed)
        _record(
            phase.description,
            actor,
            _("Ændrede fase %(number)s: %(fields)s")
            % {
                "number": ROMAN.get(phase.number, phase.number),
                "fields": ", ".join(labels[n] for n in changed),
            },
        )
    return phase


def method_set_shared(*, actor: User, description: MethodDescription, shared: bool) -> bool:
    require(actor, Permission.MANAGE_TOOLBOX, within=description)
    return set_shared(actor=actor, document=description, shared=shared, snapshot=method_snapshot)
