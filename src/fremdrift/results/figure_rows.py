"""Every figure row a municipality's page needs, read in one query.

The dashboard shows, for each objective, the municipality's own months (and its teams'),
the national figures imported from Jobindsats and the project municipalities' values for the
project average, and the zero point's breakdowns; `read_figure_rows` reads them all in one
query and sorts them out here, and results.selectors builds the cells from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q

from fremdrift.accounts.models import Municipality
from fremdrift.results.definitions import FIGURES
from fremdrift.results.models import FigureValue, Source

Pair = tuple[float, float | None]
Key = tuple[int, str, str, str, int]  # municipality, figure, dim, value, month
NationalRow = tuple[str, str, int, float, float | None, dt.date | None]  # figure, kind, month..
ZERO_POINT = [code for code in FIGURES if code not in ("M1", "M2", "M3")]
ZERO_POINT_DIMS = ("", "age_gender", "duration")


def project_municipality_ids() -> list[int]:
    return list(Municipality.objects.filter(in_project=True).values_list("pk", flat=True))


def project_municipalities() -> tuple[tuple[int, str, str], ...]:
    """The project's municipalities (id, name, code), as the results pages name and average
    them: not under the figure version, so a cached part's key names them."""
    return tuple(Municipality.objects.filter(in_project=True).values_list("pk", "name", "code"))


@dataclass
class FigureRows:
    """What a municipality's page shows, read in one query: its own rows (with the team and
    breakdown rows asked for), the project municipalities' totals, the national figures."""

    own: dict[Key, Pair]
    project: dict[Key, Pair]
    national: list[NationalRow]
    project_ids: list[int]


def read_figure_rows(
    municipality: Municipality,
    codes: Sequence[str],
    first: int,
    last: int,
    *,
    dims: Sequence[str] = ("", "team"),
    comparisons_from: int | None = None,
    zero_point_month: int | None = None,
) -> FigureRows:
    """One query for `codes` over first..last (the comparisons from `comparisons_from`), and,
    when asked, the zero-point figures of one month with their breakdowns."""
    ids = project_municipality_ids()
    since = first if comparisons_from is None else comparisons_from
    own = Q(source=Source.OWN, period_kind="M", municipality=municipality)
    wanted = own & Q(figure__in=codes, month__gte=first, month__lte=last, dim__in=dims)
    wanted |= Q(
        source=Source.OWN,
        period_kind="M",
        municipality_id__in=ids,
        figure__in=codes,
        month__gte=since,
        month__lte=last,
        dim="",
    )
    wanted |= Q(
        municipality__isnull=True, figure__in=codes, dim="", month__gte=since, month__lte=last
    )
    if zero_point_month is not None:
        wanted |= own & Q(figure__in=ZERO_POINT, month=zero_point_month, dim__in=ZERO_POINT_DIMS)
    rows = FigureRows({}, {}, [], ids)
    in_project, wanted_codes = set(ids), set(codes)  # tested once per row read
    for mu, source, kind, fig, dim, val, m, n, d, extracted in FigureValue.objects.filter(
        wanted
    ).values_list(
        "municipality_id",
        "source",
        "period_kind",
        "figure",
        "dim",
        "value_key",
        "month",
        "numerator",
        "denominator",
        "extracted_on",
    ):
        if mu is None:
            rows.national.append((fig, kind, m, n, d, extracted))
            continue
        if source != Source.OWN or kind != "M":
            continue
        if mu == municipality.pk:
            rows.own[(mu, fig, dim, val, m)] = (n, d)
        if mu in in_project and dim == "" and fig in wanted_codes and m >= since:
            rows.project[(mu, fig, dim, val, m)] = (n, d)
    return rows
