"""Building citizens and periods for the figure tests, and reading computed values."""

from __future__ import annotations

import datetime as dt

from fremdrift.citizens.models import Citizen
from fremdrift.core.months import month_index
from fremdrift.journey.models import BenefitType, OfferType, Period
from fremdrift.results.compute import Scope, Values, compute
from fremdrift.results.models import BenefitSpell, FigureValue
from tests.factories import CitizenFactory, next_cpr

TODAY = dt.date(2019, 6, 15)
D = dt.date


def citizen(municipality, *, birth: dt.date | None = None, country: str = "SY", **extra) -> Citizen:
    return CitizenFactory(
        municipality=municipality,
        cpr=next_cpr(birth or D(1990, 1, 15), female=extra.pop("female", False)),
        country_of_origin=country,
        **extra,
    )


def period(who: Citizen, kind: str, start: dt.date, end: dt.date | None = None, **fields) -> Period:
    if kind == "benefit":
        fields["benefit_type"] = BenefitType.objects.get(
            code=fields.pop("benefit", "integrationsydelse")
        )
    if kind == "offer":
        fields["offer_type"] = OfferType.objects.get(code=fields.pop("offer", "virksomhedspraktik"))
    return Period.objects.create(
        municipality_id=who.municipality_id,
        citizen=who,
        kind=kind,
        code=fields.pop("code", "programme" if kind == "programme" else ""),
        start=start,
        end=end,
        **fields,
    )


def in_m2(who: Citizen, start: dt.date, end: dt.date | None = None) -> None:
    """In the programme and on integration benefit from `start`."""
    period(who, "programme", start, end)
    period(who, "benefit", start, end)


def values(municipality, today: dt.date = TODAY) -> Values:
    return compute(Scope(municipality_id=municipality.pk), today=today)


def at(vals: Values, municipality, figure: str, day: dt.date, dim: str = "", val: str = ""):
    """(numerator, denominator) on the month of `day`, or None when the table has no row."""
    return vals.get((municipality.pk, figure, dim, val, month_index(day)))


def figure_table() -> dict:
    """The own rows of the figure table, by key."""
    return {
        (r.municipality_id, r.figure, r.dim, r.value_key, r.month): (r.numerator, r.denominator)
        for r in FigureValue.objects.filter(source="own")
    }


def spell_table() -> list[tuple]:
    """The benefit spell table's rows, sorted."""
    return sorted(
        BenefitSpell.objects.values_list("citizen_id", "municipality_id", "start", "first", "last")
    )
