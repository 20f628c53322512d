"""Self-evaluation rounds: opening, answering anonymously, closing.

Answering writes two rows in the same transaction: a participant row (this user has answered
this round, so nobody answers twice) and a submission (the group and the answers). The
submission carries no user and no time, and its key is random; the app never joins the two
rows. Answering is not a change to the document, so it writes no revision: a revision names
who and when. The summary of the revision written when a round closes gives each group's
size as the pages do ("færre end 3 svar" for a small group); its snapshot keeps the exact
counts, which no page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission, Role
from fremdrift.core import clock
from fremdrift.core.texts import length_error
from fremdrift.instruments.models import InstrumentVersion
from fremdrift.instruments.response_services import current_version
from fremdrift.instruments.texts import text_in
from fremdrift.toolbox.models import (
    EvaluationGroup,
    SelfEvaluationParticipant,
    SelfEvaluationRound,
    SelfEvaluationSubmission,
)
from fremdrift.toolbox.revisions import record_revision
from fremdrift.toolbox.selfeval.comparison import USE, count_text
from fremdrift.toolbox.selfeval.selectors import latest_round_before, respondent_counts

ALREADY_ANSWERED = _(
    "Du har allerede svaret på denne runde. Man kan kun svare én gang, og svaret kan ikke "
    "ændres, fordi det ikke er knyttet til dit navn."
)

ROLE_GROUPS: dict[str, str] = {
    Role.MANAGER: EvaluationGroup.LEADERS,
    Role.CASEWORKER: EvaluationGroup.EMPLOYEES,
    Role.CONSULTANT: EvaluationGroup.EMPLOYEES,
}


def group_for(user: User) -> str | None:
    """The group a user answers in, from the role: managers are leaders, caseworkers and
    company consultants employees. None for roles that do not answer."""
    return ROLE_GROUPS.get(user.role)


def snapshot(evaluation: SelfEvaluationRound) -> dict:
    """The round as it now is, for its history (counts per group, never who or what)."""
    version = evaluation.version
    return {
        "title": evaluation.title,
        "opened_on": evaluation.opened_on,
        "closed_at": evaluation.closed_at,
        "version_id": version.pk,
        "version": f"{version.instrument.name} v{version.version}",
        "previous_id": evaluation.previous_id,
        "respondents": respondent_counts(evaluation),
    }


def round_open(
    *,
    actor: User,
    title: str,
    opened_on: dt.date | None = None,
    previous: SelfEvaluationRound | None = None,
    version: InstrumentVersion | None = None,
) -> SelfEvaluationRound:
    """A new round in the actor's municipality with the current self-evaluation version (the
    municipality's own before the product's); compared with the municipality's latest
    earlier round unless `previous` is given."""
    require(actor, Permission.MANAGE_TOOLBOX)
    municipality = actor.municipality
    if municipality is None:
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Giv runden en titel.")})
    version = version or current_version(municipality, USE)
    if version is None:
        raise ValidationError(
            _(
                "Der er ikke udgivet en selvevaluering, som kommunen kan bruge. Bed en "
                "administrator om at lægge den ind under Spørgeskemaer."
            )
        )
    opened_on = opened_on or clock.today()
    if problem := length_error(title, 200):
        raise ValidationError({"title": problem})
    if previous is not None and previous.municipality_id != municipality.pk:
        raise ValidationError(_("Den tidligere runde hører til en anden kommune."))
    with transaction.atomic():
        earlier = previous or latest_round_before(municipality.pk, opened_on)
        evaluation = SelfEvaluationRound.objects.create(
            municipality=municipality,
            title=title,
            created_by=actor,
            version=version,
            opened_on=opened_on,
            previous=earlier,
        )
        record_revision(
            evaluation,
            actor=actor,
            summary=_("Åbnede runden: %(title)s") % {"title": evaluation.title},
            snapshot=snapshot(evaluation),
        )
    return evaluation


def round_close(
    *, actor: User, evaluation: SelfEvaluationRound, closed_at: dt.datetime | None = None
) -> SelfEvaluationRound:
    """Close the round: no more answers, and the comparison is shown."""
    require(actor, Permission.MANAGE_TOOLBOX)
    if evaluation.municipality_id != actor.municipality_id:
        raise PermissionDenied
    with transaction.atomic():
        locked = SelfEvaluationRound.objects.select_for_update().get(pk=evaluation.pk)
        if not locked.is_open:
            raise ValidationError(_("Runden er allerede lukket."))
        locked.closed_at = closed_at or clock.now()
        locked.save(update_fields=["closed_at", "updated_at"])
        counts = respondent_counts(locked)
        record_revision(
            locked,
            actor=actor,
            summary=_("Lukkede runden (ledere: %(leaders)s, medarbejdere: %(employees)s)")
            % {
                "leaders": count_text(counts[EvaluationGroup.LEADERS]),
                "employees": count_text(counts[EvaluationGroup.EMPLOYEES]),
            },
            snapshot=snapshot(locked),
        )
    evaluation.closed_at = locked.closed_at
    evaluation.updated_at = locked.updated_at
    return evaluation


def clean_answers(
    version: InstrumentVersion, raw: Mapping[str, object], language: str = "da"
) -> dict[str, int | str]:
    """Every statement answered with a point on the scale or "ved ikke"; else a Danish error
    per statement (ValidationError with the item keys as fields)."""
    scale = version.definition["scale"]
    specials = set(scale.get("special_answers", []))
    cleaned: dict[str, int | str] = {}
    errors: dict[str, list[str]] = {}
    for item in version.items():
        key = item["key"]
        short = text_in(item["short"], language)[0]
        value = raw.get(key)
        if value is None or value == "":
            errors[key] = [
                _("%(item)s: vælg et tal fra %(low)s til %(high)s eller 'Ved ikke'.")
                % {"item": short, "low": scale["min"], "high": scale["max"]}
            ]
            continue
        if isinstance(value, str) and value in specials:
            cleaned[key] = value
            continue
        try:
            number = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            errors[key] = [
                _("%(item)s: '%(value)s' er ikke et svar på skalaen.")
                % {"item": short, "value": value}
            ]
            continue
        if not scale["min"] <= number <= scale["max"]:
            errors[key] = [
                _("%(item)s: %(value)s ligger uden for skalaen %(low)s-%(high)s.")
                % {"item": short, "value": number, "low": scale["min"], "high": scale["max"]}
            ]
            continue
        cleaned[key] = number
    unknown = sorted(set(raw) - {i["key"] for i in version.items()})
    if unknown:
        errors["__all__"] = [_("Ukendte udsagn: %(keys)s") % {"keys": ", ".join(unknown)}]
    if errors:
        raise ValidationError(errors)
    return cleaned


def answer_submit(
    *, actor: User, evaluation: SelfEvaluationRound, answers: Mapping[str, object]
) -> SelfEvaluationSubmission:
    """Store the actor's answers anonymously: once per user, only while the round is open."""
    require(actor, Permission.VIEW_TOOLBOX, within=evaluation)
    group = group_for(actor)
    if group is None:
        raise PermissionDenied
    cleaned = clean_answers(evaluation.version, answers)
    try:
        with transaction.atomic():
            locked = SelfEvaluationRound.objects.select_for_update().get(pk=evaluation.pk)
            if not locked.is_open:
                raise ValidationError(
                    _("Runden er lukket, så der kan ikke længere svares."), code="closed"
                )
            if SelfEvaluationParticipant.objects.filter(round=locked, user=actor).exists():
                raise ValidationError(ALREADY_ANSWERED, code="answered")
            SelfEvaluationParticipant.objects.create(round=locked, user=actor)
            submission = SelfEvaluationSubmission.objects.create(
                round=locked, group=group, answers=cleaned
            )
    except IntegrityError as error:  # two answers at the same moment: the second loses
        raise ValidationError(ALREADY_ANSWERED, code="answered") from error
    return submission
