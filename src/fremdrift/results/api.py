"""The figures as rows, for the JSON API and the `fremdrift figures` command.

Both answer the same question the same way, so a number on a page can be checked by hand:
figure, municipality, months from-to -> numerator, denominator, value per month, with the
national average beside it and the figure's definition on top.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.roles import Role
from fremdrift.core.aggregates import SMALL_COUNT_LIMIT
from fremdrift.core.csv_cells import SafeDictWriter
from fremdrift.core.months import month_code, month_end, month_label, parse_month
from fremdrift.results.definitions import FIGURES, Figure, figure
from fremdrift.results.disclosure import hidden_counts
from fremdrift.results.selectors import Cell, latest_month, national, own_values


class FigureQueryError(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class FigureQuery:
    figure: Figure
    municipalities: list[Municipality]
    first: int
    last: int
    suppress: bool


def parse_query(params: Mapping[str, str], *, user: User | None) -> FigureQuery:
    """Read figure, municipality, from and to; `user` None is the server's own command."""
    errors: dict[str, str] = {}
    code = (params.get("figure") or "").strip()
    chosen: Figure | None = None
    try:
        chosen = figure(code)
    except KeyError:
        errors["figure"] = _("Ukendt nøgletal '%(code)s'. Brug et af: %(codes)s.") % {
            "code": code,
            "codes": ", ".join(FIGURES),
        }
    latest = latest_month()
    first, last = latest - 11, latest
    for name in ("from", "to"):
        text = (params.get(name) or "").strip()
        if not text:
            continue
        try:
            value = parse_month(text)
        except ValueError as exc:
            errors[name] = f"{name}: {exc}"
            continue
        first, last = (value, last) if name == "from" else (first, value)
    if last > latest:
        errors["to"] = _("%(month)s er ikke slut endnu; den seneste hele måned er %(latest)s.") % {
            "month": month_label(last).capitalize(),
            "latest": month_code(latest),
        }
    elif first > last:
        errors["to"] = _("Slutmåneden ligger før startmåneden.")
    elif last - first > 12 * 10:
        errors["to"] = _("Højst ti år ad gangen.")
    municipalities = _municipalities((params.get("municipality") or "").strip(), user, errors)
    if errors or chosen is None:
        raise FigureQueryError(errors)
    suppress = user is not None and user.role == Role.FACILITATOR
    return FigureQuery(chosen, municipalities, first, last, suppress)


def _municipalities(code: str, user: User | None, errors: dict[str, str]) -> list[Municipality]:
    if user is not None and user.role != Role.FACILITATOR:
        # Staff see their own municipality only; another code is outside their scope.
        if code and code != user.municipality.code:
            errors["municipality"] = _("Du har kun adgang til tal for din egen kommune.")
        return [user.municipality]
    if not code:
        if user is None:
            errors["municipality"] = _("Angiv kommunekoden, fx 461.")
            return []
        return list(Municipality.objects.filter(in_project=True))
    found = list(Municipality.objects.filter(code=code))
    if not found:
        errors["municipality"] = _("Kommunekoden %(code)s findes ikke.") % {"code": code}
    return found


def figure_rows(query: FigureQuery) -> dict[str, object]:
    fig = query.figure
    values = own_values([m.pk for m in query.municipalities], [fig.code], query.first, query.last)
    rows = []
    for municipality in query.municipalities:
        hidden = hidden_counts(municipality.pk) if query.suppress else frozenset()
        for month in range(query.first, query.last + 1):
            cell = Cell.of(
                fig,
                values.get((municipality.pk, fig.code, "", "", month)),
                suppress=query.suppress,
                hidden=(fig.code, month) in hidden,
            )
            rows.append(
                {
                    "municipality": municipality.code,
                    "name": municipality.name,
                    "period": month_code(month),
                    "reference_date": month_end(month).isoformat(),
                    "numerator": None if cell.suppressed else fig.shown_numerator(cell.numerator),
                    "denominator": None if cell.suppressed else cell.shown_denominator,
                    "value": None if cell.value is None else round(cell.value, 4),
                    "suppressed": cell.suppressed,
                }
            )
    reference = national(fig, query.first, query.last)
    return {
        "figure": {
            "code": fig.code,
            "name": str(fig.name),
            "population": str(fig.population),
            "numerator": str(fig.numerator),
            "reference": str(fig.reference),
            "source": str(fig.source),
            "unit": fig.unit,
        },
        "from": month_code(query.first),
        "to": month_code(query.last),
        "suppressed_below": SMALL_COUNT_LIMIT if query.suppress else None,
        "values": rows,
        # Every month of the range, a month without an imported value as missing (null).
        "national": [
            {
                "period": month_code(month),
                "value": None if (value := reference.value(month)) is None else round(value, 4),
                "missing": value is None,
                "source": "jobindsats" if month in reference.imported else None,
                "extracted_on": (
                    reference.imported[month].isoformat() if month in reference.imported else None
                ),
            }
            for month in range(query.first, query.last + 1)
        ],
        "national_source": reference.source_note,
    }


CSV_COLUMNS = [
    "municipality",
    "name",
    "period",
    "reference_date",
    "numerator",
    "denominator",
    "value",
    "suppressed",
]


def rows_as_csv(result: dict[str, object]) -> str:
    out = io.StringIO()
    writer = SafeDictWriter(out, fieldnames=CSV_COLUMNS, delimiter=";", lineterminator="\n")
    writer.writeheader()
    for row in result["values"]:  # type: ignore[attr-defined]
        writer.writerow(row)
    return out.getvalue()
