"""Recording responses: the one place answers are checked against their version and saved.

Every answer is checked against the exact version the response belongs to: the item must
exist and be asked of this respondent, a value must lie on the scale, a special answer must
be one the scale offers. Nothing is saved unless every answer given is valid, and each save
is written to the audit log with the items it touched.

A finished reading can be answered again, so two caseworkers may edit the same response:
each save of answers claims the response's `edit_version` (core.versioning), and the
caseworker's form sends the version it loaded (0: no answer saved yet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import F, Q

from fremdrift.accounts.models import Municipality, User
from fremdrift.audit.models import Action
from fremdrift.audit.services import OutsideActor, audit_record, audited_atomic
from fremdrift.conversations.models import Conversation
from fremdrift.core import clock
from fremdrift.core.numbers import parse_whole_number
from fremdrift.core.versioning import claim_version
from fremdrift.instruments.models import (
    Answer,
    InstrumentVersion,
    Response,
    Special,
    VersionStatus,
)

if TYPE_CHECKING:
    from fremdrift.companies.models import Placement

# What a form posts for one item: a number on the scale, a special answer's key, or nothing.
RawAnswer = int | str | None


def current_version(municipality: Municipality, use: str) -> InstrumentVersion | None:
    """The version new responses use: the municipality's own instrument for this use when it
    has published one, else the product's own; the highest published version."""
    candidates = (
        InstrumentVersion.objects.filter(status=VersionStatus.PUBLISHED, definition__use=use)
        .filter(
            Q(instrument__municipality_id=municipality.pk)
            | Q(instrument__municipality__isnull=True)
        )
        .select_related("instrument")
        .order_by("-version")
    )
    versions = list(candidates)
    own = [v for v in versions if v.instrument.municipality_id == municipality.pk]
    return (own or versions or [None])[0]


def parse_answer(version: InstrumentVersion, item: dict, raw: RawAnswer) -> tuple[int | None, str]:
    """(value, special) for a raw answer; (None, "") for no answer. Danish errors."""
    if raw is None or raw == "":
        return None, ""
    scale = version.definition["scale"]
    value = raw if isinstance(raw, int) else parse_whole_number(raw)
    if value is None:
        if isinstance(raw, str) and raw in scale.get("special_answers", []):
            return None, Special(raw).value
        raise ValidationError(
            f"{item['short']['da']}: '{str(raw)[:40]}' er ikke et svar, skemaet kender",
            code="unknown",
        )
    if not scale["min"] <= value <= scale["max"]:
        raise ValidationError(
            f"{item['short']['da']}: {value} ligger uden for skalaen {scale['min']}-{scale['max']}",
            code="out_of_scale",
        )
    return value, ""


def response_start(
    *,
    actor: User,
    conversation: Conversation,
    version: InstrumentVersion,
    respondent: str,
    language: str = "da",
) -> Response:
    """The conversation's response from this respondent, created when there is none yet."""
    if not version.is_published:
        raise ValidationError("Kun en udgivet version af et spørgeskema kan besvares.")
    if not version.has_respondent(respondent):
        raise ValidationError(f"Spørgeskemaet har ingen besvarer '{respondent}'.")
    language = version.language_or_danish(language)
    with audited_atomic():
        response, created = Response.objects.get_or_create(
            conversation=conversation,
            instrument_id=version.instrument_id,
            respondent=respondent,
            defaults={
                "municipality_id": conversation.municipality_id,
                "version": version,
                "citizen_id": conversation.citizen_id,
                "taken_on": conversation.held_on,
                "language": language,
                "recorded_by": actor,
                # Nothing answered yet: a colleague who loaded the empty form may save first.
                "edit_version": 0,
            },
        )
        if created:
            _audit(actor, response, Action.CREATE, "Progressionsmåling påbegyndt", [])
        elif response.language != language:
            response.language = language
            response.save(update_fields=["language", "updated_at"])
    return response


def response_save(
    *,
    actor: User,
    response: Response,
    answers: Mapping[str, RawAnswer],
    agreed_together: bool | None = None,
    complete: bool = False,
    expected_version: int | None = None,
) -> Response:
    """Save the given items' answers (an empty answer removes one); all or nothing.

    Items not in `answers` are left as they are, so the citizen's form can save one item
    per step. `expected_version` is the response's `edit_version` the form was loaded with:
    a colleague's save since raises EditConflict with the response as saved now (its
    answers prefetched) and nothing is saved. None (the citizen's own steps, saved one
    question at a time on the screen they sit at) checks nothing but still raises the
    version, so a form loaded before it is stale.
    """
    parsed = _parsed_answers(response, answers)
    with audited_atomic():
        _claim(response, expected_version)
        changed = _store_answers(response, parsed)
        fields = ["updated_at"]
        if agreed_together is not None and agreed_together != response.agreed_together:
            response.agreed_together = agreed_together
            fields.append("agreed_together")
            changed.append("agreed_together")
        if complete and response.completed_at is None:
            response.completed_at = clock.now()
            fields.append("completed_at")
            changed.append("completed_at")
        response.save(update_fields=fields)
        if changed:
            _audit(actor, response, Action.UPDATE, "Progressionsmåling besvaret", changed)
    return response


def placement_response_create(
    *,
    actor: User | OutsideActor,
    recorded_by: User,
    placement: Placement,
    version: InstrumentVersion,
    respondent: str,
    answers: Mapping[str, RawAnswer],
    taken_on: dt.date,
    language: str = "da",
) -> Response:
    """A completed follow-up about a placement, every item answered at once (a point on the
    scale or a special answer); all or nothing. The citizen is the placement's, so the
    response is scoped and erased with the citizen's other readings.

    `recorded_by` is the staff member behind it: the consultant, or for a contact person's
    answer the consultant who sent the link; `actor` is who answered, for the audit log."""
    if not version.is_published:
        raise ValidationError("Kun en udgivet version af et spørgeskema kan besvares.")
    if not version.has_respondent(respondent):
        raise ValidationError(f"Spørgeskemaet har ingen besvarer '{respondent}'.")
    response = Response(
        municipality_id=placement.municipality_id,
        version=version,
        instrument_id=version.instrument_id,
        citizen_id=placement.period.citizen_id,
        placement=placement,
        respondent=respondent,
        taken_on=taken_on,
        language=version.language_or_danish(language),
        recorded_by=recorded_by,
        completed_at=clock.now(),
    )
    parsed = _parsed_answers(response, answers)
    missing = [
        item
        for item in version.items_for(respondent)
        if parsed.get(item["key"], (None, "")) == (None, "")
    ]
    if missing:
        raise ValidationError(
            {
                item["key"]: ValidationError(f"{item['short']['da']}: vælg et svar")
                for item in missing
            }
        )
    with audited_atomic():
        response.save()
        _store_answers(response, parsed)
        _audit(actor, response, Action.CREATE, "Opfølgning på praktikforløb besvaret", list(parsed))
    return response


def _claim(response: Response, expected_version: int | None) -> None:
    if expected_version is None:
        Response.objects.filter(pk=response.pk).update(edit_version=F("edit_version") + 1)
        response.refresh_from_db(fields=["edit_version"])
        return
    claim_version(
        response,
        expected_version,
        field="edit_version",
        reload=Response.objects.select_related("version").prefetch_related("answers"),
    )


def _parsed_answers(
    response: Response, answers: Mapping[str, RawAnswer]
) -> dict[str, tuple[int | None, str]]:
    """Every answer checked against its item in the response's exact version, or one
    ValidationError keyed by item listing every problem."""
    version = response.version
    items = {item["key"]: item for item in version.items_for(response.respondent)}
    parsed: dict[str, tuple[int | None, str]] = {}
    errors: dict[str, list[ValidationError]] = {}
    for key, raw in answers.items():
        if key not in items:
            errors.setdefault(key, []).append(
                ValidationError(f"'{key}' er ikke et spørgsmål til denne besvarer")
            )
            continue
        try:
            parsed[key] = parse_answer(version, items[key], raw)
        except ValidationError as error:
            errors.setdefault(key, []).append(error)
    if errors:
        raise ValidationError(errors)
    return parsed


def _store_answers(response: Response, parsed: Mapping[str, tuple[int | None, str]]) -> list[str]:
    """Create, change or remove the answers; the items that changed."""
    existing = {a.item: a for a in response.answers.all()}
    changed: list[str] = []
    for key, (value, special) in parsed.items():
        answer = existing.get(key)
        if value is None and not special:
            if answer is not None:
                answer.delete()
                changed.append(key)
            continue
        if answer is None:
            Answer.objects.create(
                municipality_id=response.municipality_id,
                response=response,
                item=key,
                value=value,
                special=special,
            )
            changed.append(key)
        elif (answer.value, answer.special) != (value, special):
            answer.value, answer.special = value, special
            answer.save(update_fields=["value", "special"])
            changed.append(key)
    return changed


def _audit(
    actor: User | OutsideActor, response: Response, action: Action, purpose: str, fields: list
) -> None:
    audit_record(
        actor=actor,
        action=action,
        purpose=purpose,
        municipality=response.citizen.municipality,
        citizen=response.citizen,
        details={
            "response": response.pk,
            "instrument": response.instrument_id,
            "version": response.version.version,
            "respondent": response.respondent,
            "fields": fields,
            **({"placement": response.placement_id} if response.placement_id else {}),
        },
    )
