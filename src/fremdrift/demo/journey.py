"""Synthetic journeys for the demo: each citizen's periods from takeover to today.

Municipalities differ the way domain.md describes: some start company-oriented offers within
two weeks, others after months; revisitation to activity-ready, placements, wage subsidy,
IGU, sickness and maternity leave and outcomes happen at plausible rates. Every row is
invented. Written with bulk_create: the demo must build in seconds.

The first year of the project municipalities is planned in `first_year`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from decimal import Decimal

from fremdrift.accounts.models import User
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.origin import OriginGroup, origin_group
from fremdrift.companies.models import Company
from fremdrift.core.months import month_index
from fremdrift.demo.first_year import (
    Months,
    Trend,
    covered,
)
from fremdrift.journey.defaults import load_default_max_weeks, load_default_types
from fremdrift.journey.models import BenefitType, Contract, OfferType, Period
from fremdrift.journey.phase import add_months
from fremdrift.journey.types import Absence, Outcome, PeriodKind, Visitation

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

# (code, start, end or None, reason)
VisitationPeriod = tuple[str, dt.date, dt.date | None, str]
# (offer type code, start, end, planned end, hours per week, company)
Offer = tuple[str, dt.date, dt.date, dt.date, Decimal, Company]


def clip(day: dt.date, last: dt.date | None) -> dt.date:
    """`day`, but not after `last` (the day before the citizen's outcome) when there is one."""
    return day if last is None else min(day, last)


def municipality_pace(rng: random.Random) -> float:
    """Days to the first company-oriented offer, on average, for one municipality."""
    return rng.choice([10, 14, 21, 35, 60, 90])


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
