"""The project's first year in the demo, planned month by month.

The 17 project municipalities live through the project's first year as domain.md reports
it. Each gets a plan (`plan_first_year`): its share for M1, M2 and M3 at the baseline (the
month 12 months before the last complete month) and a year later, placed around the national
series so that as many municipalities are above the national average as the project
reported. From the day after the baseline the municipality works differently: outcomes come
sooner, a revisitation wave moves activity-ready citizens back to job-ready (or, in a few,
the other way), and the gaps between company-oriented offers shrink. With 20-300 citizens
behind a municipality's share, chance alone moves it by 5-10 points from one month to the
next and would drown that story, so each citizen's outcome, visitation and offers are
chosen among a few plausible versions: the one that brings the figures of the months it
touches closest to the plan (`Steer`, error diffusion as in dithering). The other
municipalities of the country-sized set keep their steady ways.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from fremdrift.core.months import month_index, month_start

Months = tuple[int, int] | None  # first and last month covered, None when none
T = TypeVar("T")
STEERED_MONTHS = 48


def covered(start: dt.date, end: dt.date | None, last: int) -> Months:
    """The months whose last day lies in [start, end], up to month `last`, as the figures
    count them (a period covers a month when it covers the month's last day)."""
    first = month_index(start)
    # The last month ending on or before `end` is the one before the month of the next day.
    final = last if end is None else min(last, month_index(end + dt.timedelta(days=1)) - 1)
    return (first, final) if first <= final else None


class Steer:
    """One figure's planned share per month, and how far the journeys chosen so far are off.

    `error[i]` is (people counted) - (planned share x people in the population) in month
    `first + i`. Choosing, citizen by citizen, the version that keeps the weighted sum of
    squared errors lowest holds every month's share within a person or two of the plan, and
    the heavier months (the baseline and the latest month, which the annual report compares)
    closer still.
    """

    def __init__(
        self, first: int, targets: Sequence[float], weights: Sequence[float] | None = None
    ) -> None:
        self.first = first
        self.targets = list(targets)
        self.weights = list(weights) if weights is not None else [1.0] * len(self.targets)
        self.error = [0.0] * len(self.targets)

    def _rows(self, population: Months) -> range:
        if population is None:
            return range(0)
        return range(
            max(population[0] - self.first, 0),
            min(population[1] - self.first, len(self.targets) - 1) + 1,
        )

    def _base_cost(self, population: Months) -> float:
        """How much the squared error grows with one more citizen counted in no month."""
        target, error, weight = self.targets, self.error, self.weights
        return sum(
            weight[i] * target[i] * (target[i] - 2 * error[i]) for i in self._rows(population)
        )

    def _hit_cost(self, population: Months, hits: Iterable[int]) -> float:
        """And how much more for the months the citizen is counted in."""
        rows = self._rows(population)
        target, error, weight = self.targets, self.error, self.weights
        total = 0.0
        for month in hits:
            i = month - self.first
            if i in rows:
                total += weight[i] * (1 + 2 * (error[i] - target[i]))
        return total

    def commit(self, population: Months, hits: Iterable[int]) -> None:
        rows = self._rows(population)
        for i in rows:
            self.error[i] -= self.targets[i]
        for month in hits:
            i = month - self.first
            if i in rows:
                self.error[i] += 1

    def choose(
        self,
        options: Sequence[T],
        population: Callable[[T], Months],
        hits: Callable[[T], Iterable[int]],
    ) -> T:
        """The option that keeps the figure closest to the plan; committed to."""
        base: dict[Months, float] = {}
        best: tuple[float, int, Months, Iterable[int]] | None = None
        for index, option in enumerate(options):
            counted, months = population(option), hits(option)
            if counted not in base:
                base[counted] = self._base_cost(counted)
            cost = base[counted] + self._hit_cost(counted, months)
            if best is None or cost < best[0]:
                best = (cost, index, counted, months)
        assert best is not None
        self.commit(best[2], best[3])
        return options[best[1]]


@dataclass(frozen=True)
class Plan:
    """A project municipality's planned shares (percent) at the baseline and a year later."""

    m1: tuple[float, float]
    job_ready: tuple[float, float]
    company: tuple[float, float]


@dataclass
class Trend:
    """A project municipality's first project year, month by month, for the journeys."""

    change: dt.date  # the first day of the new ways: the day after the baseline
    wave_days: int  # how long the revisitation wave lasts
    last: int  # the last steered month: the last complete one
    m1: Steer
    job_ready: Steer
    company: Steer


ABOVE, CLIMBER, BELOW = "above", "climber", "below"
# Changes in the share job-ready (points) as the project reported them: from -4 to +68, most
# of them modest, a couple very large.
JOB_READY_CHANGES = [-2.0, -0.8, 3, 5, 7, 9, 11, 14, 17, 20, 24, 28, 33, 38, 44, 50, 56]
# Roughly which part of a municipality's citizens is in M1's population, and in M2's and
# M3's, on a given day.
M1_SHARE, M23_SHARE = 0.5, 0.3
# Where the sign of a small change matters (a fall of a few points), the change goes to a
# municipality whose population is large enough that one citizen moves the share by at most
# this many points.
SIGN_SAFE_POINTS = 1.5
CLIMBER_MARGIN = 6.0


def _margin(size: int, share: float) -> float:
    """Points to keep from a limit: two people of the population, at least 3."""
    return max(3.0, 2 * 100 / max(share * size, 1))


def _roles(
    rng: random.Random, size: list[int], share: float, above: int, climbers: int
) -> list[str]:
    """Who starts above the national average, who passes it during the year, who stays
    below. Passing it takes a rise of two margins or more, so the climbers are drawn among
    the municipalities large enough for that."""
    count = len(size)
    order = list(range(count))
    rng.shuffle(order)
    able = [i for i in order if _margin(size[i], share) <= CLIMBER_MARGIN]
    able += sorted((i for i in order if i not in able), key=lambda i: -size[i])
    roles = [BELOW] * count
    for i in able[:climbers]:
        roles[i] = CLIMBER
    for i in [i for i in order if roles[i] == BELOW][:above]:
        roles[i] = ABOVE
    return roles


def _large_enough(
    rng: random.Random, candidates: Iterable[int], size: list[int], share: float, count: int
) -> list[int]:
    """`count` of the candidates whose population is large enough for a small change's sign,
    at random; the largest of the others when there are too few."""
    pool = list(candidates)
    safe = [i for i in pool if 100 / max(share * size[i], 1) <= SIGN_SAFE_POINTS]
    picked = rng.sample(safe, min(count, len(safe)))
    rest = sorted((i for i in pool if i not in picked), key=lambda i: -size[i])
    return picked + rest[: count - len(picked)]


def plan_first_year(
    rng: random.Random, sizes: Mapping[str, int], national: Mapping[str, tuple[float, float]]
) -> dict[str, Plan]:
    """Each municipality's plan. `sizes`: citizens per municipality code; `national`: the
    national share at the baseline and a year later, per figure.

    After domain.md's reported facts: M1 rises 9-29 points everywhere, 3 municipalities above
    the national average at the start and 5 a year later; M2 changes -4 to +68; M3 changes
    -5 to +26 and rises in 15 of 17, with 4 above the national average at the start and 9 a
    year later. Plans keep from every limit a margin that grows as the municipality shrinks.
    """
    codes = list(sizes)
    size = [sizes[code] for code in codes]
    count = len(codes)

    m1: list[tuple[float, float]] = []
    n0, n1 = national["M1"]
    for i, role in enumerate(_roles(rng, size, M1_SHARE, above=3, climbers=2)):
        m = _margin(size[i], M1_SHARE)
        low, high = 9 + m, 29 - m
        if role == ABOVE:
            # Kept modest: much above 45 % within 36 months is more than the demo's
            # citizens can reach in a year.
            base = n0 + m + rng.uniform(0, 4)
            change = rng.uniform(low, low + 3)
        elif role == CLIMBER:
            base = n0 - m - rng.uniform(0, 6)
            need = n1 + m - base
            change = rng.uniform(max(low, need), max(low, need, min(high, need + 8)))
        else:
            base = rng.uniform(6, max(6, n1 - m - low))
            change = rng.uniform(low, max(low, min(high, n1 - m - base)))
        m1.append((base, base + change))

    company: list[tuple[float, float]] = []
    n0, n1 = national["M3"]
    roles = _roles(rng, size, M23_SHARE, above=4, climbers=5)
    steady = [i for i, role in enumerate(roles) if role != CLIMBER]
    falling = _large_enough(rng, steady, size, M23_SHARE, 2)
    for i, role in enumerate(roles):
        m = _margin(size[i], M23_SHARE)
        low, high = m, 26 - m
        if i in falling:
            change = -rng.uniform(2, 3)
            if role == ABOVE:
                base = n1 + m - change + rng.uniform(0, 8)
            else:
                base = rng.uniform(16, n1 - m - 4)
        elif role == ABOVE:
            base = n0 + m + rng.uniform(0, 10)
            change = rng.uniform(low, max(low, 12))
        elif role == CLIMBER:
            gap = n1 - n0
            base = n0 - m - rng.uniform(0, max(0, min(9, high - 2 * m - gap)))
            need = n1 + m - base
            change = rng.uniform(max(low, need), max(low, need, min(high, need + 8)))
        else:
            base = rng.uniform(10, max(10, n1 - m - low))
            change = rng.uniform(low, max(low, min(high, n1 - m - base)))
        company.append((base, base + change))

    template = JOB_READY_CHANGES
    changes = [template[i * len(template) // count] for i in range(count)]
    changes = [c + rng.uniform(-0.3, 0.3) if c < 0 else c + rng.uniform(-1.5, 1.5) for c in changes]
    negative = sorted(c for c in changes if c < 0)
    rest = [c for c in changes if c >= 0]
    rng.shuffle(rest)
    falls = _large_enough(rng, range(count), size, M23_SHARE, len(negative))
    ordered = iter(rest)
    job_ready = []
    for i in range(count):
        change = negative[falls.index(i)] if i in falls else next(ordered)
        current = rng.uniform(max(72, change + 28), 93)
        job_ready.append((current - change, current))

    return {
        code: Plan(m1=m1[i], job_ready=job_ready[i], company=company[i])
        for i, code in enumerate(codes)
    }


# The baseline and the latest month weigh more: the dashboard and the annual report compare
# exactly those two.
KEY_WEIGHT = 8.0


def build_trend(rng: random.Random, plan: Plan, today: dt.date) -> Trend:
    """The plan as a share per month: steady until the baseline, then towards the new level
    (M1 over the whole year, since it counts who made it within 36 months; M2 and M3 over a
    few months)."""
    last = month_index(today) - 1
    baseline = last - 12
    first = last - STEERED_MONTHS + 1
    wave = rng.randint(3, 8)
    weights = [KEY_WEIGHT if m in (baseline, last) else 1.0 for m in range(first, last + 1)]

    def targets(levels: tuple[float, float], ramp: int, linear: bool) -> list[float]:
        base, current = levels
        values = []
        for month in range(first, last + 1):
            x = min(max((month - baseline) / ramp, 0.0), 1.0)
            value = base + (current - base) * (x if linear else x * x * (3 - 2 * x))
            if month not in (baseline, last):
                value += rng.gauss(0, 0.5)  # a month is never quite like the plan
            values.append(min(max(value, 1.0), 99.0) / 100)
        return values

    return Trend(
        change=month_start(baseline + 1),
        wave_days=wave * 30,
        last=last,
        m1=Steer(first, targets(plan.m1, 12, linear=True), weights),
        job_ready=Steer(first, targets(plan.job_ready, wave, linear=False), weights),
        company=Steer(first, targets(plan.company, rng.randint(4, 10), linear=False), weights),
    )
