"""The progression parts of other pages: the conversation page and the citizen page."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.citizens.models import Citizen
from fremdrift.conversations.models import Conversation
from fremdrift.instruments.models import Response
from fremdrift.instruments.response_services import current_version
from fremdrift.instruments.texts import text_in
from fremdrift.progression.selectors import USE, conversation_responses, latest_reading_days


@dataclass
class RespondentStatus:
    key: str
    name: str
    response: Response | None
    answered: int
    total: int


def conversation_section(user: User, conversation: Conversation) -> dict[str, object] | None:
    """Per respondent: started, how far, completed. None when no instrument is published."""
    responses = conversation_responses(user, conversation)
    version = current_version(conversation.municipality, USE)
    if version is None and not responses:
        return None
    language = translation.get_language() or "da"
    statuses = []
    for respondent in (version or next(iter(responses.values())).version).definition["respondents"]:
        key = respondent["key"]
        response = responses.get(key)
        used = response.version if response else version
        statuses.append(
            RespondentStatus(
                key=key,
                name=text_in(respondent["name"], language)[0],
                response=response,
                answered=len(response.answers.all()) if response else 0,
                total=len(used.items_for(key)) if used else 0,
            )
        )
    return {
        "statuses": statuses,
        "can_edit": user.can(Permission.EDIT_CITIZEN),
        "citizen_language": conversation.citizen.preferred_language or "da",
    }


def citizen_section(user: User, citizen: Citizen) -> dict[str, object]:
    """For the citizen page: how many readings, and the latest date per respondent."""
    count, latest = latest_reading_days(user, citizen)
    return {"count": count, "latest": latest}
