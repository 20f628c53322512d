"""The caseload board (Helsingør): a column per situation, a card per citizen.

Each person lands on their own citizens (journey.scope) and widens from there. A column
shows its first cards and a count of the rest, so the page stays small however many
citizens the municipality has. Columns, counts, phases and next deadlines are read from the
case snapshots (journey.snapshot_services keeps them current with every write), so the page
derives nothing: the database counts the columns and returns only the cards shown.

Moving a card changes the underlying periods through the same services the forms use; moves
that need more facts (which company, how many hours) send the user to the form instead.
Which moves are offered from a column is journey.moves' rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fremdrift.accounts.http import municipality_id_of
from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission, Role
from fremdrift.audit.services import audited_atomic
from fremdrift.citizens.models import Citizen
from fremdrift.core.changes import following
from fremdrift.core.links import IdLinks
from fremdrift.core.numbers import parse_whole_number
from fremdrift.journey import services
from fremdrift.journey.deadlines import Deadline
from fremdrift.journey.models import OfferType, Period
from fremdrift.journey.moves import DIRECT_MOVES, Move, check_move, moves_for
from fremdrift.journey.offer_types import offer_types_for
from fremdrift.journey.phase import current
from fremdrift.journey.scope import (
    Scope,
    ScopeChoices,
    citizens_in_scope,
    scope_choices,
    staff_and_teams,
)
from fremdrift.journey.selectors import journey_settings
from fremdrift.journey.selectors_caseload import board_rows
from fremdrift.journey.situation import BOARD_ORDER, Situation, situation_on
from fremdrift.journey.snapshot_services import ensure_current
from fremdrift.journey.types import Absence, PeriodKind

# Eight colours that stay apart for the common colour-vision deficiencies (Okabe-Ito);
# cards also carry the consultant's initials, so colour is never the only cue.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]

# Stored in the period's reason as written (a record, like audit purposes: not translated).
MOVED = "Flyttet på tavlen"

# Cards per column and page: a column is scanned, not read, beyond a screenful or two.
PAGE_SIZE = 25
PAGE_PARAM = "side_"  # ?side_placement=2 shows the placement column's first 50 cards


class Card(TypedDict):
    """A card as the template shows it, in plain values: a board shows up to a few hundred
    cards, and each look-up the template makes into an object costs more than into a dict."""

    citizen_id: int  # for the board's audit entry: every citizen shown
    name: str
    href: str  # the citizen's page
    move_href: str  # the citizen's moves (a page, or the board's dialog with JavaScript)
    colour: str  # index into PALETTE, "none" without a consultant
    phase: str  # "Fase II", or empty outside the programme
    consultant: str
    initials: str
    deadline: str  # the next deadline and its date, or empty
    overdue: bool


@dataclass
class Column:
    situation: Situation
    moves: tuple[Move, ...]
    total: int = 0
    pages: int = 1
    cards: list[Card] = field(default_factory=list)
    more_query: str = ""  # the query string of the "Vis flere" link, set by the view
    movable: bool = False  # the user may move, and the column offers moves

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

    @property
    def movable(self) -> bool:
        """Whether any card can be moved, and so the board needs its move dialog."""
        return any(column.movable and column.cards for column in self.columns)


def _deadline_text(deadline: Deadline) -> str:
    return f"{deadline.label}: {date_format(deadline.due, 'SHORT_DATE_FORMAT')}"


def first_offer_type(category: str, municipality_id: int | None) -> OfferType | None:
    return offer_types_for(municipality_id).filter(category=category).first()


def pages_from(params: dict[str, str]) -> dict[Situation, int]:
    """How many pages of each column a query string asks for (at least one each)."""
    pages = {}
    for situation in BOARD_ORDER:
        raw = params.get(f"{PAGE_PARAM}{situation.value}", "")
        asked = parse_whole_number(raw)
        pages[situation] = max(1, min(asked, 10_000)) if asked is not None else 1
    return pages


def board_for(
    user: User, *, scope: Scope, pages: dict[Situation, int], today: dt.date
) -> BoardView:
    """The board for `scope`, each column cut at its requested number of pages.

    A fixed number of queries whatever the number of citizens: the expired snapshots (if
    any are, they are derived again first), the rules, the columns with their cards, and
    the staff and teams.
    """
    citizens = citizens_in_scope(user, scope)
    ensure_current(citizens, today)
    shown = {s: pages.get(s, 1) * PAGE_SIZE for s in BOARD_ORDER}
    soon_days = journey_settings(municipality_id_of(user)).due_soon_days
    rows = board_rows(user, citizens, shown, today=today, soon_days=soon_days)
    staff, teams = staff_and_teams(user)
    consultants = [person for person in staff if person.role == Role.CONSULTANT]
    colour_of = {c.pk: i % len(PALETTE) for i, c in enumerate(consultants)}
    page_of, moves_of = IdLinks("citizens:detail"), IdLinks("journey:board_move")
    phase_word = _("Fase")
    may_move = user.can(Permission.EDIT_JOURNEY)
    columns = []
    for situation in BOARD_ORDER:
        moves = moves_for(situation)
        column = Column(
            situation,
            moves,
            total=rows.totals.get(situation, 0),
            pages=pages.get(situation, 1),
            movable=may_move and bool(moves),
        )
        for row in rows.cards[situation]:
            colour = colour_of.get(row.consultant_id) if row.consultant_id else None
            deadline = row.next_deadline
            column.cards.append(
                Card(
                    citizen_id=row.citizen_id,
                    name=row.full_name,
                    href=page_of(row.citizen_id),
                    move_href=moves_of(row.citizen_id),
                    colour="none" if colour is None else str(colour),
                    phase=f"{phase_word} {row.phase.value}" if row.phase else "",
                    consultant=row.consultant_name,
                    initials=row.consultant_initials,
                    deadline=_deadline_text(deadline) if deadline else "",
                    overdue=bool(deadline and deadline.overdue),
                )
            )
        columns.append(column)
    return BoardView(
        scope=scope,
        choices=scope_choices(user, staff, teams),
        columns=columns,
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
    # One refresh of the citizen's figures and snapshot for the whole move.
    with audited_atomic(), following(citizen.pk):
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
