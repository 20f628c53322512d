"""Reads of periods for pages: a citizen's timeline and bulk facts for worklists and the board.

Every function here runs a fixed number of queries, however many citizens or periods.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from fremdrift.accounts.models import Municipality
from fremdrift.citizens.models import Citizen
from fremdrift.conversations.models import Conversation
from fremdrift.journey.casestate import CaseState, case_state
from fremdrift.journey.deadlines import CitizenFacts, Deadline, deadlines_for, next_deadline
from fremdrift.journey.models import BenefitType, Contract, JourneySettings, OfferType, Period
from fremdrift.journey.phase import (
    add_months,
    continuous_start,
    current,
    days_since,
    programme_phase,
)
from fremdrift.journey.situation import Situation, situation_on
from fremdrift.journey.types import PeriodKind, Phase


def journey_settings(municipality: Municipality | int) -> JourneySettings:
    """The municipality's rules (its row is made with the defaults on first use); by id
    spares fetching the municipality when only its id is at hand."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    settings, _ = JourneySettings.objects.get_or_create(municipality_id=municipality_id)
    return settings


def periods_of(citizen: Citizen) -> list[Period]:
    return list(
        citizen.periods.select_related("offer_type", "benefit_type", "company", "created_by")
        .prefetch_related("extensions")
        .order_by("start", "id")
    )


SNAPSHOT_FIELDS = (
    "id",
    "municipality_id",
    "citizen_id",
    "kind",
    "code",
    "offer_type_id",
    "benefit_type_id",
    "start",
    "end",
    "planned_end",
    "module",
)


@dataclass(frozen=True)
class Snapshot:
    """One citizen on one day: what the board, the worklist and the citizen page show."""

    citizen: Citizen
    phase: Phase | None
    situation: Situation | None
    deadlines: list[Deadline]
    days_in_programme: int | None
    days_on_benefit: int | None
    visitation: Period | None
    benefit: Period | None
    offers: list[Period]

    @property
    def next_deadline(self) -> Deadline | None:
        return next_deadline(self.deadlines)


def snapshot(
    citizen: Citizen,
    periods: list[Period],
    facts: CitizenFacts,
    settings: JourneySettings,
    today: dt.date,
) -> Snapshot:
    return Snapshot(
        citizen=citizen,
        phase=programme_phase(periods, today),
        situation=situation_on(periods, today),
        deadlines=deadlines_for(facts, settings, today),
        days_in_programme=days_since(continuous_start(periods, PeriodKind.PROGRAMME, today), today),
        days_on_benefit=days_since(continuous_start(periods, PeriodKind.BENEFIT, today), today),
        visitation=current(periods, PeriodKind.VISITATION, today),
        benefit=current(periods, PeriodKind.BENEFIT, today),
        offers=[p for p in periods if p.kind == PeriodKind.OFFER and p.covers(today)],
    )


@dataclass
class CaseData:
    """What phases, columns and deadlines are derived from, for many citizens at once."""

    people: list[Citizen]
    periods: dict[int, list[Period]]
    contracts: set[int]  # the citizens with a signed contract
    talks: dict[int, list[dt.date]]

    def facts(self, citizen: Citizen, today: dt.date) -> CitizenFacts:
        return citizen_facts(
            citizen,
            self.periods[citizen.pk],
            contract_signed=citizen.pk in self.contracts,
            talks=self.talks[citizen.pk],
            today=today,
        )


def case_data(citizens: QuerySet[Citizen]) -> CaseData:
    """The citizens with their periods, contracts and conversation dates, in six queries
    (citizens, periods, their two type tables, contracts, talks)."""
    people = list(citizens.select_related("caseworker__team", "consultant"))
    ids = [c.pk for c in people]
    periods: dict[int, list[Period]] = defaultdict(list)
    # The types are a few dozen reference rows: attached from one read of each table rather
    # than joined and built again for every period (most of this function's time otherwise).
    offer_types = {t.pk: t for t in OfferType.objects.all()}
    benefit_types = {t.pk: t for t in BenefitType.objects.all()}
    # Only the columns phases, columns, deadlines and labels read (SNAPSHOT_FIELDS): the
    # reasons and bookkeeping are the citizen page's, which reads its periods itself.
    rows = Period.objects.filter(citizen_id__in=ids).only(*SNAPSHOT_FIELDS)
    for period in rows.order_by("start", "id"):
        if period.offer_type_id is not None:
            period.offer_type = offer_types[period.offer_type_id]
        if period.benefit_type_id is not None:
            period.benefit_type = benefit_types[period.benefit_type_id]
        periods[period.citizen_id].append(period)
    contracts = set(
        Contract.objects.filter(citizen_id__in=ids).values_list("citizen_id", flat=True)
    )
    talks: dict[int, list[dt.date]] = defaultdict(list)
    for citizen_id, held_on in Conversation.objects.filter(citizen_id__in=ids).values_list(
        "citizen_id", "held_on"
    ):
        talks[citizen_id].append(held_on)
    return CaseData(people, periods, contracts, talks)


def snapshots(
    citizens: QuerySet[Citizen], municipality: Municipality, today: dt.date
) -> list[Snapshot]:
    """Snapshots for many citizens in seven queries (case_data's six and the rules)."""
    data = case_data(citizens)
    settings = journey_settings(municipality)
    return [
        snapshot(citizen, data.periods[citizen.pk], data.facts(citizen, today), settings, today)
        for citizen in data.people
    ]


def case_states(citizens: QuerySet[Citizen], today: dt.date) -> list[tuple[Citizen, CaseState]]:
    """What the case snapshots hold for these citizens, derived afresh (any municipality)."""
    data = case_data(citizens)
    municipalities = {c.municipality_id for c in data.people}
    settings = {
        s.municipality_id: s
        for s in JourneySettings.objects.filter(municipality_id__in=municipalities)
    }
    result = []
    for citizen in data.people:
        # A municipality that never opened its rules page has the defaults.
        rules = settings.get(citizen.municipality_id) or JourneySettings()
        state = case_state(data.facts(citizen, today), data.talks[citizen.pk], rules, today)
        result.append((citizen, state))
    return result


def citizen_facts(
    citizen: Citizen,
    periods: list[Period],
    *,
    contract_signed: bool,
    talks: list[dt.date],
    today: dt.date,
) -> CitizenFacts:
    """What the deadline rules need about one citizen, from what the caller has fetched."""
    start = continuous_start(periods, PeriodKind.PROGRAMME, today) or citizen.takeover_date
    half_year = add_months(start, 6)
    return CitizenFacts(
        citizen_id=citizen.pk,
        takeover=citizen.takeover_date,
        periods=periods,
        contract_signed=contract_signed,
        last_conversation=max((d for d in talks if d <= today), default=None),
        conversations_in_first_half_year=sum(1 for d in talks if start <= d < half_year),
    )


def citizen_snapshot(citizen: Citizen, today: dt.date) -> Snapshot:
    """One citizen on one day, on its own (the printed plan): four queries.

    The caller has reached the citizen through a scoped accessor and records the read.
    """
    periods = periods_of(citizen)
    contract_signed = Contract.objects.filter(citizen=citizen).exists()
    talks = list(Conversation.objects.filter(citizen=citizen).values_list("held_on", flat=True))
    facts = citizen_facts(
        citizen, periods, contract_signed=contract_signed, talks=talks, today=today
    )
    return snapshot(citizen, periods, facts, journey_settings(citizen.municipality), today)
