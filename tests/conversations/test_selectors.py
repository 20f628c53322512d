import datetime as dt
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fremdrift.conversations.selectors import (
    citizen_section,
    conversations_for_citizen,
    last_conversation_dates,
    number_in_year,
)
from fremdrift.core import clock
from tests.conversations.helpers import make_conversation
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
TODAY = clock.today()


def test_number_in_year_counts_from_each_years_first_conversation(
    odense_caseworker, odense_citizen
):
    odense_citizen.takeover_date = dt.date(2024, 11, 1)
    days = [dt.date(2024, 11, 5), dt.date(2024, 12, 20), dt.date(2025, 2, 1), dt.date(2025, 2, 1)]
    made = [make_conversation(odense_citizen, odense_caseworker, d) for d in days]
    # Registered late: an earlier date takes its place in the order, the others move up.
    late = make_conversation(odense_citizen, odense_caseworker, dt.date(2025, 1, 10))
    numbers = {
        c.pk: c.number_in_year for c in conversations_for_citizen(odense_caseworker, odense_citizen)
    }
    assert numbers == {made[0].pk: 1, made[1].pk: 2, late.pk: 1, made[2].pk: 2, made[3].pk: 3}
    assert all(number_in_year(c) == numbers[c.pk] for c in [*made, late])


def test_other_citizens_do_not_change_the_numbers(odense_caseworker, odense_citizen, odense):
    other = CitizenFactory(municipality=odense)
    make_conversation(other, odense_caseworker, TODAY - dt.timedelta(days=3))
    mine = make_conversation(odense_citizen, odense_caseworker, TODAY)
    assert conversations_for_citizen(odense_caseworker, odense_citizen)[0].number_in_year == 1
    assert number_in_year(mine) == 1


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    days=st.lists(
        st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 6, 30)),
        min_size=1,
        max_size=12,
    )
)
def test_numbers_within_a_year_are_exactly_one_to_n_in_date_order(odense_caseworker, odense, days):
    citizen = CitizenFactory(municipality=odense, takeover_date=dt.date(2024, 1, 1))
    for day in days:
        make_conversation(citizen, odense_caseworker, day)
    listed = conversations_for_citizen(odense_caseworker, citizen)
    by_year = defaultdict(list)
    for conversation in listed:
        by_year[conversation.held_on.year].append(conversation)
    for conversations in by_year.values():
        ordered = sorted(conversations, key=lambda c: (c.held_on, c.pk))
        assert [c.number_in_year for c in ordered] == list(range(1, len(ordered) + 1))
    assert len(listed) == len(days)
    assert [c.held_on for c in listed] == sorted(days, reverse=True)


def test_conversations_for_citizen_costs_the_same_for_3_and_30(odense_caseworker, odense_citizen):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for conversation in conversations_for_citizen(odense_caseworker, odense_citizen):
                conversation.current_entry().signed_by.get_full_name()
                conversation.held_by.get_full_name()
        return len(captured)

    for i in range(3):
        make_conversation(odense_citizen, odense_caseworker, TODAY - dt.timedelta(days=i))
    few = queries()
    for i in range(27):
        make_conversation(odense_citizen, odense_caseworker, TODAY - dt.timedelta(days=10 + i))
    assert queries() == few == 2


def test_selectors_see_nothing_outside_the_boundary(
    holbaek_caseworker, odense_consultant, odense_admin, odense_caseworker, odense_citizen
):
    make_conversation(odense_citizen, odense_caseworker, TODAY)
    assert len(conversations_for_citizen(odense_consultant, odense_citizen)) == 1
    for outsider in (holbaek_caseworker, odense_admin):
        assert conversations_for_citizen(outsider, odense_citizen) == []
        assert citizen_section(outsider, odense_citizen)["total"] == 0


def test_last_conversation_dates_in_one_query(odense_caseworker, odense_citizen, odense):
    other = CitizenFactory(municipality=odense)
    silent = CitizenFactory(municipality=odense)
    make_conversation(odense_citizen, odense_caseworker, TODAY - dt.timedelta(days=40))
    make_conversation(odense_citizen, odense_caseworker, TODAY - dt.timedelta(days=2))
    make_conversation(other, odense_caseworker, TODAY - dt.timedelta(days=9))
    ids = [odense_citizen.pk, other.pk, silent.pk]
    with CaptureQueriesContext(connection) as captured:
        found = last_conversation_dates(ids)
    assert len(captured) == 1
    assert found == {
        odense_citizen.pk: TODAY - dt.timedelta(days=2),
        other.pk: TODAY - dt.timedelta(days=9),
    }
    assert last_conversation_dates([]) == {}


def test_citizen_section(odense_caseworker, odense_consultant, odense_citizen):
    odense_citizen.takeover_date = dt.date(TODAY.year - 1, 6, 1)
    days = [dt.date(TODAY.year - 1, 7, 1)] + [TODAY - dt.timedelta(days=i) for i in range(4)]
    for day in days:
        make_conversation(odense_citizen, odense_caseworker, day)
    with CaptureQueriesContext(connection) as captured:
        section = citizen_section(odense_caseworker, odense_citizen)
        [c.current_entry() for c in section["recent"]]
    assert len(captured) == 3
    assert section["total"] == 5
    assert section["this_year"] == len([d for d in days if d.year == TODAY.year])
    assert [c.held_on for c in section["recent"]] == [
        TODAY - dt.timedelta(days=i) for i in range(3)
    ]
    assert section["last_held_on"] == TODAY
    assert section["can_record"] is True
    assert section["new_url"] == f"/samtaler/borger/{odense_citizen.pk}/ny/"
    assert citizen_section(odense_consultant, odense_citizen)["can_record"] is False
