"""Properties of the figures over random histories (hypothesis).

- Every stock figure equals the day-by-day oracle (tests/results/oracle.py) on every month.
- A numerator is never above its denominator.
- Each breakdown adds up to its total.
- Changes applied one citizen at a time give the same table as a full rebuild, and the same
  benefit spells (the median's table).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fremdrift.activation.models import OrdinaryHours
from fremdrift.activation.services import ordinary_hours_start
from fremdrift.audit.services import audited_atomic
from fremdrift.companies.follow_up_services import follow_up_version
from fremdrift.companies.models import FollowUp, Placement, WorkAgreement
from fremdrift.core.months import month_end, month_index
from fremdrift.instruments.models import Response
from fremdrift.instruments.services import load_builtin_instruments
from fremdrift.journey import services
from fremdrift.journey.models import BenefitType, OfferType, Period
from fremdrift.results.compute import Scope, compute
from fremdrift.results.definitions import FIGURES, Unit
from fremdrift.results.models import FigureValue
from fremdrift.results.refresh import rebuild
from tests.companies.factories import CompanyFactory
from tests.results import oracle, oracle_placements
from tests.results.helpers import citizen, period, spell_table

pytestmark = pytest.mark.django_db
TODAY = dt.date(2019, 12, 15)
EPOCH = dt.date(2016, 1, 1)
FAST = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

day = st.integers(min_value=0, max_value=(TODAY - EPOCH).days).map(
    lambda n: EPOCH + dt.timedelta(days=n)
)


# A placement's work agreement: signed or a draft (the days each party signed, counted from
# the offer's start), its agreed follow-up dates and the days follow-ups were held; a revised
# one has a signed first version with other dates and a newer draft with these.
agreement = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "signed": st.booleans(),
            "sign": st.lists(st.integers(0, 120), min_size=3, max_size=3),
            "dates": st.lists(st.integers(0, 260), max_size=4),
            "held": st.lists(st.integers(-10, 270), max_size=4),
            "revised": st.booleans(),
        }
    ),
)


@st.composite
def history(draw):
    """A citizen's periods that keep the rules: exclusive kinds never overlap."""
    start = draw(day)
    end = draw(st.one_of(st.none(), st.integers(20, 900)))
    end = None if end is None else start + dt.timedelta(days=end)
    born = draw(st.dates(dt.date(1950, 1, 1), dt.date(2001, 12, 31)))
    spec = {
        "birth": born,
        "country": draw(st.sampled_from(["SY", "ER", "DE"])),
        "female": draw(st.booleans()),
        "programme": (start, end),
        "benefits": [],
        "visits": [],
        "offers": [],
        "outcome": None,
    }
    # Benefit spells: back to back (one spell) or with a gap (two).
    cut = start + dt.timedelta(days=draw(st.integers(10, 500)))
    gap = draw(st.integers(0, 3))
    kinds = draw(
        st.lists(st.sampled_from(["integrationsydelse", "kontanthjaelp"]), min_size=2, max_size=2)
    )
    spec["benefits"] = [(start, cut, kinds[0]), (cut + dt.timedelta(days=1 + gap), end, kinds[1])]
    switch = start + dt.timedelta(days=draw(st.integers(5, 400)))
    spec["visits"] = [
        (start, switch, "job_ready"),
        (
            switch + dt.timedelta(days=1),
            end,
            draw(st.sampled_from(["job_ready", "activity_ready"])),
        ),
    ]
    for _ in range(draw(st.integers(0, 3))):
        o_start = start + dt.timedelta(days=draw(st.integers(0, 500)))
        o_end = o_start + dt.timedelta(days=draw(st.integers(0, 200)))
        spec["offers"].append(
            (
                o_start,
                o_end,
                draw(st.sampled_from(["virksomhedspraktik", "loentilskud_privat", "du2"])),
                draw(st.sampled_from([None, Decimal("7.5"), Decimal("15"), Decimal("37")])),
                draw(agreement),
            )
        )
    # Ordinary hours beside the offers (activation.OrdinaryHours), sometimes.
    spec["ordinary"] = [
        (
            start + dt.timedelta(days=draw(st.integers(0, 400))),
            draw(st.one_of(st.none(), st.integers(0, 300))),
            draw(st.sampled_from([Decimal("5"), Decimal("12.5")])),
        )
        for _ in range(draw(st.integers(0, 1)))
    ]
    if end is not None:
        spec["outcome"] = (
            end + dt.timedelta(days=1),
            draw(st.sampled_from(["ordinary_job", "ordinary_education", "moved", "left_other"])),
        )
    return spec


def add_agreement(offer: Period, deal: dict, author) -> None:
    """The placement's work agreement(s) and follow-ups, written straight to the tables."""
    placement = Placement.objects.create(municipality=offer.municipality, period=offer)

    def version(number, previous, signed, shift):
        a = WorkAgreement.objects.create(
            municipality=offer.municipality,
            placement=placement,
            number=number,
            previous=previous,
            created_by=author,
            status="signed" if signed else "draft",
        )
        for n in sorted(set(deal["dates"])):
            a.follow_up_dates.create(
                municipality=offer.municipality, date=offer.start + dt.timedelta(days=n + shift)
            )
        if signed:
            for party, n in zip(("employer", "citizen", "adviser"), deal["sign"], strict=True):
                a.signatures.create(
                    municipality=offer.municipality,
                    party=party,
                    signer_name="N.N.",
                    signed_on=offer.start + dt.timedelta(days=n + shift),
                    recorded_by=author,
                )
        return a

    if deal["revised"]:
        version(2, version(1, None, True, 3), deal["signed"], 0)
    else:
        version(1, None, deal["signed"], 0)
    if deal["held"]:
        load_builtin_instruments()
        instrument = follow_up_version(offer.municipality)
    for n in deal["held"]:
        response = Response.objects.create(
            municipality=offer.municipality,
            version=instrument,
            instrument=instrument.instrument,
            citizen=offer.citizen,
            placement=placement,
            respondent="consultant",
            taken_on=offer.start + dt.timedelta(days=n),
            recorded_by=author,
        )
        FollowUp.objects.create(
            municipality=offer.municipality, placement=placement, response=response
        )


def add_offer(who, span, code, hours, company, deal, author) -> None:
    at = company if code != "du2" else None
    offer = period(who, "offer", *span, offer=code, hours_per_week=hours, company=at)
    if at is not None and deal is not None:
        add_agreement(offer, deal, author)


def build(municipality, spec, author=None):
    who = citizen(municipality, birth=spec["birth"], country=spec["country"], female=spec["female"])
    start, end = spec["programme"]
    period(who, "programme", start, end)

    def clip(s, e):
        e = e if end is None or (e is not None and e <= end) else end
        return (
            (s, e) if s <= TODAY and (e is None or s <= e) and (end is None or s <= end) else None
        )

    for s, e, kind in spec["benefits"]:
        if (span := clip(s, e)) is not None:
            period(who, "benefit", *span, benefit=kind)
    for s, e, code in spec["visits"]:
        if (span := clip(s, e)) is not None:
            period(who, "visitation", *span, code=code)
    company = CompanyFactory(municipality=municipality)
    for s, e, code, hours, *deal in spec["offers"]:
        if (span := clip(s, e)) is not None:
            add_offer(who, span, code, hours, company, deal[0] if deal and author else None, author)
    for s, days, hours in spec.get("ordinary", []):
        if s <= TODAY:
            e = None if days is None else s + dt.timedelta(days=days)
            OrdinaryHours.objects.create(
                municipality=municipality, citizen=who, start=s, end=e, hours_per_week=hours
            )
    if spec["outcome"] and spec["outcome"][0] <= TODAY:
        period(who, "outcome", spec["outcome"][0], code=spec["outcome"][1])
        if spec["outcome"][1] == "ordinary_job" and spec["country"] == "ER":
            # Some keep a top-up benefit in the job: not self-supporting then.
            o = spec["outcome"][0]
            period(who, "benefit", o, o + dt.timedelta(days=60), benefit="kontanthjaelp")
    return who


def rolled_back(test):
    """Each hypothesis example in its own savepoint, so examples do not see each other.
    audited_atomic(): the services called inside refuse a plain transaction around them."""

    def run(*args, **kwargs):
        with audited_atomic():
            test(*args, **kwargs)
            transaction.set_rollback(True)

    return run


# Found by hypothesis: the oracle once read "within the 36 months" as date arithmetic, which
# lets a programme started on 29 February into M1's population at 28 February three years on;
# docs/figures.md counts the start's month, m-35 to m, as the SQL does.
LEAP_DAY_START = {
    "birth": dt.date(2000, 1, 1),
    "country": "SY",
    "female": False,
    "programme": (dt.date(2016, 2, 29), None),
    "benefits": [(dt.date(2016, 2, 29), None, "integrationsydelse")],
    "visits": [(dt.date(2016, 2, 29), None, "job_ready")],
    "offers": [],
    "outcome": None,
}


# One placement with a revised agreement and follow-ups on both sides of a month's turn, so
# the work agreement's figures are held to the oracle whatever the random draw.
AGREED = {
    **LEAP_DAY_START,
    "programme": (dt.date(2018, 1, 1), None),
    "benefits": [(dt.date(2018, 1, 1), None, "integrationsydelse")],
    "visits": [(dt.date(2018, 1, 1), None, "job_ready")],
    "offers": [
        (
            dt.date(2018, 3, 1),
            dt.date(2018, 9, 30),
            "virksomhedspraktik",
            Decimal("15"),
            {
                "signed": False,
                "sign": [10, 40, 12],
                "dates": [30, 58, 90, 240],
                "held": [23, 65, 66, 100],  # 7 days early, 7 days late
                "revised": True,
            },
        )
    ],
}


@FAST
@given(specs=st.lists(history(), min_size=1, max_size=4))
@example(specs=[LEAP_DAY_START])
@example(specs=[AGREED])
def test_every_stock_figure_equals_the_day_by_day_oracle(odense, odense_consultant, specs):
    @rolled_back
    def check():
        people = [build(odense, spec, odense_consultant) for spec in specs]
        vals = compute(Scope(municipality_id=odense.pk), today=TODAY)
        for month in range(month_index(EPOCH), month_index(TODAY) + 1):
            expected = oracle.figures_on(people, month_end(month))
            expected["placement_paid"] = oracle.placement_paid(people, month)
            expected["placement_agreement"] = oracle_placements.placement_agreement(
                people, month_end(month)
            )
            expected["follow_up_on_time"] = oracle_placements.follow_up_on_time(people, month)
            for fig, (num, den) in expected.items():
                got = vals.get((odense.pk, fig, "", "", month))
                if num == 0 and not den:
                    assert got is None, (fig, month, got)
                else:
                    assert got == (num, den if den is None else float(den)), (fig, month)

    check()


@FAST
@given(specs=st.lists(history(), min_size=1, max_size=5))
def test_numerators_stay_within_denominators_and_breakdowns_add_up(
    odense, odense_caseworker, odense_consultant, specs
):
    @rolled_back
    def check():
        for i, spec in enumerate(specs):
            who = build(odense, spec, odense_consultant)
            if i % 2:
                who.caseworker = odense_caseworker
                who.save()
        vals = compute(Scope(municipality_id=odense.pk), today=TODAY)
        sums: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for (_mu, fig, dim, _val, month), (num, den) in vals.items():
            if FIGURES[fig].unit == Unit.SHARE:
                assert 0 <= num <= den
            if dim:
                sums[(fig, dim, month)][0] += num
                sums[(fig, dim, month)][1] += den or 0
        for (fig, dim, month), (num, den) in sums.items():
            total = vals.get((odense.pk, fig, "", "", month), (0.0, 0.0))
            assert (num, den) == (total[0], total[1] or 0.0), (fig, dim, month)

    check()


def _table() -> dict:
    return {
        (r.municipality_id, r.figure, r.dim, r.value_key, r.month): (r.numerator, r.denominator)
        for r in FigureValue.objects.filter(source="own")
    }


change = st.tuples(
    st.integers(0, 3),  # which citizen
    st.sampled_from(["visit", "offer", "end", "benefit", "hours"]),
    day,
    st.sampled_from(["job_ready", "activity_ready"]),
)


APPLIED: list[str] = []

# One example that always runs, so the services' paths are taken whatever the random draw.
_D = dt.date
STEADY = {
    "birth": _D(1985, 5, 1),
    "country": "SY",
    "female": True,
    "programme": (_D(2017, 1, 1), None),
    "benefits": [
        (_D(2017, 1, 1), _D(2017, 6, 30), "integrationsydelse"),
        (_D(2017, 7, 1), None, "integrationsydelse"),
    ],
    "visits": [(_D(2017, 1, 1), _D(2017, 3, 31), "job_ready"), (_D(2017, 4, 1), None, "job_ready")],
    "offers": [],
    "outcome": None,
}
STEADY_CHANGES = [
    (0, "visit", _D(2018, 1, 10), "activity_ready"),
    (0, "offer", _D(2018, 2, 1), "job_ready"),
    (0, "visit", _D(2018, 3, 10), "job_ready"),
    (0, "benefit", _D(2018, 6, 1), "job_ready"),
    (0, "offer", _D(2018, 8, 1), "job_ready"),
    (0, "hours", _D(2018, 8, 15), "job_ready"),
]


@FAST
@example(specs=[STEADY], changes=STEADY_CHANGES)
@given(specs=st.lists(history(), min_size=1, max_size=4), changes=st.lists(change, max_size=6))
def test_changes_one_citizen_at_a_time_equal_a_full_rebuild(
    odense, odense_caseworker, odense_consultant, specs, changes
):
    @rolled_back
    def check():
        people = [build(odense, spec, odense_consultant) for spec in specs]
        # The services refresh up to the current month, so the rebuilds do too.
        rebuild()
        benefit = BenefitType.objects.get(code="kontanthjaelp")
        offer = OfferType.objects.get(code="virksomhedspraktik")
        company = CompanyFactory(municipality=odense)
        for index, what, on, category in changes:
            who = people[index % len(people)]
            try:
                if what == "visit":
                    services.citizen_visit(
                        actor=odense_caseworker,
                        citizen=who,
                        category=category,
                        on=on,
                        reason="Ny vurdering",
                    )
                elif what == "offer":
                    services.period_start(
                        actor=odense_caseworker,
                        citizen=who,
                        kind="offer",
                        offer_type=offer,
                        start=on,
                        end=on + dt.timedelta(days=40),
                        company=company,
                        hours_per_week=Decimal("22.5") if on.day % 2 else None,
                    )
                elif what == "hours":
                    ordinary_hours_start(
                        actor=odense_caseworker,
                        citizen=who,
                        start=on,
                        end=on + dt.timedelta(days=70),
                        hours_per_week=Decimal("7.5"),
                    )
                elif what == "benefit":
                    services.benefit_change(
                        actor=odense_caseworker, citizen=who, benefit_type=benefit, on=on
                    )
                else:
                    open_period = Period.objects.filter(
                        citizen=who, end__isnull=True, start__lte=on
                    ).first()
                    if open_period is not None:
                        services.period_end(actor=odense_caseworker, period=open_period, end=on)
            except ValidationError:
                continue
            APPLIED.append(what)
        incremental, spells = _table(), spell_table()
        rebuild()
        assert incremental == _table()  # the median included
        assert spells == spell_table()

    check()


def test_the_random_changes_were_applied():
    # Runs after the property above (file order): the changes did get through the services,
    # the steady example's at least (the random examples add more, varying from run to run).
    assert len(APPLIED) >= len(STEADY_CHANGES)
    assert {"visit", "offer", "benefit"} <= set(APPLIED)
