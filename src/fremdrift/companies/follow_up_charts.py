"""The placement page's scores over time: one small line chart per competence, as the
progression pages draw readings (charts.lines), with the wage point's score as the target
line. The page shows a table of the same numbers beside them."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fremdrift.charts.lines import Line, line_chart
from fremdrift.companies.follow_up_selectors import FollowUpRow
from fremdrift.instruments.models import InstrumentVersion
from fremdrift.instruments.texts import text_in

SCALE_TOP = 5.0


@dataclasses.dataclass(frozen=True)
class CompetenceChart:
    key: str
    label: str
    svg: SafeString


def competence_labels(version: InstrumentVersion | None, language: str) -> dict[str, str]:
    """Each item's short name in the language (Danish where it is missing), in the
    instrument's order; empty without an instrument."""
    if version is None:
        return {}
    return {item["key"]: text_in(item["short"], language)[0] for item in version.items()}


def respondent_labels(version: InstrumentVersion | None, language: str) -> dict[str, str]:
    if version is None:
        return {}
    return {r["key"]: text_in(r["name"], language)[0] for r in version.definition["respondents"]}


def competence_charts(
    rows: Sequence[FollowUpRow],
    labels: dict[str, str],
    level_score: Decimal | None,
) -> list[CompetenceChart]:
    """One chart per competence over the follow-ups held, oldest first; none without any."""
    if not rows:
        return []
    x_labels = [date_format(row.taken_on, "SHORT_DATE_FORMAT") for row in rows]
    charts = []
    for key, label in labels.items():
        values = [_value(row.scores.get(key)) for row in rows]
        tips = [
            f"{row.scores[key]} ({row.who})" if row.scores.get(key) is not None else ""
            for row in rows
        ]
        svg = line_chart(
            title=_("%(competence)s over tid") % {"competence": label},
            x_labels=x_labels,
            lines=[Line(name=label, values=values, labels=tips)],
            unit="",
            y_max=SCALE_TOP,
            target=float(level_score) if level_score is not None else None,
            target_label=_("Lønpoint"),
            description=_("Scoren fra 1 til 5 ved hver opfølgning. Tallene står i tabellen."),
            no_data_text=_("(ingen score)"),
            chart_id=f"follow-up-{key}",
        )
        charts.append(CompetenceChart(key, label, svg))
    return charts


def _value(score: int | None) -> float | None:
    return None if score is None else float(score)
