"""What the citizen page shows of the journey: phase, status, deadlines, timeline."""

from __future__ import annotations

import datetime as dt

from fremdrift.citizens.models import Citizen
from fremdrift.conversations.models import Conversation
from fremdrift.journey.deadlines import CitizenFacts
from fremdrift.journey.models import Contract
from fremdrift.journey.phase import add_months, continuous_start
from fremdrift.journey.selectors import journey_settings, periods_of, snapshot
from fremdrift.journey.timeline import build_timeline
from fremdrift.journey.types import PeriodKind


def citizen_section(citizen: Citizen, today: dt.date) -> dict[str, object]:
    periods = periods_of(citizen)
    contracts = list(Contract.objects.filter(citizen=citizen))
    talks = sorted(Conversation.objects.filter(citizen=citizen).values_list("held_on", flat=True))
    start = continuous_start(periods, PeriodKind.PROGRAMME, today) or citizen.takeover_date
    facts = CitizenFacts(
        citizen_id=citizen.pk,
        takeover=citizen.takeover_date,
        periods=periods,
        contract_signed=bool(contracts),
        last_conversation=max((d for d in talks if d <= today), default=None),
        conversations_in_first_half_year=sum(1 for d in talks if start <= d < add_months(start, 6)),
    )
    snap = snapshot(citizen, periods, facts, journey_settings(citizen.municipality), today)
    open_periods = [p for p in periods if p.end is None or p.end >= today]
    return {
        "snapshot": snap,
        "open_periods": open_periods,
        "programme": next((p for p in open_periods if p.kind == PeriodKind.PROGRAMME), None),
        "timeline": build_timeline(
            periods,
            takeover=citizen.takeover_date,
            today=today,
            conversations=talks,
            contracts=contracts,
        ),
        "kinds": PeriodKind,
    }
