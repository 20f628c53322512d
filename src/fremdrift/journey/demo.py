"""Synthetic journeys for the demo: each citizen's periods from takeover to today.

Municipalities differ the way domain.md describes: some start company-oriented offers within
two weeks, others after months; revisitation to activity-ready, placements, wage subsidy,
IGU, sickness and maternity leave and outcomes happen at plausible rates. Every row is
invented. Written with bulk_create: the demo must build in seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from fremdrift.accounts.models import User
from fremdrift.citizens.models import Citizen
from fremdrift.companies.models import Company
from fremdrift.journey.defaults import load_default_types
from fremdrift.journey.models import BenefitType, Contract, OfferType, Period
from fremdrift.journey.phase import add_months
from fremdrift.journey.types import Absence, OfferCategory, Outcome, PeriodKind, Visitation

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


def clip(day: dt.date, last: dt.date | None) -> dt.date:
    """`day`, but not after `last` (the day before the citizen's outcome) when there is one."""
    return day if last is None else min(day, last)


def municipality_pace(rng: random.Random) -> float:
    """Days to the first company-oriented offer, on average, for one municipality."""
    return rng.choice([10, 14, 21, 35, 60, 90])


class JourneyBuilder:
    def __init__(self, rng: random.Random, today: dt.date) -> None:
        load_default_types(BenefitType, OfferType)
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
        self, citizen: Citizen, author: User, pace: float, companies: list[Company]
    ) -> None:
        rng, today = self.rng, self.today
        start = citizen.takeover_date
        planned = add_months(start, 12) - dt.timedelta(days=1)
        # When the citizen leaves: most take years, some never within the data.
        months_to_outcome = rng.triangular(5, 40, 16)
        outcome_day = add_months(start, int(months_to_outcome)) + dt.timedelta(
            days=rng.randrange(28)
        )
        outcome = None
        if outcome_day <= today:
            outcome = rng.choices(
                [
                    Outcome.ORDINARY_JOB,
                    Outcome.ORDINARY_EDUCATION,
                    Outcome.IGU_COMPLETED,
                    Outcome.MOVED,
                    Outcome.LEFT_OTHER,
                ],
                weights=[58, 14, 8, 12, 8],
            )[0]
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
        self._visitation(citizen, author, start, last_day)
        self._offers(citizen, author, start, last_day, pace, companies)
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

    def _visitation(
        self, citizen: Citizen, author: User, start: dt.date, last: dt.date | None
    ) -> None:
        rng = self.rng
        if rng.random() < 0.28:
            switch = start + dt.timedelta(days=rng.randrange(30, 150))
            self.add(
                citizen,
                author,
                PeriodKind.VISITATION,
                start,
                code=Visitation.JOB_READY,
                end=min(switch - dt.timedelta(days=1), last or switch),
            )
            if last is None or switch <= last:
                back = switch + dt.timedelta(days=rng.randrange(120, 400))
                if rng.random() < 0.5 and (last is None or back <= last):
                    self.add(
                        citizen,
                        author,
                        PeriodKind.VISITATION,
                        switch,
                        code=Visitation.ACTIVITY_READY,
                        end=back - dt.timedelta(days=1),
                        reason=rng.choice(ACTIVITY_REASONS),
                    )
                    self.add(
                        citizen,
                        author,
                        PeriodKind.VISITATION,
                        back,
                        code=Visitation.JOB_READY,
                        end=last,
                        reason="Helbredet er bedret; klar til job.",
                    )
                else:
                    self.add(
                        citizen,
                        author,
                        PeriodKind.VISITATION,
                        switch,
                        code=Visitation.ACTIVITY_READY,
                        end=last,
                        reason=rng.choice(ACTIVITY_REASONS),
                    )
        else:
            self.add(
                citizen, author, PeriodKind.VISITATION, start, code=Visitation.JOB_READY, end=last
            )

    def _offers(
        self,
        citizen: Citizen,
        author: User,
        start: dt.date,
        last: dt.date | None,
        pace: float,
        companies: list[Company],
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
        day = start + dt.timedelta(days=int(rng.expovariate(1 / pace)) + 3)
        steps = [
            "afklaringspraktik",
            "sprogpraktik",
            "branchepraktik",
            "virksomhedspraktik",
            "opkvalificeringspraktik",
            "nytteindsats",
        ]
        while day < (last or self.today) and companies:
            roll = rng.random()
            if roll < 0.7:
                code, weeks = rng.choice(steps), rng.choice([4, 8, 13])
            elif roll < 0.88:
                code, weeks = rng.choice(["loentilskud_privat", "loentilskud_offentlig"]), 26
            else:
                code, weeks = "igu", 104
            end = clip(day + dt.timedelta(weeks=weeks) - dt.timedelta(days=1), last)
            self.add(
                citizen,
                author,
                PeriodKind.OFFER,
                day,
                offer_type=self.offers[code],
                company=rng.choice(companies),
                end=end,
                planned_end=day + dt.timedelta(weeks=weeks) - dt.timedelta(days=1),
                hours_per_week=Decimal(rng.choice([15, 20, 25, 30, 37])),
            )
            if self.offers[code].category == OfferCategory.IGU:
                break
            day = end + dt.timedelta(days=rng.randrange(7, 90))

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
