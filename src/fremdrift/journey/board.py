"""The caseload board (Helsingør): a column per situation, a card per citizen.

Moving a card changes the underlying periods through the same services the forms use; moves
that need more facts (which company, how many hours) send the user to the form instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Role
from fremdrift.citizens.access import citizens_for
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.selectors import staff_in_municipality
from fremdrift.journey import services
from fremdrift.journey.models import OfferType, Period
from fremdrift.journey.phase import current
from fremdrift.journey.selectors import Snapshot, snapshots
from fremdrift.journey.situation import BOARD_ORDER, Situation
from fremdrift.journey.types import Absence, OfferCategory, PeriodKind

# Eight colours that stay apart for the common colour-vision deficiencies (Okabe-Ito);
# cards also carry the consultant's initials, so colour is never the only cue.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]

# Stored in the period's reason as written (a record, like audit purposes: not translated).
MOVED = "Flyttet på tavlen"

# Moves the board can make by itself, and the ones that need a form.
DIRECT_MOVES = {Situation.SICK, Situation.MATERNITY, Situation.NOT_PLACED}
FORM_MOVES = {
    Situation.PLACEMENT: OfferCategory.PLACEMENT,
    Situation.WAGE_SUBSIDY: OfferCategory.WAGE_SUBSIDY,
    Situation.IGU: OfferCategory.IGU,
    Situation.DANISH_ONLY: OfferCategory.DANISH,
}


@dataclass(frozen=True)
class Card:
    snap: Snapshot
    colour: int | None  # index into PALETTE, None without a consultant


@dataclass
class Column:
    situation: Situation
    cards: list[Card] = field(default_factory=list)


@dataclass
class BoardView:
    columns: list[Column]
    consultants: list[tuple[User, str, int]]  # user, colour, palette index
    teams: list[str]
    team: str
    consultant: str


def first_offer_type(category: str) -> OfferType | None:
    return OfferType.objects.filter(category=category).order_by("order").first()


def board_for(user: User, *, team: str | None, consultant: str | None, today: dt.date) -> BoardView:
    citizens = citizens_for(user)
    if team:
        citizens = citizens.filter(caseworker__team__name=team) | citizens.filter(
            consultant__team__name=team
        )
    if consultant and consultant.isdigit():
        citizens = citizens.filter(consultant_id=int(consultant))
    consultants = list(staff_in_municipality(user, (Role.CONSULTANT,)))
    colour_of = {c.pk: i % len(PALETTE) for i, c in enumerate(consultants)}
    columns = {situation: Column(situation) for situation in BOARD_ORDER}
    for snap in snapshots(citizens, user.municipality, today):
        if snap.situation is not None:
            colour = colour_of.get(snap.citizen.consultant_id)
            columns[snap.situation].cards.append(Card(snap, colour))
    for column in columns.values():
        column.cards.sort(key=lambda c: (c.snap.citizen.last_name, c.snap.citizen.first_name))
    teams = sorted({t for t in user.municipality.teams.values_list("name", flat=True)})
    return BoardView(
        columns=list(columns.values()),
        consultants=[(c, PALETTE[colour_of[c.pk]], colour_of[c.pk]) for c in consultants],
        teams=teams,
        team=team or "",
        consultant=consultant or "",
    )


def move(*, actor: User, citizen: Citizen, to: str, today: dt.date) -> None:
    """Move a card to a column the board can reach by itself (see DIRECT_MOVES)."""
    if to not in {s.value for s in DIRECT_MOVES}:
        raise ValidationError(_("Den flytning kræver flere oplysninger: brug formularen."))
    periods = list(citizen.periods.select_related("offer_type"))
    if to in (Situation.SICK, Situation.MATERNITY):
        code = Absence.SICK if to == Situation.SICK else Absence.MATERNITY
        services.absence_start(actor=actor, citizen=citizen, code=code, on=today, reason=MOVED)
        return
    absence = current(periods, PeriodKind.ABSENCE, today)
    to_end = ([absence] if absence else []) + _company_offers(periods, today)
    if not to_end:
        raise ValidationError(_("Der var intet at afslutte: borgeren er allerede ikke placeret."))
    started_today = [p for p in to_end if p.start >= today]
    if started_today:
        # Ended today it would still cover today, and the card would not move.
        raise ValidationError(
            _("%(period)s startede i dag. Ret eller afslut perioden på borgerens side.")
            % {"period": started_today[0].label}
        )
    with transaction.atomic():
        for period in to_end:
            services.period_end(
                actor=actor, period=period, end=today - dt.timedelta(days=1), reason=MOVED
            )


def _company_offers(periods: list[Period], today: dt.date) -> list[Period]:
    return [
        p
        for p in periods
        if p.kind == PeriodKind.OFFER and p.covers(today) and p.offer_type.company_oriented
    ]
