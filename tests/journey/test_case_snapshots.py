"""The case snapshots: after every kind of write, and on every day they claim to hold, they
equal what is derived afresh from the periods, contracts, conversations and rules."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import random

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from fremdrift.citizens.models import Citizen
from fremdrift.citizens.services import CitizenData, citizen_create, citizen_update
from fremdrift.conversations.services import (
    ConversationDetails,
    conversation_record,
    journal_entry_update,
)
from fremdrift.core import clock
from fremdrift.journey import board, services
from fremdrift.journey.models import CaseDeadline, CaseSnapshot, OfferType
from fremdrift.journey.phase import add_months
from fremdrift.journey.selectors import case_states
from fremdrift.journey.situation import Situation
from fremdrift.journey.snapshot_services import (
    ensure_current,
    inconsistencies,
    rebuild,
    refresh,
    stored_rows,
)
from fremdrift.journey.types import Absence, Outcome, PeriodKind, Visitation
from tests.conftest import login
from tests.factories import CitizenFactory, next_cpr
from tests.journey.test_plausible import RULES

pytestmark = pytest.mark.django_db
ONE_DAY = dt.timedelta(days=1)


def _assert_current() -> None:
    """Every citizen has a row that holds today and equals one derived afresh."""
    assert inconsistencies() == []


def _stored(citizen: Citizen) -> CaseSnapshot:
    return CaseSnapshot.objects.get(citizen=citizen)


def _codes(citizen: Citizen) -> set[str]:
    return set(CaseDeadline.objects.filter(citizen=citizen).values_list("code", flat=True))


@pytest.fixture
def newcomer(odense, odense_caseworker):
    """Taken over two months ago, in the programme since, with a year planned."""
    takeover = clock.today() - dt.timedelta(days=60)
    person = CitizenFactory(
        municipality=odense, caseworker=odense_caseworker, takeover_date=takeover
    )
    services.period_start(
        actor=odense_caseworker,
        citizen=person,
        kind=PeriodKind.PROGRAMME,
        start=takeover,
        planned_end=add_months(takeover, 12) - ONE_DAY,
    )
    return person


def test_every_kind_of_write_keeps_the_snapshot_current(
    newcomer, odense_caseworker, integration_benefit, placement_type, company
):
    today, actor, person = clock.today(), odense_caseworker, newcomer
    _assert_current()
    assert _stored(person).situation == Situation.NOT_PLACED
    assert {"contract", "first_offer", "conversation"} <= _codes(person)

    services.citizen_visit(
        actor=actor,
        citizen=person,
        category=Visitation.JOB_READY,
        on=person.takeover_date,
        reason="Klar til job",
    )
    _assert_current()
    services.benefit_change(
        actor=actor, citizen=person, benefit_type=integration_benefit, on=person.takeover_date
    )
    _assert_current()

    placement = services.period_start(
        actor=actor,
        citizen=person,
        kind=PeriodKind.OFFER,
        offer_type=placement_type,
        company=company,
        start=today - dt.timedelta(days=10),
        planned_end=today + dt.timedelta(days=5),
        hours_per_week=25,
    )
    _assert_current()
    assert _stored(person).situation == Situation.PLACEMENT
    assert "offer_end" in _codes(person) and "first_offer" not in _codes(person)

    services.period_end(actor=actor, period=placement, end=today - ONE_DAY)
    _assert_current()
    assert _stored(person).situation == Situation.NOT_PLACED

    services.absence_start(
        actor=actor, citizen=person, code=Absence.SICK, on=today - dt.timedelta(days=3)
    )
    _assert_current()
    assert _stored(person).situation == Situation.SICK
    board.move(actor=actor, citizen=person, to="not_placed", today=today)
    _assert_current()
    assert _stored(person).situation == Situation.NOT_PLACED

    programme = person.periods.get(kind=PeriodKind.PROGRAMME)
    services.programme_extend(
        actor=actor,
        programme=programme,
        new_planned_end=add_months(programme.planned_end, 6),
        reason="Mere tid til danskuddannelse",
    )
    _assert_current()

    services.contract_record(actor=actor, citizen=person, signed_on=person.takeover_date + ONE_DAY)
    _assert_current()
    assert "contract" not in _codes(person)

    before = CaseDeadline.objects.get(citizen=person, code="conversation").due
    talk = conversation_record(
        actor=actor,
        citizen=person,
        held_on=today - ONE_DAY,
        form="in_person",
        interpreter_used=False,
        participants="",
        sections={},
        sign=False,
    )
    _assert_current()
    after = CaseDeadline.objects.get(citizen=person, code="conversation").due
    assert after != before

    journal_entry_update(
        actor=actor,
        entry=talk.entries.get(),
        sections={},
        details=ConversationDetails(today - dt.timedelta(days=20), "phone", False, ""),
        expected_version=1,
    )
    _assert_current()

    person.refresh_from_db()
    data = CitizenData(**{f.name: getattr(person, f.name) for f in dataclasses.fields(CitizenData)})
    data = dataclasses.replace(data, country_of_origin=person.country_of_origin.code)
    citizen_update(
        actor=actor,
        citizen=person,
        data=dataclasses.replace(data, takeover_date=person.takeover_date - dt.timedelta(days=7)),
        expected_version=person.version,
    )
    _assert_current()

    services.period_start(
        actor=actor,
        citizen=person,
        kind=PeriodKind.OUTCOME,
        code=Outcome.ORDINARY_JOB,
        start=today,
        hours_per_week=30,
    )
    _assert_current()
    assert _stored(person).situation == Situation.JOB_OR_EDUCATION


def test_a_new_citizen_gets_a_row_off_the_board(odense_caseworker):
    data = CitizenData(
        first_name="Ny",
        last_name="Borger",
        country_of_origin="SY",
        category="refugee",
        takeover_date=clock.today(),
        preferred_language="ar",
        interpreter_needed=True,
        caseworker=odense_caseworker,
        consultant=None,
    )
    person = citizen_create(actor=odense_caseworker, cpr=next_cpr(), data=data)
    row = _stored(person)
    assert (row.situation, row.next_due) == ("", None)
    _assert_current()


def test_a_failed_write_leaves_the_row_as_it_was(newcomer, odense_caseworker):
    row = _stored(newcomer)
    with pytest.raises(ValidationError):  # a second programme overlapping the first
        services.period_start(
            actor=odense_caseworker,
            citizen=newcomer,
            kind=PeriodKind.PROGRAMME,
            start=newcomer.takeover_date,
        )
    assert _stored(newcomer) == row and _stored(newcomer).valid_until == row.valid_until
    _assert_current()


def test_new_rules_rebuild_the_municipalitys_rows(newcomer, odense_admin, odense):
    soon_before = CaseDeadline.objects.get(citizen=newcomer, code="conversation")
    response = login(odense_admin).post(
        reverse("journey:rules"), {**RULES, "conversation_schedule": "project"}
    )
    assert response.status_code == 302
    _assert_current()
    assert CaseDeadline.objects.get(citizen=newcomer, code="conversation").due != soon_before.due


# --- Property: random histories -------------------------------------------------------------


@dataclasses.dataclass
class History:
    """Writes a caseworker could make to one citizen, with dates around today (the services
    may refuse one: an overlap, a date outside the programme, which is a write not made)."""

    rng: random.Random
    actor: object
    person: Citizen
    offer_types: list[OfferType]
    company: object
    made: int = 0

    def day(self) -> dt.date:
        return clock.today() + dt.timedelta(days=self.rng.randint(-90, 20))

    def offer(self) -> None:
        offer_type = self.rng.choice(self.offer_types)
        start = min(self.day(), clock.today())
        services.period_start(
            actor=self.actor,
            citizen=self.person,
            kind=PeriodKind.OFFER,
            offer_type=offer_type,
            company=self.company if offer_type.needs_company else None,
            start=start,
            planned_end=start + dt.timedelta(days=self.rng.randint(1, 60)),
            hours_per_week=20 if offer_type.needs_company else None,
            module="1" if offer_type.has_module else "",
        )

    def end(self) -> None:
        open_periods = list(self.person.periods.filter(end__isnull=True).exclude(kind="programme"))
        if open_periods:
            period = self.rng.choice(open_periods)
            services.period_end(actor=self.actor, period=period, end=max(period.start, self.day()))

    def absence(self) -> None:
        code = self.rng.choice(Absence.values)
        services.absence_start(actor=self.actor, citizen=self.person, code=code, on=self.day())

    def visit(self) -> None:
        services.citizen_visit(
            actor=self.actor,
            citizen=self.person,
            category=self.rng.choice(Visitation.values),
            on=self.day(),
            reason="Revisiteret",
        )

    def contract(self) -> None:
        on = min(self.day(), clock.today())
        services.contract_record(actor=self.actor, citizen=self.person, signed_on=on)

    def talk(self) -> None:
        conversation_record(
            actor=self.actor,
            citizen=self.person,
            held_on=min(self.day(), clock.today()),
            form="phone",
            interpreter_used=False,
            participants="",
            sections={},
            sign=False,
        )

    def extend(self) -> None:
        programme = self.person.periods.get(kind=PeriodKind.PROGRAMME)
        services.programme_extend(
            actor=self.actor,
            programme=programme,
            new_planned_end=add_months(programme.planned_end, self.rng.randint(1, 6)),
            reason="Forlænget",
        )

    def leave(self) -> None:
        services.period_start(
            actor=self.actor,
            citizen=self.person,
            kind=PeriodKind.OUTCOME,
            code=self.rng.choice([Outcome.ORDINARY_JOB, Outcome.MOVED]),
            start=self.day(),
            hours_per_week=30,
        )

    def step(self) -> None:
        writes = [self.offer, self.offer, self.end, self.absence, self.visit]
        writes += [self.contract, self.talk, self.extend, self.leave]
        with contextlib.suppress(ValidationError):  # refused: a write not made
            self.rng.choice(writes)()
            self.made += 1


def _holds_on_every_day_it_claims(people: list[Citizen], rng: random.Random) -> None:
    """On sample days from today to each row's last day, the stored row is what the rules
    derive for that day; the day after, it no longer claims to hold."""
    citizens = Citizen.objects.filter(pk__in=[p.pk for p in people])
    today = clock.today()
    for row in CaseSnapshot.objects.filter(citizen__in=citizens):
        last = min(row.valid_until, today + dt.timedelta(days=800))
        span = (last - today).days
        days = {today, last, *(today + dt.timedelta(days=rng.randint(0, span)) for _ in range(4))}
        one = citizens.filter(pk=row.citizen_id)
        for day in sorted(days):
            derived = dict(case_states(one, day))
            stored = stored_rows(one, day)
            assert [(stored[c.pk].state, stored[c.pk].card) for c in derived] == [
                (state, state.next_deadline) for state in derived.values()
            ], f"citizen {row.citizen_id} on {day} (row holds {row.computed_on}–{row.valid_until})"
        if row.valid_until < dt.date.max:
            assert stored_rows(one, row.valid_until + ONE_DAY) == {}


@pytest.mark.parametrize("seed", range(6))
def test_random_histories_keep_the_rows_equal_to_a_fresh_derivation(
    seed, odense, odense_caseworker, company
):
    rng = random.Random(seed)
    today = clock.today()
    offer_types = list(OfferType.objects.all())
    people = []
    for i in range(2):
        takeover = today - dt.timedelta(days=rng.randint(0, 500))
        person = CitizenFactory(
            municipality=odense, caseworker=odense_caseworker, takeover_date=takeover
        )
        services.period_start(
            actor=odense_caseworker,
            citizen=person,
            kind=PeriodKind.PROGRAMME,
            start=takeover,
            planned_end=add_months(takeover, 12 * (i + 1)) - ONE_DAY,
            reason="To år efter aftale" if i else "",
        )
        people.append(person)
    histories = [History(rng, odense_caseworker, p, offer_types, company) for p in people]
    for _ in range(14):
        rng.choice(histories).step()
        _assert_current()
    made = sum(h.made for h in histories)
    assert made >= 6  # the services refuse some; most histories must still happen
    _holds_on_every_day_it_claims(people, rng)


# --- As days pass, and the check ---------------------------------------------------------------


def test_a_row_past_its_last_day_is_derived_again_before_a_page_reads_it(
    newcomer, odense_caseworker
):
    row = _stored(newcomer)
    assert row.computed_on == clock.today() and row.valid_until < dt.date.max
    later = row.valid_until + ONE_DAY
    with time_machine.travel(dt.datetime.combine(later, dt.time(12)), tick=False):
        html = login(odense_caseworker).get(reverse("journey:board")).content.decode()
        assert newcomer.last_name in html
        fresh = _stored(newcomer)
        assert fresh.computed_on == later and fresh.valid_until >= later
        assert inconsistencies(today=later) == []


def test_the_check_finds_a_row_that_disagrees_and_a_rebuild_mends_it(newcomer, capsys):
    CaseSnapshot.objects.filter(citizen=newcomer).update(situation=Situation.SICK)
    found = inconsistencies()
    assert [m.citizen_id for m in found] == [newcomer.pk]
    assert found[0].stored.situation == Situation.SICK
    assert found[0].derived.situation == Situation.NOT_PLACED
    with pytest.raises(CommandError, match="1 borgeres rækker afviger"):
        call_command("case_snapshots", "--check")
    call_command("case_snapshots", "--rebuild", "--municipality", "461")
    call_command("case_snapshots", "--check")
    assert "Rækkerne stemmer med perioderne." in capsys.readouterr().out


def test_the_check_finds_a_missing_or_extra_deadline_or_a_wrong_card(newcomer):
    CaseDeadline.objects.filter(citizen=newcomer, code="contract").delete()
    assert [m.citizen_id for m in inconsistencies()] == [newcomer.pk]
    rebuild()
    assert inconsistencies() == []
    CaseSnapshot.objects.filter(citizen=newcomer).update(next_code="conversation")
    assert [m.citizen_id for m in inconsistencies()] == [newcomer.pk]
    rebuild()
    CaseDeadline.objects.create(
        municipality=newcomer.municipality,
        citizen=newcomer,
        code="programme_end",
        due=clock.today(),
    )
    assert [m.citizen_id for m in inconsistencies()] == [newcomer.pk]


def test_the_nightly_refresh_derives_only_the_expired_rows(newcomer, odense, odense_caseworker):
    other = CitizenFactory(municipality=odense, takeover_date=clock.today())
    assert ensure_current(Citizen.objects.all(), clock.today()) == 1  # never written: `other`
    assert ensure_current(Citizen.objects.all(), clock.today()) == 0
    CaseSnapshot.objects.filter(citizen=other).update(valid_until=clock.today() - ONE_DAY)
    call_command("case_snapshots", "--refresh")
    assert _stored(other).valid_until >= clock.today()
    assert _stored(newcomer).computed_on == clock.today()


def test_a_page_that_waited_for_the_lock_leaves_rows_another_brought_up_to_date(newcomer):
    yesterday = clock.today() - ONE_DAY
    CaseSnapshot.objects.filter(citizen=newcomer).update(computed_on=yesterday)
    refresh([newcomer.pk], only_expired=True)  # the row still holds today: left alone
    assert _stored(newcomer).computed_on == yesterday
    refresh([newcomer.pk])  # a write derives it again whatever the row says
    assert _stored(newcomer).computed_on == clock.today()
