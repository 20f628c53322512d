"""Change over time: plain arithmetic over readings, with no database in sight.

A reading is one respondent's numeric answers at one date. Two readings are compared only on
the items both answered with a number on the same scale; so a new version of an instrument
compares with the old one on the items they share, and "don't know", "not relevant" and
unanswered items never count as a score. Definitions (shown beside every figure on screen):

- change since the first reading: latest score minus first score, per item;
- a citizen's overall score: the mean over the items compared, so first and latest overall
  scores always cover the same items;
- measured: the citizen has at least two readings with an item in common;
- improved / unchanged / worse: the sign of the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from statistics import fmean


@dataclass(frozen=True)
class Reading:
    citizen_id: int
    respondent: str
    taken_on: dt.date
    response_id: int
    scale: tuple[int, int]
    scores: Mapping[str, int]


def comparable_items(a: Reading, b: Reading) -> list[str]:
    """Items both readings scored, on the same scale; in `b`'s order for stable output."""
    if a.scale != b.scale:
        return []
    return [item for item in b.scores if item in a.scores]


def change_between(a: Reading, b: Reading) -> dict[str, int]:
    return {item: b.scores[item] - a.scores[item] for item in comparable_items(a, b)}


def sign(delta: float) -> int:
    return (delta > 0) - (delta < 0)


@dataclass(frozen=True)
class CitizenProgress:
    """One citizen's readings from one respondent, first to latest. The derived values are
    cached: reports ask for them once per dimension."""

    citizen_id: int
    respondent: str
    readings: tuple[Reading, ...]

    @property
    def first(self) -> Reading:
        return self.readings[0]

    @property
    def latest(self) -> Reading:
        return self.readings[-1]

    @property
    def previous(self) -> Reading | None:
        return self.readings[-2] if len(self.readings) > 1 else None

    @cached_property
    def since_first(self) -> dict[str, int]:
        return change_between(self.first, self.latest) if len(self.readings) > 1 else {}

    @cached_property
    def since_previous(self) -> dict[str, int]:
        previous = self.previous
        return change_between(previous, self.latest) if previous else {}

    @cached_property
    def measured(self) -> bool:
        return bool(self.since_first)

    @cached_property
    def overall_first(self) -> float | None:
        items = self.since_first
        return fmean(self.first.scores[i] for i in items) if items else None

    @cached_property
    def overall_latest(self) -> float | None:
        items = self.since_first
        return fmean(self.latest.scores[i] for i in items) if items else None

    @cached_property
    def overall_change(self) -> float | None:
        first, latest = self.overall_first, self.overall_latest
        return None if first is None or latest is None else latest - first


def progress_of(readings: Iterable[Reading]) -> list[CitizenProgress]:
    """Group readings per citizen and respondent, each ordered by date (then by response)."""
    grouped: dict[tuple[int, str], list[Reading]] = {}
    for reading in readings:
        grouped.setdefault((reading.citizen_id, reading.respondent), []).append(reading)
    return [
        CitizenProgress(citizen, respondent, tuple(sorted(rs, key=_order)))
        for (citizen, respondent), rs in grouped.items()
    ]


def _order(reading: Reading) -> tuple[dt.date, int]:
    return reading.taken_on, reading.response_id


@dataclass(frozen=True)
class DimensionSummary:
    item: str
    measured: int
    improved: int
    unchanged: int
    worse: int
    mean_first: float | None
    mean_latest: float | None

    @property
    def mean_change(self) -> float | None:
        if self.mean_first is None or self.mean_latest is None:
            return None
        return self.mean_latest - self.mean_first

    def share(self, count: int) -> float | None:
        return count / self.measured if self.measured else None

    @property
    def share_improved(self) -> float | None:
        return self.share(self.improved)

    @property
    def share_unchanged(self) -> float | None:
        return self.share(self.unchanged)

    @property
    def share_worse(self) -> float | None:
        return self.share(self.worse)


@dataclass(frozen=True)
class GroupSummary:
    """A caseload, team, municipality or cohort: how many, and how far they travelled."""

    citizens: int  # with at least one reading
    measured: int  # with two readings or more that share an item
    mean_first: float | None
    mean_latest: float | None
    positive: int  # measured citizens whose overall score rose
    dimensions: dict[str, DimensionSummary] = field(default_factory=dict)

    @property
    def mean_change(self) -> float | None:
        if self.mean_first is None or self.mean_latest is None:
            return None
        return self.mean_latest - self.mean_first

    @property
    def share_positive(self) -> float | None:
        return self.positive / self.measured if self.measured else None


def summarise_dimension(progresses: Sequence[CitizenProgress], item: str) -> DimensionSummary:
    firsts, latests, signs = [], [], []
    for progress in progresses:
        delta = progress.since_first.get(item)
        if delta is None:
            continue
        firsts.append(progress.first.scores[item])
        latests.append(progress.latest.scores[item])
        signs.append(sign(delta))
    return DimensionSummary(
        item=item,
        measured=len(signs),
        improved=signs.count(1),
        unchanged=signs.count(0),
        worse=signs.count(-1),
        mean_first=fmean(firsts) if firsts else None,
        mean_latest=fmean(latests) if latests else None,
    )


def summarise(progresses: Sequence[CitizenProgress], items: Sequence[str]) -> GroupSummary:
    measured = [p for p in progresses if p.measured]
    firsts = [p.overall_first for p in measured]
    latests = [p.overall_latest for p in measured]
    return GroupSummary(
        citizens=len({p.citizen_id for p in progresses}),
        measured=len(measured),
        mean_first=fmean(firsts) if firsts else None,  # type: ignore[arg-type]
        mean_latest=fmean(latests) if latests else None,  # type: ignore[arg-type]
        positive=sum(1 for p in measured if (p.overall_change or 0) > 0),
        dimensions={item: summarise_dimension(measured, item) for item in items},
    )
