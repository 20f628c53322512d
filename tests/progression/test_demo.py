"""Demo readings: plausible progression at the demo conversations."""

import datetime as dt
import random
from itertools import pairwise

import pytest

from fremdrift.demo.conversations import build_demo_conversations
from fremdrift.demo.progression import MIN_DAYS_BETWEEN, build_demo_readings
from fremdrift.instruments.change import progress_of
from fremdrift.instruments.models import Answer, Response
from fremdrift.progression.selectors import municipality_readings
from tests.factories import CitizenFactory, next_cpr
from tests.progression.helpers import progression_version

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)


@pytest.fixture
def demo(odense, odense_caseworker, odense_manager):
    rng = random.Random(5)
    citizens = [
        CitizenFactory(
            cpr=next_cpr(dt.date(1984, 1, 1) + dt.timedelta(days=i)),
            municipality=odense,
            caseworker=odense_caseworker,
            takeover_date=TODAY - dt.timedelta(days=rng.randint(200, 3 * 365)),
            preferred_language=("ar", "ti", "da", "ku")[i % 4],
        )
        for i in range(80)
    ]
    build_demo_conversations(
        rng=rng, citizens=citizens, today=TODAY,
        authors_by_municipality={odense.pk: [odense_caseworker]},
    )  # fmt: skip
    created = build_demo_readings(
        rng=rng,
        version=progression_version(odense),
        languages={c.pk: c.preferred_language for c in citizens},
        municipality_ids=[odense.pk],
    )
    return citizens, created


def test_readings_sit_at_conversations_about_every_quarter(demo):
    citizens, created = demo
    assert created == Response.objects.count() > len(citizens) * 2
    by_citizen: dict[int, list] = {}
    for response in Response.objects.select_related("conversation").filter(respondent="caseworker"):
        assert response.taken_on == response.conversation.held_on and response.completed_at
        by_citizen.setdefault(response.citizen_id, []).append(response.taken_on)
    for days in by_citizen.values():
        days.sort()
        assert all((b - a).days >= MIN_DAYS_BETWEEN for a, b in pairwise(days))
    languages = set(
        Response.objects.filter(respondent="citizen").values_list("language", flat=True)
    )
    assert {"ar", "ti", "da"} <= languages and "ku" not in languages  # ku: not in the instrument


def test_most_improve_some_fall_back_and_the_two_sometimes_disagree(demo, odense_manager):
    readings, _facts = municipality_readings(odense_manager, respondent="caseworker")
    measured = [p for p in progress_of(readings) if p.measured]
    changes = [p.overall_change for p in measured]
    improved = sum(c > 0 for c in changes) / len(changes)
    assert 0.55 < improved < 0.95 and any(c < 0 for c in changes)
    specials = set(Answer.objects.exclude(special="").values_list("special", flat=True))
    assert specials == {"dont_know", "not_relevant"}
    own, _ = municipality_readings(odense_manager, respondent="citizen")
    theirs = {(r.citizen_id, r.taken_on): r.scores for r in readings}
    gaps = [
        abs(r.scores[item] - theirs[(r.citizen_id, r.taken_on)][item])
        for r in own
        for item in r.scores
        if item in theirs.get((r.citizen_id, r.taken_on), {})
    ]
    assert sum(g == 0 for g in gaps) > 0 and sum(g >= 3 for g in gaps) > 0
