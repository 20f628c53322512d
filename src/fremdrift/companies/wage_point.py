"""The wage point: when a placement has reached the level the work agreement set for paid work.

Pure functions over plain values, so the arithmetic is tested without a database. The level
is the agreement's `wage_point_score` (every competence of the follow-up instrument scored at
least this, on its latest follow-up) and `wage_point_hours` (at least these hours a week at
the company, the period's `hours_per_week`). Either part may be left out of the agreement;
with neither there is no wage point to reach.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

# The follow-up instrument's competences (instruments/definitions/
# fremdrift-praktikopfoelgning.yaml), in the order the placement page shows them.
COMPETENCES: tuple[str, ...] = (
    "punctuality",
    "cooperation",
    "danish_at_work",
    "instructions",
    "initiative",
    "work_pace",
    "quality",
    "agreed_tasks",
)


class WagePointStatus(enum.StrEnum):
    REACHED = "reached"
    NOT_REACHED = "not_reached"
    NO_LEVEL = "no_level"


@dataclasses.dataclass(frozen=True)
class WagePoint:
    """The outcome, and what is missing when it is not reached.

    `below` lists the competences scored under the level (with their latest score),
    `unscored` those without any score yet; `hours_short` is how many hours a week are
    missing (None when the hours are not part of the level or are enough)."""

    status: WagePointStatus
    level_score: Decimal | None = None
    level_hours: Decimal | None = None
    below: tuple[tuple[str, int], ...] = ()
    unscored: tuple[str, ...] = ()
    hours_short: Decimal | None = None
    hours_unknown: bool = False

    @property
    def reached(self) -> bool:
        return self.status == WagePointStatus.REACHED


def wage_point_reached(
    latest_scores: Mapping[str, int | None],
    hours_per_week: Decimal | None,
    level_score: Decimal | None,
    level_hours: Decimal | None,
    competences: Sequence[str] = COMPETENCES,
) -> WagePoint:
    """Whether the latest scores and the hours reach the level. A competence with no score
    (None, or absent) counts as not reached: the level is about every competence."""
    if level_score is None and level_hours is None:
        return WagePoint(WagePointStatus.NO_LEVEL)
    below: list[tuple[str, int]] = []
    unscored: list[str] = []
    if level_score is not None:
        for key in competences:
            score = latest_scores.get(key)
            if score is None:
                unscored.append(key)
            elif Decimal(score) < level_score:
                below.append((key, score))
    hours_short: Decimal | None = None
    hours_unknown = False
    if level_hours is not None:
        if hours_per_week is None:
            hours_unknown = True
        elif hours_per_week < level_hours:
            hours_short = level_hours - hours_per_week
    reached = not (below or unscored or hours_short is not None or hours_unknown)
    return WagePoint(
        WagePointStatus.REACHED if reached else WagePointStatus.NOT_REACHED,
        level_score=level_score,
        level_hours=level_hours,
        below=tuple(below),
        unscored=tuple(unscored),
        hours_short=hours_short,
        hours_unknown=hours_unknown,
    )


@dataclasses.dataclass(frozen=True)
class Scored:
    """One follow-up's scores, as the wage point reads them: its date and a value per item
    (a special answer such as "not seen yet" is no score)."""

    taken_on: dt.date
    order: int
    scores: Mapping[str, int | None]


def latest_scores(follow_ups: Iterable[Scored]) -> dict[str, int]:
    """The latest score per competence across follow-ups (whoever answered): a competence
    left unscored in the newest follow-up keeps its score from an earlier one."""
    latest: dict[str, int] = {}
    for follow_up in sorted(follow_ups, key=lambda f: (f.taken_on, f.order)):
        for key, value in follow_up.scores.items():
            if value is not None:
                latest[key] = value
    return latest
