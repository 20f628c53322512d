"""No lost updates on a reading: a finished progression reading can be answered again, so
two caseworkers may edit the same one. Each save of answers claims the response's
`edit_version` (instruments/response_services.py); the questionnaire page carries the
version it was loaded with (0: nothing saved yet) and shows a colleague's save as a
conflict, with the chosen answers kept."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from fremdrift.audit.models import AuditEntry
from fremdrift.core.versioning import EditConflict
from fremdrift.instruments.models import Response
from fremdrift.instruments.response_services import response_save
from tests.conftest import login
from tests.conversations.helpers import make_conversation
from tests.progression.helpers import all_items, progression_version, reading

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 4, 1)
CONFLICT = "Der er gemt en ændring af en anden"


@pytest.fixture
def conversation(odense_citizen, odense_caseworker):
    progression_version(odense_citizen.municipality)
    return make_conversation(odense_citizen, odense_caseworker, DAY)


def form_url(conversation, respondent="caseworker"):
    return reverse("progression:form", args=[conversation.pk, respondent])


def answers_of(response: Response) -> dict:
    return {a.item: a.value or a.special for a in response.answers.all()}


def hidden_version(html: str) -> str:
    found = re.search(r'type="hidden" name="version" value="(\d+)"', html)
    assert found
    return found.group(1)


def test_a_save_from_a_stale_version_is_a_conflict_and_saves_nothing(
    odense_citizen, odense_caseworker, odense_manager, conversation
):
    saved = reading(
        odense_citizen,
        odense_caseworker,
        DAY,
        "caseworker",
        all_items(5),
        conversation=conversation,
    )
    assert saved.edit_version == 1
    response_save(actor=odense_manager, response=saved, answers={"danish": 8}, expected_version=1)
    stale = Response.objects.get(pk=saved.pk)
    stale.edit_version = 1  # as the second caseworker loaded it
    with pytest.raises(EditConflict) as raised:
        response_save(
            actor=odense_caseworker,
            response=stale,
            answers={"danish": 3, "health": 2},
            agreed_together=True,
            expected_version=1,
        )
    assert raised.value.version == 2 and answers_of(raised.value.current)["danish"] == 8
    now = Response.objects.get(pk=saved.pk)
    assert (now.edit_version, now.agreed_together) == (2, False)
    assert answers_of(now) == all_items(5) | {"danish": 8}


def test_the_citizens_own_steps_raise_the_version_without_a_check(
    odense_citizen, odense_caseworker, conversation
):
    saved = reading(
        odense_citizen,
        odense_caseworker,
        DAY,
        "citizen",
        all_items(5, "citizen"),
        conversation=conversation,
    )
    response_save(actor=odense_caseworker, response=saved, answers={"danish": 6})
    assert Response.objects.get(pk=saved.pk).edit_version == 2
    # A form loaded before that step is stale.
    with pytest.raises(EditConflict):
        response_save(
            actor=odense_caseworker, response=saved, answers={"danish": 2}, expected_version=1
        )


def test_the_form_shows_a_colleagues_answers_and_keeps_the_chosen_ones(
    odense_citizen, odense_caseworker, odense_manager, conversation
):
    client = login(odense_caseworker)
    page = client.get(form_url(conversation)).content.decode()
    assert hidden_version(page) == "0"  # no reading saved yet
    # The manager saves the first reading meanwhile.
    manager = login(odense_manager)
    data = {f"svar-{k}": v for k, v in all_items(5).items()} | {"version": "0"}
    assert manager.post(form_url(conversation), data).status_code == 302
    reads_before = AuditEntry.objects.filter(
        citizen=odense_citizen, action="view", purpose="Udfyldning af progressionsmåling"
    ).count()

    mine = {f"svar-{k}": v for k, v in all_items(5).items()} | {
        "svar-danish": "7",
        "svar-health": "dont_know",
        "aftalt": "ja",
        "version": "0",
    }
    response = client.post(form_url(conversation), mine)
    body = response.content.decode()
    assert response.status_code == 200 and CONFLICT in body
    table = body.split('class="table table--compact conflict-table"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"1\. [^<]+</th><td>5</td><td>7</td>", table)
    assert re.search(r"</th><td>5</td><td>Ved ikke</td>", table)
    assert "<td>Nej</td><td>Ja</td>" in table  # agreed together
    assert "belief" not in table and table.count("<tr>") == 4  # head and the three differing
    # The chosen answers stay in the form, with the newer version.
    assert re.search(r'value="7" aria-describedby="svar-danish-stage-4" checked', body)
    assert re.search(
        r'id="svar-health-dont_know" name="svar-health" value="dont_know" checked', body
    )
    assert hidden_version(body) == "1"
    saved = Response.objects.get(conversation=conversation, respondent="caseworker")
    assert answers_of(saved)["danish"] == 5 and not saved.agreed_together
    # The conflict page shows the citizen's saved answers: a read, recorded.
    assert AuditEntry.objects.filter(
        citizen=odense_citizen, action="view", purpose="Udfyldning af progressionsmåling"
    ).count() == (reads_before + 1)

    mine["version"] = "1"
    assert client.post(form_url(conversation), mine).status_code == 302
    saved = Response.objects.get(pk=saved.pk)
    assert answers_of(saved)["danish"] == 7 and answers_of(saved)["health"] == "dont_know"
    assert saved.agreed_together and saved.edit_version == 2


def test_a_post_without_its_version_is_refused(odense_caseworker, conversation):
    data = {f"svar-{k}": v for k, v in all_items(5).items()}
    response = login(odense_caseworker).post(form_url(conversation), data)
    assert response.status_code == 400
    assert not Response.objects.filter(conversation=conversation).exists()
