"""Writes to a municipality's journal template (administrators). Re-exported by services.py.

A save makes a new template row and retires the old one, so earlier versions stay readable;
entries already written are never touched, because each keeps its own copy of the titles.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.audit.models import Action
from fremdrift.audit.services import audit_record, audited_atomic
from fremdrift.conversations.models import JournalTemplate
from fremdrift.conversations.sections import (
    MAX_HELP,
    MAX_SECTIONS,
    MAX_TITLE,
    Section,
    section_key,
)
from fremdrift.core.versioning import EditConflict

_KEY_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


def _clean(sections: list[dict[str, str]]) -> list[Section]:
    if not sections:
        raise ValidationError({"sections": _("Skabelonen skal have mindst ét afsnit.")})
    if len(sections) > MAX_SECTIONS:
        raise ValidationError(
            {"sections": _("Skabelonen kan højst have %(max)s afsnit.") % {"max": MAX_SECTIONS}}
        )
    cleaned: list[Section] = []
    titles: set[str] = set()
    keys: set[str] = set()
    for number, raw in enumerate(sections, start=1):
        title = (raw.get("title") or "").strip()
        help_text = (raw.get("help") or "").strip()
        where = {"number": number}
        if not title:
            raise ValidationError({"sections": _("Afsnit %(number)s mangler en titel.") % where})
        if len(title) > MAX_TITLE or len(help_text) > MAX_HELP:
            raise ValidationError(
                {
                    "sections": _(
                        "Afsnit %(number)s er for langt: højst %(title)s tegn i titlen og "
                        "%(help)s i hjælpeteksten."
                    )
                    % {**where, "title": MAX_TITLE, "help": MAX_HELP}
                }
            )
        if title.casefold() in titles:
            raise ValidationError(
                {"sections": _("Titlen »%(title)s« står der to gange.") % {"title": title}}
            )
        titles.add(title.casefold())
        key = raw.get("key") or ""
        if not key or key in keys or not set(key) <= _KEY_CHARS or len(key) > 50:
            key = section_key(title, keys)
        keys.add(key)
        cleaned.append(Section(key=key, title=title, help=help_text))
    return cleaned


def journal_template_save(
    *, actor: User, sections: list[dict[str, str]], expected_version: int
) -> JournalTemplate:
    """Make `sections` ({"title", "help", optional "key"}) the municipality's template, if
    the template is still the one the editor loaded (`sections.template_version`); else
    EditConflict with the template in use now."""
    require(actor, Permission.MANAGE_USERS)
    cleaned = _clean(sections)
    municipality = actor.municipality
    with audited_atomic():
        # Locking the active row makes a concurrent save wait rather than break the
        # one-active-template constraint.
        current = list(
            JournalTemplate.objects.select_for_update().filter(
                municipality=municipality, active=True
            )
        )
        # A save makes a new row, so the active row's id is the template's version.
        in_use = current[0].pk if current else 0
        if in_use != expected_version:
            raise EditConflict(current[0] if current else None, in_use)
        JournalTemplate.objects.filter(pk__in=[t.pk for t in current]).update(active=False)
        template = JournalTemplate.objects.create(
            municipality=municipality,
            name=f"Journalskabelon, {municipality.name}",
            sections=list(cleaned),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            purpose="Ændring af kommunens journalskabelon",
            municipality=municipality,
            details={"template": template.pk, "sections": len(cleaned)},
        )
    return template


def journal_template_reset(*, actor: User) -> None:
    """Go back to Fremdrift's default template (the municipality's versions are kept)."""
    require(actor, Permission.MANAGE_USERS)
    with audited_atomic():
        retired = JournalTemplate.objects.filter(
            municipality_id=actor.municipality_id, active=True
        ).update(active=False)
        if retired:
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                purpose="Journalskabelon sat tilbage til standard",
                municipality=actor.municipality,
            )
