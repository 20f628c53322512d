"""The worklist leaves out agreed follow-up dates already held on time
(companies.follow_up_timing), in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fremdrift.companies.agreement_selectors import due_agreement_follow_ups
from tests.companies.factories import CompanyFactory, agreement_for
from tests.companies.follow_up_helpers import follow_up, placement_with_contact
from tests.conftest import login

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 18)  # tests/conftest.py's clock


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def due(user) -> list[dt.date]:
    return [row.date for row in due_agreement_follow_ups(user, user, today=TODAY, soon_days=14)]


def test_a_date_held_on_time_leaves_the_worklist(odense_citizen, odense_consultant):
    period = placement_with_contact(odense_citizen, odense_consultant)
    agreement_for(period, odense_consultant, follow_ups=(days(-20), days(-3), days(5)))
    assert due(odense_consultant) == [days(-20), days(-3), days(5)]
    follow_up(period, odense_consultant, 3, on=days(-2))  # one day late: held
    assert due(odense_consultant) == [days(-20), days(5)]
    # Today is outside the window of the date 20 days ago: today's follow-up holds the
    # date in five days (five days early), and the old date stays overdue.
    follow_up(period, odense_consultant, 3, on=TODAY)
    assert due(odense_consultant) == [days(-20)]


def test_a_follow_up_counts_for_one_date_only(odense_citizen, odense_consultant):
    period = placement_with_contact(odense_citizen, odense_consultant)
    agreement_for(period, odense_consultant, follow_ups=(days(-4), days(2)))
    follow_up(period, odense_consultant, 3, on=days(-1))
    assert due(odense_consultant) == [days(2)]


def test_a_follow_up_on_another_placement_holds_nothing(odense_citizen, odense_consultant):
    period = placement_with_contact(odense_citizen, odense_consultant)
    other = placement_with_contact(odense_citizen, odense_consultant)
    agreement_for(period, odense_consultant, follow_ups=(days(1),))
    follow_up(other, odense_consultant, 3, on=TODAY)
    assert due(odense_consultant) == [days(1)]


def test_the_worklist_asks_the_same_number_of_queries_for_one_or_many_placements(
    odense, odense_citizen, odense_consultant
):
    company = CompanyFactory(municipality=odense, consultant=odense_consultant)

    def add_placement():
        period = placement_with_contact(odense_citizen, odense_consultant, company=company)
        agreement_for(period, odense_consultant, follow_ups=(days(-3), days(4)))
        follow_up(period, odense_consultant, 3, on=days(-3))

    add_placement()
    with CaptureQueriesContext(connection) as one:
        assert len(due(odense_consultant)) == 1
    for _ in range(4):
        add_placement()
    with CaptureQueriesContext(connection) as many:
        assert len(due(odense_consultant)) == 5
    assert len(many) == len(one) == 3


def test_the_placement_page_marks_the_dates_held(odense_citizen, odense_consultant):
    period = placement_with_contact(odense_citizen, odense_consultant)
    agreement_for(period, odense_consultant, follow_ups=(days(-10), days(-3)))
    follow_up(period, odense_consultant, 3, on=days(-2))
    body = login(odense_consultant).get(reverse("companies:placement", args=[period.pk]))
    text = body.content.decode()
    assert body.status_code == 200 and text.count('data-testid="held"') == 1
    held = re.search(r"(\d\d\.\d\d\.\d{4}) <span[^>]*data-testid=\"held\"", text).group(1)
    assert held == days(-3).strftime("%d.%m.%Y")
