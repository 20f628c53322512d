"""Reads of progression responses, always inside the user's boundary, in a fixed number of
queries however many readings there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.citizens.models import Citizen
from fremdrift.conversations.models import Conversation
from fremdrift.instruments.change import Reading
from fremdrift.instruments.models import Answer, InstrumentVersion, Response

USE = "progression"


def progression_version_ids() -> list[int]:
    """Versions of any progression instrument. Looked up once per request: filtering rows by a
    key inside the version's JSON would parse the whole definition per row (slow on SQLite)."""
    return list(InstrumentVersion.objects.filter(definition__use=USE).values_list("pk", flat=True))


def _responses(user: User, permission: Permission = Permission.VIEW_CITIZEN) -> QuerySet[Response]:
    return (
        scoped_queryset(user, Response, permission)
        .filter(version_id__in=progression_version_ids())
        # Prefetched, not joined: a join would load and parse the large definition once per
        # response; prefetching loads each version once and shares it.
        .prefetch_related(
            "version__instrument", Prefetch("answers", queryset=Answer.objects.order_by("id"))
        )
    )


def conversation_responses(
    user: User, conversation: Conversation, permission: Permission = Permission.VIEW_CITIZEN
) -> dict[str, Response]:
    """The conversation's progression responses by respondent (completed or not)."""
    responses = _responses(user, permission).filter(conversation=conversation)
    return {response.respondent: response for response in responses}


def latest_reading_days(user: User, citizen: Citizen) -> tuple[int, dict[str, Response]]:
    """How many completed readings the citizen has, and the latest per respondent (without
    answers or definitions: the citizen page only links to them)."""
    responses = list(
        scoped_queryset(user, Response, Permission.VIEW_CITIZEN)
        .filter(
            citizen=citizen, version_id__in=progression_version_ids(), completed_at__isnull=False
        )
        .only("respondent", "taken_on", "conversation_id", "carried_from")
        .order_by("taken_on", "id")
    )
    return len(responses), {r.respondent: r for r in responses}


def citizen_responses(user: User, citizen: Citizen) -> list[Response]:
    """The citizen's completed progression responses, oldest first."""
    return list(
        _responses(user)
        .filter(citizen=citizen, completed_at__isnull=False)
        .order_by("taken_on", "id")
    )


def scale_of(version: InstrumentVersion) -> tuple[int, int]:
    scale = version.definition["scale"]
    return scale["min"], scale["max"]


def reading_of(response: Response) -> Reading:
    return Reading(
        citizen_id=response.citizen_id,
        respondent=response.respondent,
        taken_on=response.taken_on,
        response_id=response.pk,
        scale=scale_of(response.version),
        scores={a.item: a.value for a in response.answers.all() if a.value is not None},
    )


@dataclass(frozen=True)
class CitizenFacts:
    caseworker_id: int | None
    team_id: int | None
    takeover_date: dt.date


def municipality_readings(
    user: User, *, respondent: str
) -> tuple[list[Reading], dict[int, CitizenFacts]]:
    """All completed readings from `respondent` in the user's municipality, as plain values,
    with the facts reports group by. Four queries, whatever the size."""
    version_ids = progression_version_ids()
    completed = scoped_queryset(user, Response, Permission.VIEW_CITIZEN).filter(
        version_id__in=version_ids, respondent=respondent, completed_at__isnull=False
    )
    responses = list(completed.values_list("pk", "citizen_id", "taken_on", "version_id"))
    # Subqueries rather than lists of ids: a large municipality has thousands of them.
    versions = {v.pk: scale_of(v) for v in InstrumentVersion.objects.filter(pk__in=version_ids)}
    scores: dict[int, dict[str, int]] = {}
    for response_id, item, value in (
        scoped_queryset(user, Answer, Permission.VIEW_CITIZEN)
        .filter(
            response__version_id__in=version_ids,
            response__respondent=respondent,
            response__completed_at__isnull=False,
            value__isnull=False,
        )
        .values_list("response_id", "item", "value")
    ):
        scores.setdefault(response_id, {})[item] = value
    readings = [
        Reading(citizen, respondent, taken_on, pk, versions[version], scores.get(pk, {}))
        for pk, citizen, taken_on, version in responses
    ]
    facts = {
        pk: CitizenFacts(caseworker, team, takeover)
        for pk, caseworker, team, takeover in scoped_queryset(
            user, Citizen, Permission.VIEW_CITIZEN
        )
        .filter(pk__in=completed.values("citizen_id"))
        .values_list("pk", "caseworker_id", "caseworker__team_id", "takeover_date")
    }
    return readings, facts
