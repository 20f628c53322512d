import datetime as dt
import random

import pytest

from fremdrift.demo.plans import build_demo_plans
from fremdrift.plans.models import FollowUpNote, Plan, SubGoal, SubGoalStatus
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def citizens(odense, odense_caseworker):
    rng = random.Random(3)
    return [
        CitizenFactory(
            municipality=odense,
            takeover_date=TODAY - dt.timedelta(days=rng.randrange(0, 4 * 365)),
            caseworker=odense_caseworker if i % 2 else None,
        )
        for i in range(80)
    ]


def build(citizens, odense_caseworker, seed=1):
    return build_demo_plans(
        rng=random.Random(seed),
        citizens=citizens,
        today=TODAY,
        authors_by_municipality={odense_caseworker.municipality_id: [odense_caseworker]},
    )


def snapshot():
    return [
        (g.plan.citizen_id, g.plan.field, g.text, g.target_date, g.status)
        for g in SubGoal.objects.select_related("plan").order_by("plan__citizen_id", "order")
    ]


def test_most_citizens_get_a_plan_consistent_with_the_dates(citizens, odense_caseworker):
    created = build(citizens, odense_caseworker)
    assert created == Plan.objects.count()
    assert 0.7 * len(citizens) <= created < len(citizens)
    for plan in Plan.objects.prefetch_related("sub_goals__follow_ups").select_related("citizen"):
        goals = list(plan.sub_goals.all())
        assert 2 <= len(goals) <= 5
        assert plan.municipality_id == plan.citizen.municipality_id
        for goal in goals:
            assert goal.target_date > plan.citizen.takeover_date
            past = {SubGoalStatus.REACHED, SubGoalStatus.NOT_REACHED, SubGoalStatus.DROPPED}
            assert (goal.status in past) == (goal.target_date < TODAY), goal
            for note in goal.follow_ups.all():
                assert plan.citizen.takeover_date <= note.noted_on <= TODAY
                assert note.noted_on <= goal.target_date
    assert FollowUpNote.objects.exists()
    assert set(SubGoal.objects.values_list("status", flat=True)) == set(SubGoalStatus.values)


def test_the_same_seed_gives_the_same_plans(citizens, odense_caseworker):
    build(citizens, odense_caseworker, seed=5)
    first = snapshot()
    FollowUpNote.objects.all().delete()
    SubGoal.objects.all().delete()
    Plan.objects.all().delete()
    build(citizens, odense_caseworker, seed=5)
    assert snapshot() == first
