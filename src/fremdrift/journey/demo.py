"""Synthetic journeys for the demo: each citizen's periods from takeover to today.

Municipalities differ the way domain.md describes: some start company-oriented offers within
two weeks, others after months; revisitation to activity-ready, placements, wage subsidy,
IGU, sickness and maternity leave and outcomes happen at plausible rates. Every row is
invented. Written with bulk_create: the demo must build in seconds.

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
from decimal import Decimal
from typing import TypeVar

from fremdrift.accounts.models import User
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.origin import OriginGroup, origin_group
from fremdrift.companies.models import Company
from fremdrift.journey.defaults import load_default_max_weeks, load_default_types
from fremdrift.journey.models import BenefitType, Contract, OfferType, Period
from fremdrift.journey.phase import add_months
from fremdrift.journey.types import Absence, Outcome, PeriodKind, Visitation
from fremdrift.results.months import month_index, month_start

ACTIVITY_REASONS = [
    "Dokumenterede helbredsproblemer (ryg) hindrer fuldtidsbeskæftigelse lige nu.",
    "Traumer efter flugt; forløb hos psykolog er i gang.",
    "Alvorligt sygt barn kræver meget tilstedeværelse i hjemmet.",
    "Lægeerklæring: nedsat funktionsevne, afklares i forløb.",
]
EXTENSION_REASONS = [
    "Mangler at afslutte Danskuddannelse 2, modul 4.",
    "Barsel har forsinket forløbet.",
    "Længerevarende sygdom i programperioden.",
]
BACK_REASON = "Helbredet er bedret; klar til job."
# The project's review of every activity-ready citizen (the revisitation wave).
WAVE_REASONS = [
    "Revisiteret ved gennemgang af sagen: kan tage et virksomhedsrettet tilbud ved siden af "
    "behandlingen.",
    "Revisiteret efter samtale med virksomhedskonsulent: klar til praktik med mentor.",
    "Revisiteret: helbredet hindrer ikke et job på nedsat tid.",
]
OUTCOMES = [
    Outcome.ORDINARY_JOB,
    Outcome.ORDINARY_EDUCATION,
    Outcome.IGU_COMPLETED,
    Outcome.MOVED,
    Outcome.LEFT_OTHER,
]
OUTCOME_WEIGHTS = [58, 14, 8, 12, 8]
SELF_SUPPORTING = (Outcome.ORDINARY_JOB, Outcome.ORDINARY_EDUCATION)
PLACEMENTS = [
    "afklaringspraktik",
    "sprogpraktik",
    "branchepraktik",
    "virksomhedspraktik",
    "opkvalificeringspraktik",
    "nytteindsats",
]
STEADY_GAPS = (7, 90)  # days between company-oriented offers
# The versions of a citizen's company-oriented offers a project municipality chooses among:
# days between offers before and after the baseline (None: no such offer at all).
SHORT_GAPS, LONG_GAPS, RARE_GAPS = (5, 35), (60, 240), (150, 420)
GAP_PLANS: list[tuple[tuple[int, int], tuple[int, int]] | None] = [
    (STEADY_GAPS, STEADY_GAPS),
    (SHORT_GAPS, SHORT_GAPS),
    (LONG_GAPS, LONG_GAPS),
    (RARE_GAPS, RARE_GAPS),
    (LONG_GAPS, SHORT_GAPS),
    (RARE_GAPS, STEADY_GAPS),
    (SHORT_GAPS, LONG_GAPS),
    None,
]
# The days a project municipality's citizen may leave, in months after takeover
# (triangular: low, high, mode): as usual, early, late; and some in the project year.
LEAVING_MONTHS = [(3, 42, 12)] * 4 + [(3, 15, 6)] * 2 + [(18, 60, 36)] * 2
PROJECT_OUTCOME_OPTIONS = 2
STEERED_MONTHS = 48

# (code, start, end or None, reason)
VisitationPeriod = tuple[str, dt.date, dt.date | None, str]
# (offer type code, start, end, planned end, hours per week, company)
Offer = tuple[str, dt.date, dt.date, dt.date, Decimal, Company]
Months = tuple[int, int] | None  # first and last month covered, None when none
T = TypeVar("T")


def clip(day: dt.date, last: dt.date | None) -> dt.date:
    """`day`, but not after `last` (the day before the citizen's outcome) when there is one."""
    return day if last is None else min(day, last)


def municipality_pace(rng: random.Random) -> float:
    """Days to the first company-oriented offer, on average, for one municipality."""
    return rng.choice([10, 14, 21, 35, 60, 90])


def covered(start: dt.date, end: dt.date | None, last: int) -> Months:
    """The months whose last day lies in [start, end], up to month `last`, as the figures
    count them (a period covers a month when it covers the month's last day)."""
    first = month_index(start)
    # The last month ending on or before `end` is the one before the month of the next day.
    final = last if end is None else min(last, month_index(end + dt.timedelta(days=1)) - 1)
    return (first, final) if first <= final else None


# --------------------------------------------------------------------------------------
# The plan of the project's first year


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


# --------------------------------------------------------------------------------------
# The journeys


class JourneyBuilder:
    def __init__(self, rng: random.Random, today: dt.date) -> None:
        load_default_types(BenefitType, OfferType)
        load_default_max_weeks(OfferType)
        self.rng = rng
        self.today = today
        self.benefits = {b.code: b for b in BenefitType.objects.all()}
        self.offers = {o.code: o for o in OfferType.objects.all()}
        self.periods: list[Period] = []
        self.contracts: list[Contract] = []
        # The last day in the programme of those who left it, for the other demo builders.
        self.last_days: dict[int, dt.date] = {}

    def add(
        self, citizen: Citizen, author: User, kind: str, start: dt.date, **fields: object
    ) -> None:
        end = fields.get("end")
        if start > self.today or (end is not None and end < start):
            return
        if end is not None and end >= self.today:
            fields["planned_end"] = fields.get("planned_end") or end
            fields["end"] = None
        self.periods.append(
            Period(
                municipality_id=citizen.municipality_id,
                citizen=citizen,
                kind=kind,
                start=start,
                created_by=author,
                **fields,
            )
        )

    def citizen(
        self,
        citizen: Citizen,
        author: User,
        pace: float,
        companies: list[Company],
        trend: Trend | None = None,
    ) -> None:
        """One citizen's periods; a project municipality's `trend` steers the choices."""
        rng, today = self.rng, self.today
        start = citizen.takeover_date
        planned = add_months(start, 12) - dt.timedelta(days=1)
        if trend is None:
            # When the citizen leaves: most take years, some never within the data.
            outcome_day = self._leaving_day(start, (5, 40, 16))
            outcome = self._reason() if outcome_day <= today else None
        else:
            # Why the citizen leaves is settled; when is chosen among some plausible days:
            # sooner or later, or in the project year, as the plan needs.
            reason = self._reason()
            soonest = max(trend.change, add_months(start, 3))
            days = [
                *(self._leaving_day(start, months) for months in LEAVING_MONTHS),
                *(
                    soonest + dt.timedelta(days=rng.randrange(330))
                    for _ in range(PROJECT_OUTCOME_OPTIONS)
                ),
            ]
            last_month = trend.last
            window = _m1_window(citizen, last_month)

            def m1_population(option: tuple[dt.date, str | None]) -> Months:
                day, outcome = option
                if window is None or outcome != Outcome.MOVED:
                    return window
                # Those who moved away no longer count from the month they moved.
                final = min(window[1], month_index(day) - 1)
                return (window[0], final) if window[0] <= final else None

            def m1_hits(option: tuple[dt.date, str | None]) -> Iterable[int]:
                day, outcome = option
                if outcome not in SELF_SUPPORTING:
                    return ()
                return range(month_index(day), last_month + 1)

            options = [(day, reason if day <= today else None) for day in days]
            if reason not in SELF_SUPPORTING:
                # The project year's better chance of a job, for those who would have left
                # for another reason.
                options += [
                    (day, Outcome.ORDINARY_JOB if day <= today else None)
                    for day in days[-PROJECT_OUTCOME_OPTIONS:]
                ]
            outcome_day, outcome = trend.m1.choose(
                options,
                m1_population,
                m1_hits,
            )
        last_day = outcome_day - dt.timedelta(days=1) if outcome else None
        if last_day is not None:
            self.last_days[citizen.pk] = last_day
        # Extended (with a reason) when the citizen is still in the programme after a year:
        # by whole years, as little as needed, at most five in all.
        needed = last_day or today + dt.timedelta(days=rng.randrange(20, 200))
        extended = planned < needed
        years = 1
        while planned < needed and years < 5:
            years += 1
            planned = add_months(start, 12 * years) - dt.timedelta(days=1)
        self.add(
            citizen,
            author,
            PeriodKind.PROGRAMME,
            start,
            code="programme",
            end=last_day,
            planned_end=planned,
            reason=rng.choice(EXTENSION_REASONS) if extended else "",
        )
        benefit = "selvforsoergelsesydelse" if start.year >= 2020 else "integrationsydelse"
        self.add(
            citizen,
            author,
            PeriodKind.BENEFIT,
            start,
            benefit_type=self.benefits[benefit],
            end=last_day,
        )
        # In the programme and on integration benefit: the population of M2 and M3.
        population = covered(start, last_day, trend.last) if trend else None
        self._visitation(citizen, author, start, last_day, trend, population)
        self._offers(citizen, author, start, last_day, pace, companies, trend, population)
        self._absence(citizen, author, start, last_day)
        if outcome:
            hours = (
                Decimal(rng.choice([15, 20, 25, 30, 37]))
                if outcome == Outcome.ORDINARY_JOB
                else None
            )
            self.add(
                citizen, author, PeriodKind.OUTCOME, outcome_day, code=outcome, hours_per_week=hours
            )
        if rng.random() < 0.92:
            signed = start + dt.timedelta(days=int(rng.triangular(5, 50, 20)))
            if signed <= today:
                self.contracts.append(
                    Contract(
                        municipality_id=citizen.municipality_id,
                        citizen=citizen,
                        signed_on=signed,
                        recorded_by=author,
                    )
                )

    def _leaving_day(self, start: dt.date, months: tuple[float, float, float]) -> dt.date:
        low, high, mode = months
        return add_months(start, int(self.rng.triangular(low, high, mode))) + dt.timedelta(
            days=self.rng.randrange(28)
        )

    def _reason(self) -> str:
        return self.rng.choices(OUTCOMES, weights=OUTCOME_WEIGHTS)[0]

    def _visitation(
        self,
        citizen: Citizen,
        author: User,
        start: dt.date,
        last: dt.date | None,
        trend: Trend | None,
        population: Months,
    ) -> None:
        rng = self.rng
        days = dt.timedelta
        if trend is None:
            pattern = [(Visitation.JOB_READY, start, last, "")]
            if rng.random() < 0.28:
                switch = start + days(rng.randrange(30, 150))
                back = switch + days(rng.randrange(120, 400)) if rng.random() < 0.5 else None
                pattern = self._pattern(start, last, switch, back, BACK_REASON)
        else:
            # Everyone is job-ready from day one; some are visited activity-ready later, and
            # may come back, by themselves or in the project's revisitation wave.
            switch = start + days(rng.randrange(7, 60))
            wave = trend.change + days(rng.randrange(7, trend.wave_days))
            options = [
                [(Visitation.JOB_READY, start, last, "")],
                self._pattern(start, last, switch, None, ""),
                self._pattern(
                    start, last, switch, switch + days(rng.randrange(60, 420)), BACK_REASON
                ),
                self._pattern(start, last, start + days(rng.randrange(120, 540)), None, ""),
            ]
            if wave > switch + days(30):
                options.append(self._pattern(start, last, switch, wave, rng.choice(WAVE_REASONS)))
            pattern = trend.job_ready.choose(
                options,
                lambda _option: population,
                lambda option: _hits(
                    covered(s, e, trend.last) for code, s, e, _r in option if code == "job_ready"
                ),
            )
        for code, day, end, reason in pattern:
            self.add(citizen, author, PeriodKind.VISITATION, day, code=code, end=end, reason=reason)

    def _pattern(
        self,
        start: dt.date,
        last: dt.date | None,
        switch: dt.date,
        back: dt.date | None,
        back_reason: str,
    ) -> list[VisitationPeriod]:
        """Job-ready from `start`, activity-ready from `switch`, job-ready again from `back`;
        cut short by the day the citizen leaves (`last`)."""
        if last is not None and switch > last:
            return [(Visitation.JOB_READY, start, last, "")]
        reason = self.rng.choice(ACTIVITY_REASONS)
        one_day = dt.timedelta(days=1)
        pattern = [(Visitation.JOB_READY, start, switch - one_day, "")]
        if back is None or (last is not None and back > last):
            pattern.append((Visitation.ACTIVITY_READY, switch, last, reason))
        else:
            pattern.append((Visitation.ACTIVITY_READY, switch, back - one_day, reason))
            pattern.append((Visitation.JOB_READY, back, last, back_reason))
        return pattern

    def _offers(
        self,
        citizen: Citizen,
        author: User,
        start: dt.date,
        last: dt.date | None,
        pace: float,
        companies: list[Company],
        trend: Trend | None,
        population: Months,
    ) -> None:
        """Offers from takeover; `last` is the day before the outcome, None if still in."""
        rng = self.rng
        if rng.random() < 0.6:
            self.add(
                citizen,
                author,
                PeriodKind.OFFER,
                start + dt.timedelta(days=rng.randrange(3, 10)),
                offer_type=self.offers["introforloeb"],
                end=start + dt.timedelta(days=30),
                hours_per_week=Decimal(15),
            )
        du = rng.choice(["du1", "du2", "du2", "du3"])
        du_start = start + dt.timedelta(days=rng.randrange(7, 35))
        self.add(
            citizen,
            author,
            PeriodKind.OFFER,
            du_start,
            offer_type=self.offers[du],
            module=f"{rng.randint(1, 3)}",
            end=clip(add_months(du_start, 24), last),
            hours_per_week=Decimal(rng.choice([6, 9, 12, 15])),
        )
        first = start + dt.timedelta(days=int(rng.expovariate(1 / pace)) + 3)
        if trend is not None and first > trend.change:
            # From the change on, the project's rule: a first company-oriented offer within
            # two weeks of takeover; those already waiting get theirs in the first months.
            sooner = max(
                start + dt.timedelta(days=rng.randrange(3, 15)),
                trend.change + dt.timedelta(days=rng.randrange(60)),
            )
            first = min(first, sooner)
        if trend is None:
            chain = self._chain(first, last, companies, STEADY_GAPS, STEADY_GAPS, None)
        else:
            chain = trend.company.choose(
                [
                    self._chain(first, last, companies, *gaps, trend.change) if gaps else []
                    for gaps in GAP_PLANS
                ],
                lambda _option: population,
                lambda option: _hits(covered(o[1], o[2], trend.last) for o in option),
            )
        for code, day, end, planned_end, hours, company in chain:
            self.add(
                citizen,
                author,
                PeriodKind.OFFER,
                day,
                offer_type=self.offers[code],
                company=company,
                end=end,
                planned_end=planned_end,
                hours_per_week=hours,
            )

    def _chain(
        self,
        day: dt.date,
        last: dt.date | None,
        companies: list[Company],
        gaps_before: tuple[int, int],
        gaps_after: tuple[int, int],
        change: dt.date | None,
    ) -> list[Offer]:
        """Company-oriented offers one after another from `day`, with gaps (in days) drawn
        from `gaps_before`, or from `gaps_after` once an offer ends on or after `change`."""
        rng = self.rng
        chain: list[Offer] = []
        while day < (last or self.today) and companies:
            roll = rng.random()
            if roll < 0.7:
                code, weeks = rng.choice(PLACEMENTS), rng.choice([4, 8, 13])
            elif roll < 0.88:
                code, weeks = rng.choice(["loentilskud_privat", "loentilskud_offentlig"]), 26
            else:
                code, weeks = "igu", 104
            planned_end = day + dt.timedelta(weeks=weeks) - dt.timedelta(days=1)
            end = clip(planned_end, last)
            hours = Decimal(rng.choice([15, 20, 25, 30, 37]))
            chain.append((code, day, end, planned_end, hours, rng.choice(companies)))
            if code == "igu":  # two years of paid work and school: the offer to end with
                break
            low, high = gaps_after if change is not None and end >= change else gaps_before
            day = end + dt.timedelta(days=rng.randrange(low, high))
        return chain

    def _absence(
        self, citizen: Citizen, author: User, start: dt.date, last: dt.date | None
    ) -> None:
        rng = self.rng
        if rng.random() < 0.12:
            day = start + dt.timedelta(days=rng.randrange(40, 300))
            self.add(
                citizen,
                author,
                PeriodKind.ABSENCE,
                day,
                code=Absence.SICK,
                end=clip(day + dt.timedelta(days=rng.randrange(7, 60)), last),
            )
        elif citizen.gender == "F" and rng.random() < 0.06:
            day = start + dt.timedelta(days=rng.randrange(60, 400))
            self.add(
                citizen,
                author,
                PeriodKind.ABSENCE,
                day,
                code=Absence.MATERNITY,
                end=clip(day + dt.timedelta(days=rng.randrange(180, 330)), last),
            )

    def save(self) -> int:
        """Write what was built so far and let it go, so memory stays flat per municipality."""
        Period.objects.bulk_create(self.periods, batch_size=2000)
        Contract.objects.bulk_create(self.contracts, batch_size=2000)
        saved = len(self.periods)
        self.periods, self.contracts = [], []
        return saved


def _hits(spans: Iterable[Months]) -> set[int]:
    return {month for span in spans if span for month in range(span[0], span[1] + 1)}


def _birth_month(citizen: Citizen) -> int:
    # Born 29 February: the birthday is 1 March in other years (as the figures count it).
    birth = citizen.birth_date
    return month_index(birth) + (1 if (birth.month, birth.day) == (2, 29) else 0)


def _m1_window(citizen: Citizen, last: int) -> Months:
    """The months the citizen counts in M1's population unless they move away (see
    results.definitions.M1): non-western, 18-64, within 36 months of programme start."""
    if origin_group(citizen.country_of_origin) != OriginGroup.NON_WESTERN:
        return None
    born = _birth_month(citizen)
    start = month_index(citizen.takeover_date)
    first = max(start, born + 18 * 12)
    final = min(start + 35, born + 65 * 12 - 1, last)
    return (first, final) if first <= final else None
