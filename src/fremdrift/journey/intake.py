"""Taking a citizen in: the register entry and the start of the integration programme.

A citizen created without a programme period is in no population, has no phase and no
deadlines: nobody would be reminded of the contract or the first offer. So creating a
citizen starts the programme at the takeover date, unless the caseworker says otherwise
(e.g. the programme is registered later with another start).
"""

from __future__ import annotations

from fremdrift.accounts.models import User
from fremdrift.audit.services import audited_atomic
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.services import CitizenData, citizen_create, refuse_a_taken_cpr
from fremdrift.journey.rules import programme_standard_end
from fremdrift.journey.selectors import journey_settings
from fremdrift.journey.services import period_start
from fremdrift.journey.types import PeriodKind


def citizen_admit(
    *, actor: User, cpr: str, data: CitizenData, start_programme: bool = True
) -> Citizen:
    """Create the citizen and, unless told not to, start the programme at the takeover date,
    planned for the municipality's programme length; both or neither are saved."""
    refuse_a_taken_cpr(actor=actor, cpr=cpr)  # before the transaction: its audit entry stays
    with audited_atomic():
        citizen = citizen_create(actor=actor, cpr=cpr, data=data)
        if start_programme:
            years = journey_settings(citizen.municipality).programme_years
            period_start(
                actor=actor,
                citizen=citizen,
                kind=PeriodKind.PROGRAMME,
                start=citizen.takeover_date,
                planned_end=programme_standard_end(citizen.takeover_date, years),
            )
    return citizen
