import datetime as dt
import random

import pytest
from django.db.models import Count

from fremdrift.conversations.models import Conversation, EntryStatus, JournalEntry
from fremdrift.conversations.sections import DEFAULT_SECTIONS
from fremdrift.conversations.selectors import conversations_for_citizen, last_conversation_dates
from fremdrift.core import clock
from fremdrift.demo.conversations import build_demo_conversations
from tests.factories import CitizenFactory, next_cpr

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)


@pytest.fixture
def demo(odense, odense_caseworker, odense_manager):
    rng = random.Random(11)
    citizens = [
        CitizenFactory(
            cpr=next_cpr(dt.date(1985, 1, 1) + dt.timedelta(days=i)),
            municipality=odense,
            takeover_date=TODAY - dt.timedelta(days=rng.randint(0, 4 * 365)),
            interpreter_needed=i % 2 == 0,
            caseworker=odense_caseworker if i % 5 else None,
        )
        for i in range(120)
    ]
    count = build_demo_conversations(
        rng=random.Random(2016),
        citizens=citizens,
        today=TODAY,
        authors_by_municipality={odense.pk: [odense_manager]},
    )
    return citizens, count


def test_every_conversation_has_one_signed_entry_in_the_default_template(demo):
    citizens, count = demo
    assert count == Conversation.objects.count() > len(citizens) * 3
    originals = JournalEntry.objects.filter(corrects__isnull=True)
    assert originals.count() == count
    assert set(JournalEntry.objects.values_list("status", flat=True)) == {EntryStatus.SIGNED}
    titles = [s["title"] for s in DEFAULT_SECTIONS]
    for entry in originals[:50]:
        assert [s["title"] for s in entry.sections] == titles
        assert all(s["text"] and "{" not in s["text"] for s in entry.sections)
        assert entry.signed_at >= entry.created_at
    corrections = JournalEntry.objects.filter(corrects__isnull=False).select_related("corrects")
    assert all(c.conversation_id == c.corrects.conversation_id for c in corrections)
    assert all(c.correction_reason for c in corrections)


def test_dates_follow_the_schedule(demo):
    citizens, _count = demo
    dates = {c.pk: [] for c in citizens}
    for citizen_id, held_on in Conversation.objects.values_list("citizen_id", "held_on"):
        dates[citizen_id].append(held_on)
    full_half_years = 0
    eligible = 0
    for citizen in citizens:
        days = sorted(dates[citizen.pk])
        assert all(citizen.takeover_date <= d <= TODAY and d.weekday() < 5 for d in days)
        if (TODAY - citizen.takeover_date).days > 400:
            eligible += 1
            first_half = [d for d in days if (d - citizen.takeover_date).days < 182]
            full_half_years += len(first_half) >= 4
    # At least four in the first half year, except where one was skipped.
    assert full_half_years >= 0.75 * eligible
    last = last_conversation_dates([c.pk for c in citizens])
    overdue = [c for c in citizens if c.pk in last and (TODAY - last[c.pk]).days > 120]
    assert 0 < len(overdue) < len(citizens) / 3


def test_interpreters_forms_and_authors(demo, odense_caseworker, odense_manager):
    rows = Conversation.objects.values("citizen__interpreter_needed", "interpreter_used")
    rows = rows.annotate(n=Count("id"))
    counts = {(r["citizen__interpreter_needed"], r["interpreter_used"]): r["n"] for r in rows}
    assert counts[(True, True)] > 5 * counts.get((True, False), 0)
    assert counts[(False, False)] > 10 * counts.get((False, True), 0)
    forms = dict(Conversation.objects.values_list("form").annotate(n=Count("id")))
    assert forms["in_person"] > forms["phone"] > 0 and forms["digital"] > 0
    authors = set(Conversation.objects.values_list("held_by_id", flat=True))
    assert authors == {odense_caseworker.pk, odense_manager.pk}
    assert Conversation.objects.filter(participants__contains="tolk").exists()


def test_the_demo_rows_read_back_through_the_selectors(demo, odense_caseworker):
    citizens, _count = demo
    citizen = max(citizens, key=lambda c: TODAY - c.takeover_date)
    listed = conversations_for_citizen(odense_caseworker, citizen)
    assert listed and listed[-1].number_in_year == 1
    entry = listed[0].current_entry()
    assert entry.is_signed and entry.signed_at <= clock.now()
    # New rows after the bulk load get fresh ids (the sequences were moved on).
    extra = Conversation.objects.create(
        municipality_id=citizen.municipality_id,
        citizen=citizen,
        held_on=TODAY,
        form="phone",
        held_by=odense_caseworker,
    )
    assert extra.pk > max(c.pk for c in listed)
