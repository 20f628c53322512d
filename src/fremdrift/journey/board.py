"""The caseload board (Helsingør): a column per situation, a card per citizen.

Each person lands on their own citizens (journey.scope) and widens from there. A column
shows its first cards and a count of the rest, so the page stays small however many
citizens the municipality has: every citizen is placed in a column from plain rows of their
current periods, and only the cards shown get a full snapshot (phase, next deadline).

Moving a card changes the underlying periods through the same services the forms use; moves
that need more facts (which company, how many hours) send the user to the form instead.
Which moves are offered from a column is journey.moves' rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Role
from fremdrift.audit.services import audited_atomic
from fremdrift.citizens.models import Citizen
from fremdrift.journey import services
from fremdrift.journey.models import OfferType, Period
from fremdrift.journey.moves import DIRECT_MOVES, Move, check_move, moves_for
from fremdrift.journey.phase import current
from fremdrift.journey.scope import (
    Scope,
    ScopeChoices,
    citizens_in_scope,
    scope_choices,
    staff_and_teams,
)
from fremdrift.journey.selectors import Snapshot, situations, snapshots
from fremdrift.journey.situation import BOARD_ORDER, Situation, situation_on
from fremdrift.journey.types import Absence, PeriodKind

# Eight colours that stay apart for the common colour-vision deficiencies (Okabe-Ito);
# cards also carry the consultant's initials, so colour is never the only cue.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]

# Stored in the period's reason as written (a record, like audit purposes: not translated).
MOVED = "Flyttet på tavlen"

# Cards per column and page: a column is scanned, not read, beyond a screenful or two.
PAGE_SIZE = 25
PAGE_PARAM = "side_"  # ?side_placement=2 shows the placement column's first 50 cards


@dataclass(frozen=True)
class Card:
    snap: Snapshot
    colour: int | None  # index into PALETTE, None without a consultant


@dataclass
class Column:
    situation: Situation
    moves: tuple[Move, ...]
    total: int = 0
    pages: int = 1
    cards: list[Card] = field(default_factory=list)
    more_query: str = ""  # the query string of the "Vis flere" link, set by the view

    @property
    def page_param(self) -> str:
        return f"{PAGE_PARAM}{self.situation.value}"

    @property
    def hidden(self) -> int:
        return self.total - len(self.cards)


@dataclass
class BoardView:
    scope: Scope
    choices: ScopeChoices
    columns: list[Column]
    consultants: list[tuple[User, str, int]]  # user, colour, palette index

    @property
    def total(self) -> int:
        return sum(column.total for column in self.columns)


def first_offer_type(category: str) -> OfferType | None:
    return OfferType.objects.filter(category=category).order_by("order").first()


def pages_from(params: dict[str, str]) -> dict[Situation, int]:
    """How many pages of each column a query string asks for (at least one each)."""
    pages = {}
    for situation in BOARD_ORDER:
        raw = params.get(f"{PAGE_PARAM}{situation.value}", "")
        pages[situation] = max(1, min(int(raw), 10_000)) if raw.isdigit() else 1
    return pages


def board_for(
    user: User, *, scope: Scope, pages: dict[Situation, int], today: dt.date
) -> BoardView:
    """The board for `scope`, each column cut at its requested number of pages.

    A fixed number of queries whatever the number of citizens: the citizens in scope, their
    current periods, the staff and teams, and one batch of snapshots for the cards shown.
    """
    citizens = citizens_in_scope(user, scope)
    ordered = citizens.order_by("last_name", "first_name", "id").values_list("pk", flat=True)
    placed = situations(citizens, today)
    columns = {s: Column(s, moves_for(s), pages=pages.get(s, 1)) for s in BOARD_ORDER}
    shown: dict[int, Column] = {}
    for pk in ordered:
        situation = placed.get(pk)
        if situation is None:
            continue
        column = columns[situation]
        column.total += 1
        if column.total <= column.pages * PAGE_SIZE:
            shown[pk] = column
    staff, teams = staff_and_teams(user)
    consultants = [person for person in staff if person.role == Role.CONSULTANT]
    colour_of = {c.pk: i % len(PALETTE) for i, c in enumerate(consultants)}
    # In the citizens' own order (last name, first name), as `people` above.
    for snap in snapshots(citizens.filter(pk__in=list(shown)), user.municipality, today):
        colour = colour_of.get(snap.citizen.consultant_id)
        shown[snap.citizen.pk].cards.append(Card(snap, colour))
    return BoardView(
        scope=scope,
        choices=scope_choices(user, staff, teams),
        columns=list(columns.values()),
        consultants=[(c, PALETTE[colour_of[c.pk]], colour_of[c.pk]) for c in consultants],
    )


def move(*, actor: User, citizen: Citizen, to: str, today: dt.date) -> None:
    """Move a card to a column the board can reach by itself, if journey.moves allows it."""
    periods = list(citizen.periods.select_related("offer_type"))
    chosen = check_move(situation_on(periods, today), to)
    if chosen not in DIRECT_MOVES:
        raise ValidationError(_("Den flytning kræver flere oplysninger: brug formularen."))
    if chosen in (Move.SICK, Move.MATERNITY):
        code = Absence.SICK if chosen == Move.SICK else Absence.MATERNITY
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
    with audited_atomic():
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
