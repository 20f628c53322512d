import datetime as dt

from fremdrift.journey.deadlines import CitizenFacts, Urgency, deadlines_for, next_conversation_due
from fremdrift.journey.models import ConversationSchedule, JourneySettings, OfferType, Period
from fremdrift.journey.situation import Situation, situation_on
from fremdrift.journey.types import Absence, OfferCategory, Outcome, PeriodKind

TAKEOVER = dt.date(2026, 3, 2)
PLACEMENT = OfferType(
    code="p", name="Virksomhedspraktik", category=OfferCategory.PLACEMENT, company_oriented=True
)
DANISH = OfferType(code="d", name="Danskuddannelse 2", category=OfferCategory.DANISH)


def programme(start=TAKEOVER, end=None, planned_end=None):
    return Period(
        kind=PeriodKind.PROGRAMME, code="programme", start=start, end=end, planned_end=planned_end
    )


def offer(kind_type, start, end=None, planned_end=None):
    return Period(
        kind=PeriodKind.OFFER, offer_type=kind_type, start=start, end=end, planned_end=planned_end
    )


def facts(periods, contract=False, last=None, held=0):
    return CitizenFacts(1, TAKEOVER, periods, contract, last, held)


def by_code(deadlines):
    return {d.code: d for d in deadlines}


def test_a_new_citizen_has_contract_offer_and_conversation_deadlines():
    found = by_code(deadlines_for(facts([programme()]), JourneySettings(), dt.date(2026, 3, 10)))
    assert found["contract"].due == dt.date(2026, 4, 2)
    assert found["first_offer_target"].due == dt.date(2026, 3, 16)
    assert found["first_offer"].due == dt.date(2026, 4, 2)
    assert found["first_offer_target"].urgency == Urgency.SOON
    assert found["conversation"].due == TAKEOVER + dt.timedelta(weeks=6)


def test_done_things_are_not_due_and_missed_ones_are_overdue():
    periods = [programme(), offer(PLACEMENT, dt.date(2026, 3, 20))]
    found = by_code(
        deadlines_for(facts(periods, contract=True), JourneySettings(), dt.date(2026, 5, 1))
    )
    assert "contract" not in found and "first_offer" not in found
    late = by_code(deadlines_for(facts([programme()]), JourneySettings(), dt.date(2026, 5, 1)))
    assert late["contract"].overdue and late["first_offer"].overdue
    assert "first_offer_target" not in late  # only the deadline remains once the target passed


def test_a_danish_course_is_not_company_oriented():
    periods = [programme(), offer(DANISH, TAKEOVER)]
    found = by_code(deadlines_for(facts(periods), JourneySettings(), dt.date(2026, 4, 10)))
    assert found["first_offer"].overdue


def test_conversation_schedules():
    rules = JourneySettings(
        conversation_schedule=ConversationSchedule.CURRENT,
        conversations_after_first_half_year_weeks=13,
    )
    four_held = facts([programme()], last=dt.date(2026, 8, 20), held=4)
    assert next_conversation_due(four_held, rules, TAKEOVER) == dt.date(2026, 11, 19)
    two_held = facts([programme()], last=dt.date(2026, 5, 1), held=2)
    assert next_conversation_due(two_held, rules, TAKEOVER) == dt.date(2026, 6, 12)
    rules.conversation_schedule = ConversationSchedule.PROJECT
    assert next_conversation_due(two_held, rules, TAKEOVER) == dt.date(2026, 8, 1)


def test_offer_past_its_planned_end_and_programme_running_out():
    periods = [
        programme(planned_end=dt.date(2026, 12, 1)),
        offer(PLACEMENT, TAKEOVER, planned_end=dt.date(2026, 11, 1)),
    ]
    found = by_code(
        deadlines_for(facts(periods, contract=True), JourneySettings(), dt.date(2026, 11, 20))
    )
    assert found["offer_end"].overdue and "Virksomhedspraktik" in found["offer_end"].label
    assert found["programme_end"].urgency == Urgency.SOON


def test_nothing_is_due_outside_the_programme():
    ended = [programme(end=dt.date(2026, 6, 30))]
    assert deadlines_for(facts(ended), JourneySettings(), dt.date(2026, 8, 1)) == []


def test_situation_priorities():
    day = dt.date(2026, 6, 1)
    base = [programme()]
    assert situation_on(base, day) == Situation.NOT_PLACED
    assert situation_on([*base, offer(DANISH, TAKEOVER)], day) == Situation.DANISH_ONLY
    placed = [*base, offer(DANISH, TAKEOVER), offer(PLACEMENT, dt.date(2026, 5, 1))]
    assert situation_on(placed, day) == Situation.PLACEMENT
    sick = [*placed, Period(kind=PeriodKind.ABSENCE, code=Absence.SICK, start=day)]
    assert situation_on(sick, day) == Situation.SICK
    job = [*sick, Period(kind=PeriodKind.OUTCOME, code=Outcome.ORDINARY_JOB, start=day)]
    assert situation_on(job, day) == Situation.JOB_OR_EDUCATION
    assert situation_on([], day) is None
