"""The placement page's follow-up section as the template shows it: the table's cells, the
charts and the wage point's missing parts in words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.companies.follow_up_charts import (
    competence_charts,
    competence_labels,
    respondent_labels,
)
from fremdrift.companies.follow_up_selectors import follow_up_section
from fremdrift.companies.follow_up_services import FOLLOW_UP_USE
from fremdrift.companies.models import Placement
from fremdrift.companies.wage_point import WagePoint
from fremdrift.core.numbers import fmt_number
from fremdrift.instruments.response_services import current_version
from fremdrift.journey.models import Period


def missing_texts(point: WagePoint, labels: dict[str, str]) -> list[str]:
    """What keeps the placement from its wage point, one line each."""
    level = fmt_number(float(point.level_score), 1) if point.level_score is not None else ""
    lines = [
        _("%(name)s: %(score)s, skal op på %(level)s")
        % {"name": labels.get(key, key), "score": score, "level": level}
        for key, score in point.below
    ]
    lines += [
        _("%(name)s: ingen score endnu") % {"name": labels.get(key, key)} for key in point.unscored
    ]
    if point.hours_short is not None and point.level_hours is not None:
        lines.append(
            _("%(short)s timer mere pr. uge (lønpointet er %(level)s timer)")
            % {
                "short": fmt_number(float(point.hours_short), 1),
                "level": fmt_number(float(point.level_hours), 1),
            }
        )
    if point.hours_unknown:
        lines.append(_("Timer pr. uge er ikke registreret på forløbet."))
    return lines


def follow_up_context(
    user: User, period: Period, placement: Placement | None, language: str, now: dt.datetime
) -> dict[str, Any]:
    follow = follow_up_section(user, period, placement, now)
    version = current_version(period.municipality, FOLLOW_UP_USE)
    labels = competence_labels(version, language)
    respondents = respondent_labels(version, language)
    table = [
        (row, respondents.get(row.respondent, row.respondent), [row.scores.get(k) for k in labels])
        for row in follow.rows
    ]
    return {
        "follow": follow,
        "labels": list(labels.values()),
        "table": table,
        "charts": competence_charts(follow.rows, labels, follow.wage_point.level_score),
        "missing": missing_texts(follow.wage_point, labels),
    }
