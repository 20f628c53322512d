"""Which moves the caseload board offers for a citizen, by the column the citizen is in.

A move only makes sense from where the citizen is: a citizen in a job or education is not
sent to a placement, a sick citizen is not sent to a placement either (she would still show
as sick), and "not placed" is only offered when there is an absence or a company-oriented
offer to end. The board shows these moves and the server refuses any other, so a stale page
or a hand-made request cannot do what the page would not offer.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fremdrift.journey.situation import Situation
from fremdrift.journey.types import OfferCategory


class Move(models.TextChoices):
    PLACEMENT = "placement", _("Start praktik")
    WAGE_SUBSIDY = "wage_subsidy", _("Start løntilskud")
    IGU = "igu", _("Start IGU")
    DANISH = "danish", _("Start danskuddannelse")
    SICK = "sick", _("Syg")
    MATERNITY = "maternity", _("Barsel")
    NOT_PLACED = "not_placed", _("Ikke placeret (afslut fravær eller praktik)")


# The board makes these itself; the others need a company, hours or a module, so they open
# the offer form with the offer group chosen.
DIRECT_MOVES = frozenset({Move.SICK, Move.MATERNITY, Move.NOT_PLACED})
FORM_MOVES: dict[Move, OfferCategory] = {
    Move.PLACEMENT: OfferCategory.PLACEMENT,
    Move.WAGE_SUBSIDY: OfferCategory.WAGE_SUBSIDY,
    Move.IGU: OfferCategory.IGU,
    Move.DANISH: OfferCategory.DANISH,
}

_ABSENT = (Move.SICK, Move.MATERNITY)
# Forward along the company-oriented ladder (placement, wage subsidy, IGU), never back down
# it from the board: a step down is a decision for the citizen's page.
_ALLOWED: dict[Situation, tuple[Move, ...]] = {
    Situation.NOT_PLACED: (Move.PLACEMENT, Move.WAGE_SUBSIDY, Move.IGU, Move.DANISH, *_ABSENT),
    # Danish education runs beside a placement; nothing company-oriented to end.
    Situation.DANISH_ONLY: (Move.PLACEMENT, Move.WAGE_SUBSIDY, Move.IGU, *_ABSENT),
    Situation.OTHER_OFFER: (Move.PLACEMENT, Move.WAGE_SUBSIDY, Move.IGU, Move.DANISH, *_ABSENT),
    Situation.PLACEMENT: (Move.WAGE_SUBSIDY, Move.IGU, Move.NOT_PLACED, *_ABSENT),
    Situation.WAGE_SUBSIDY: (Move.IGU, Move.NOT_PLACED, *_ABSENT),
    Situation.IGU: (Move.NOT_PLACED, *_ABSENT),
    # Back from leave is ending it; the other absence replaces this one (absence_start).
    Situation.MATERNITY: (Move.NOT_PLACED, Move.SICK),
    Situation.SICK: (Move.NOT_PLACED, Move.MATERNITY),
    # In ordinary work or education (self-supporting): the programme's goal is reached, and
    # what follows is recorded on the citizen's page, not started from the board.
    Situation.JOB_OR_EDUCATION: (),
}


def moves_for(situation: Situation | None) -> tuple[Move, ...]:
    """The moves the board offers for a citizen in `situation` (None: not in the programme)."""
    if situation is None:
        return ()
    return _ALLOWED[situation]


def check_move(situation: Situation | None, to: str) -> Move:
    """The move `to`, if the board offers it from `situation`; a Danish ValidationError if not."""
    if to not in Move.values:
        raise ValidationError(gettext("Vælg, hvor borgeren skal flyttes hen."), code="unknown")
    move = Move(to)
    if move not in moves_for(situation):
        where = situation.label if situation is not None else gettext("uden for programmet")
        raise ValidationError(
            gettext(
                "»%(move)s« kan ikke vælges for en borger, der står i »%(where)s«. "
                "Tavlen tilbyder kun de flytninger, der giver mening derfra."
            )
            % {"move": move.label, "where": where},
            code="not_allowed",
        )
    return move
