"""Progression readings follow a citizen who moves (issue 17, item 4).

Odense took two readings at conversations and began a third. When Holbæk takes the case
over, the two completed readings follow as Holbæk rows with the same answers and dates,
naming Odense instead of a conversation; the unfinished one, the conversations and Odense's
rows stay as they were.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.instruments.change import progress_of
from fremdrift.instruments.models import Answer, Response
from fremdrift.progression.selectors import municipality_readings
from tests.citizens import test_moving
from tests.citizens.test_moving import NEW, cpr_of, record_move, take_over
from tests.citizens.test_views import form_data
from tests.conftest import login
from tests.factories import MunicipalityFactory, UserFactory
from tests.progression.helpers import all_items, reading

pytestmark = pytest.mark.django_db

# The moving tests' day and case (a plan, periods and competences).
_on_the_cases_day = test_moving._on_the_cases_day
odense_case = test_moving.odense_case


@pytest.fixture
def odense_readings(odense_case, odense_caseworker) -> list[Response]:
    first = reading(odense_case, odense_caseworker, dt.date(2026, 4, 1), "caseworker", all_items(3))
    second = reading(
        odense_case,
        odense_caseworker,
        dt.date(2026, 9, 1),
        "caseworker",
        {**all_items(6), "health": "dont_know"},
    )
    citizen = reading(
        odense_case, odense_caseworker, dt.date(2026, 9, 1), "citizen", all_items(7, "citizen"),
        conversation=second.conversation,
    )  # fmt: skip
    unfinished = reading(
        odense_case, odense_caseworker, dt.date(2026, 10, 20), "caseworker", {"danish": 8},
        complete=False,
    )  # fmt: skip
    return [first, second, citizen, unfinished]


def answers_of(response: Response) -> dict[str, object]:
    return {a.item: a.value if a.value is not None else a.special for a in response.answers.all()}


def odense_rows(citizen) -> list[tuple]:
    return list(
        Response.objects.filter(citizen=citizen).values_list(
            "pk", "conversation_id", "carried_from", "updated_at", "completed_at"
        )
    ) + list(Answer.objects.filter(response__citizen=citizen).values_list("pk", "value"))


def test_the_offer_counts_the_completed_readings(
    odense_caseworker, holbaek_caseworker, odense_case, odense_readings
):
    record_move(odense_caseworker, odense_case)
    body = login(holbaek_caseworker).post(NEW, form_data(cpr=cpr_of(odense_case))).content
    assert "3 progressionsmålinger med svar og dato" in body.decode()


def test_completed_readings_follow_with_their_answers_and_odense_keeps_its_own(
    odense_caseworker, holbaek_caseworker, odense_case, odense_readings
):
    record_move(odense_caseworker, odense_case)
    before = odense_rows(odense_case)
    new = take_over(holbaek_caseworker, odense_case)
    assert odense_rows(odense_case) == before
    copies = list(Response.objects.filter(citizen=new).order_by("taken_on", "respondent"))
    originals = sorted(odense_readings[:3], key=lambda r: (r.taken_on, r.respondent))
    assert [(c.taken_on, c.respondent, answers_of(c)) for c in copies] == [
        (o.taken_on, o.respondent, answers_of(o)) for o in originals
    ]
    for copy in copies:
        assert copy.municipality == new.municipality
        assert copy.conversation_id is None and copy.placement_id is None
        assert copy.carried_from == "Odense"
        assert copy.completed_at is not None
        assert {a.municipality_id for a in copy.answers.all()} == {new.municipality_id}
    here = AuditEntry.objects.get(action=Action.TAKEOVER, municipality=new.municipality)
    assert here.details["copied"]["readings"] == 3


def test_holbaek_sees_the_progress_since_odense_without_a_link_to_its_conversations(
    odense_caseworker, holbaek_caseworker, odense_case, odense_readings
):
    record_move(odense_caseworker, odense_case)
    new = take_over(holbaek_caseworker, odense_case)
    client = login(holbaek_caseworker)
    star = reverse("progression:citizen", kwargs={"citizen_pk": new.pk})
    page = client.get(star).content.decode()
    assert page.count('data-testid="carried-reading"') == 3
    assert "(målt i Odense)" in page
    assert "3 målinger blev taget i Odense, før sagen blev overtaget" in page
    for original in odense_readings:
        url = reverse("conversations:detail", kwargs={"pk": original.conversation_id})
        assert url not in page
        assert client.get(url).status_code == 404
    detail = client.get(reverse("citizens:detail", kwargs={"pk": new.pk})).content.decode()
    assert "Sagsbehandlerens seneste måling" in detail and "(målt i Odense)" in detail
    # Holbæk's reports measure the change from Odense's first reading to its latest.
    readings, facts = municipality_readings(holbaek_caseworker, respondent="caseworker")
    [progress] = progress_of(readings)
    assert progress.citizen_id == new.pk and set(facts) == {new.pk}
    assert (progress.first.taken_on, progress.latest.taken_on) == (
        dt.date(2026, 4, 1),
        dt.date(2026, 9, 1),
    )
    assert (progress.first.scores["danish"], progress.latest.scores["danish"]) == (3, 6)


def test_a_second_move_keeps_the_name_of_the_municipality_where_it_was_taken(
    odense_caseworker, holbaek_caseworker, odense_case, odense_readings
):
    record_move(odense_caseworker, odense_case)
    new = take_over(holbaek_caseworker, odense_case)
    record_move(holbaek_caseworker, new, on=dt.date(2026, 11, 10))
    aarhus = UserFactory(
        username="aarhus-sb", municipality=MunicipalityFactory(code="751", name="Aarhus")
    )
    third = take_over(aarhus, new, day=dt.date(2026, 11, 12))
    assert set(Response.objects.filter(citizen=third).values_list("carried_from", flat=True)) == {
        "Odense"
    }
