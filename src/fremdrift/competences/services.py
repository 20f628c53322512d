"""Writes to the competence card: a new entry, a new assessment of one, and the
assessments a placement follow-up brings.

Every write is audited (`Action.UPDATE`, the competence in the details, never the values)
inside `audited_atomic()`. An entry is never edited: a new judgement is a new assessment,
so the card keeps its history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.scoping import refuse_if_anonymised
from fremdrift.audit.models import Action
from fremdrift.audit.services import OutsideActor, audit_record, audited_atomic
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.services import lock_for_write
from fremdrift.competences.access import write_permission
from fremdrift.competences.models import Assessment, Competence
from fremdrift.competences.vocabulary import (
    DATED,
    FOLLOW_UP_KEYS,
    LEVEL_MAX,
    LEVEL_MIN,
    LEVELLED,
    AssessorRole,
    Kind,
    Origin,
)
from fremdrift.core import clock

TITLE_MAX = 200
NAME_MAX = 200
NOTE_MAX = 2000
SOURCE_CARD = "Kompetencekortet"
EARLIEST_YEAR = 1950


@dataclass(frozen=True)
class AssessmentData:
    level: int | None
    assessor_role: str
    assessor_name: str
    assessed_on: dt.date
    note: str = ""


@dataclass(frozen=True)
class EntryData:
    kind: str
    title: str
    assessment: AssessmentData
    key: str = ""
    origin: str = ""
    year_from: int | None = None
    year_to: int | None = None
    note: str = ""


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").strip()


def _check_assessment(kind: str, data: AssessmentData, errors: dict[str, list[str]]) -> None:
    if kind in LEVELLED:
        if data.level is None:
            errors["level"] = [_("Vælg et niveau fra 1 til 5.")]
        elif not LEVEL_MIN <= data.level <= LEVEL_MAX:
            errors["level"] = [_("Niveauet skal være fra 1 til 5.")]
    if data.assessor_role not in AssessorRole.values:
        errors["assessor_role"] = [_("Vælg hvem der har vurderet.")]
    if len(data.assessor_name.strip()) > NAME_MAX:
        errors["assessor_name"] = [_("Skriv højst %(max)s tegn i navnet.") % {"max": NAME_MAX}]
    if data.assessed_on > clock.today():
        errors["assessed_on"] = [_("Datoen for vurderingen kan ikke ligge i fremtiden.")]
    if len(_text(data.note)) > NOTE_MAX:
        errors["note"] = [_("Skriv højst %(max)s tegn i bemærkningen.") % {"max": NOTE_MAX}]


def _check_years(data: EntryData, errors: dict[str, list[str]]) -> None:
    this_year = clock.today().year
    for name in ("year_from", "year_to"):
        year = getattr(data, name)
        if year is not None and not EARLIEST_YEAR <= year <= this_year:
            errors[name] = [
                _("Skriv et årstal fra %(first)s til %(last)s.")
                % {"first": EARLIEST_YEAR, "last": this_year}
            ]
    if (
        data.year_from is not None
        and data.year_to is not None
        and "year_from" not in errors
        and data.year_to < data.year_from
    ):
        errors["year_to"] = [_("Slutåret kan ikke ligge før startåret.")]


def _kind_and_title(data: EntryData, errors: dict[str, list[str]]) -> tuple[str, str]:
    """A follow-up competence brings its own kind and (Danish) name; any other entry has
    the kind and title it was given."""
    if data.key:
        known = FOLLOW_UP_KEYS.get(data.key)
        if known is None:
            errors["key"] = [_("Vælg en kompetence fra listen, eller skriv en selv.")]
            return data.kind, _text(data.title)
        return known[0], _danish_name(data.key)
    if data.kind not in Kind.values:
        errors["kind"] = [_("Vælg hvilken slags kompetence det er.")]
    return data.kind, _text(data.title)


def _clean_entry(data: EntryData) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    kind, title = _kind_and_title(data, errors)
    if not title:
        errors["title"] = [_("Skriv kompetencen, uddannelsen eller jobbet.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("Skriv højst %(max)s tegn.") % {"max": TITLE_MAX}]
    if data.origin and data.origin not in Origin.values:
        errors["origin"] = [_("Vælg fra hjemlandet eller fra Danmark.")]
    if len(_text(data.note)) > NOTE_MAX:
        errors["note"] = [_("Skriv højst %(max)s tegn i bemærkningen.") % {"max": NOTE_MAX}]
    _check_years(data, errors)
    _check_assessment(kind, data.assessment, errors)
    if errors:
        raise ValidationError(errors)
    dated = kind in DATED
    return {
        "kind": kind,
        "key": data.key,
        "title": title,
        "origin": data.origin,
        "year_from": data.year_from if dated else None,
        "year_to": data.year_to if dated else None,
        "note": _text(data.note),
    }


def _danish_name(key: str) -> str:
    # Stored in Danish, as a record reads the same whatever the interface language.
    with translation.override("da"):
        return str(FOLLOW_UP_KEYS[key][1])


def _add_assessment(
    competence: Competence, data: AssessmentData, *, actor: User | None, source: str
) -> Assessment:
    level = data.level if competence.kind in LEVELLED else None
    assessment = Assessment.objects.create(
        municipality_id=competence.municipality_id,
        competence=competence,
        level=level,
        assessor_role=data.assessor_role,
        assessor_name=data.assessor_name.strip(),
        assessed_on=data.assessed_on,
        note=_text(data.note),
        source=source[:200],
        recorded_by=actor,
    )
    # The competence carries the latest judgement; an older one entered late is history.
    if competence.assessed_on is None or data.assessed_on >= competence.assessed_on:
        competence.level = level
        competence.assessed_on = data.assessed_on
        competence.save(update_fields=["level", "assessed_on"])
    return assessment


def competence_add(*, actor: User, citizen: Citizen, data: EntryData) -> Competence:
    """A new line on the card, with its first assessment (who, when, and the level)."""
    require(actor, write_permission(actor), within=citizen)
    values = _clean_entry(data)
    with audited_atomic():
        if data.key:
            # Serialised per citizen, so two writers never make the same follow-up key twice.
            lock_for_write(citizen.pk)
            if citizen.competences.filter(key=data.key).exists():
                raise ValidationError(
                    {
                        "key": _(
                            "Kompetencen står allerede på kortet. Giv den en ny vurdering i stedet."
                        )
                    }
                )
        competence = Competence.objects.create(
            municipality_id=citizen.municipality_id,
            citizen=citizen,
            created_by=actor,
            **values,
        )
        _add_assessment(competence, data.assessment, actor=actor, source=SOURCE_CARD)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            purpose="Kompetencekort: ny kompetence",
            municipality=citizen.municipality,
            citizen=citizen,
            details={"competence": competence.pk, "kind": competence.kind},
        )
    return competence


def assessment_add(*, actor: User, competence: Competence, data: AssessmentData) -> Assessment:
    """A new judgement of a competence on the card; the earlier ones stay as its history."""
    require(actor, write_permission(actor), within=competence)
    errors: dict[str, list[str]] = {}
    _check_assessment(competence.kind, data, errors)
    if errors:
        raise ValidationError(errors)
    with audited_atomic():
        assessment = _add_assessment(competence, data, actor=actor, source=SOURCE_CARD)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            purpose="Kompetencekort: ny vurdering",
            municipality=competence.citizen.municipality,
            citizen=competence.citizen,
            details={"competence": competence.pk, "assessment": assessment.pk},
        )
    return assessment


def record_follow_up_assessments(
    *,
    user: User | None,
    citizen: Citizen,
    scores: Mapping[str, int],
    assessor_role: str,
    assessor_name: str,
    assessed_on: dt.date,
    source: str,
    outside: OutsideActor | None = None,
) -> list[Assessment]:
    """One assessment per scored competence of a placement follow-up, so the next
    placement starts from what this one learned.

    `scores` maps the follow-up's item keys (vocabulary.FOLLOW_UP_KEYS) to a level from 1 to
    5; an unknown key or a level outside the scale is a ValidationError and nothing is
    written. The competence is made the first time a key is scored. `user` is the staff
    member who entered the follow-up, or None when the company's contact person submitted it
    through their link (the caller has checked the link; `outside` names them in the audit
    entry); `assessor_name` is who scored.
    """
    if user is not None:
        require(user, write_permission(user), within=citizen)
    else:
        refuse_if_anonymised(citizen)
    errors: dict[str, list[str]] = {}
    for key, level in scores.items():
        if key not in FOLLOW_UP_KEYS:
            errors.setdefault("scores", []).append(_("Ukendt kompetence: %(key)s") % {"key": key})
        elif not isinstance(level, int) or not LEVEL_MIN <= level <= LEVEL_MAX:
            errors.setdefault("scores", []).append(
                _("Niveauet for %(key)s skal være fra 1 til 5.") % {"key": key}
            )
    if assessor_role not in AssessorRole.values:
        errors["assessor_role"] = [_("Vælg hvem der har vurderet.")]
    if errors:
        raise ValidationError(errors)
    made: list[Assessment] = []
    with audited_atomic():
        lock_for_write(citizen.pk)  # as above: one follow-up competence per key
        existing = {c.key: c for c in citizen.competences.filter(key__in=list(scores))}
        for key in sorted(scores, key=list(FOLLOW_UP_KEYS).index):
            competence = existing.get(key) or Competence.objects.create(
                municipality_id=citizen.municipality_id,
                citizen=citizen,
                kind=FOLLOW_UP_KEYS[key][0],
                key=key,
                title=_danish_name(key),
                created_by=user,
            )
            data = AssessmentData(scores[key], assessor_role, assessor_name[:NAME_MAX], assessed_on)
            made.append(_add_assessment(competence, data, actor=user, source=source))
        if made:
            audit_record(
                actor=user or outside,
                action=Action.UPDATE,
                purpose="Kompetencekort: vurderinger fra opfølgning i praktik",
                municipality=citizen.municipality,
                citizen=citizen,
                details={"assessments": [a.pk for a in made], "keys": sorted(scores)},
            )
    return made
