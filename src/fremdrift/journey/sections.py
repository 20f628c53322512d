"""What the citizen page shows of the journey: phase, status, deadlines, timeline."""

from __future__ import annotations

import datetime as dt

from fremdrift.citizens.models import Citizen
from fremdrift.conversations.models import Conversation
from fremdrift.journey.models import Contract
from fremdrift.journey.selectors import citizen_facts, journey_settings, periods_of, snapshot
from fremdrift.journey.timeline import build_timeline
from fremdrift.journey.types import PeriodKind


def citizen_section(citizen: Citizen, today: dt.date) -> dict[str, object]:
    periods = periods_of(citizen)
    contracts = list(Contract.objects.filter(citizen=citizen))
    talks = sorted(Conversation.objects.filter(citizen=citizen).values_list("held_on", flat=True))
    facts = citizen_facts(
        citizen, periods, contract_signed=bool(contracts), talks=talks, today=today
    )
    snap = snapshot(citizen, periods, facts, journey_settings(citizen.municipality), today)
    open_periods = [p for p in periods if p.end is None or p.end >= today]
    return {
        "snapshot": snap,
        "open_periods": open_periods,
        # Offers at a company, newest first: each has a placement page (companies).
        "placements": [p for p in reversed(periods) if p.kind == PeriodKind.OFFER and p.company_id],
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
