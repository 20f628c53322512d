"""Progression across citizens: a caseload, a team, the municipality, by cohort and by
caseworker. Plain functions over readings (selectors.municipality_readings fetches them).

A group of fewer than MIN_GROUP measured citizens is not shown, except in the caseworker's
own caseload, which they know person by person anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Role
from fremdrift.instruments.change import (
    CitizenProgress,
    DimensionSummary,
    GroupSummary,
    Reading,
    progress_of,
    summarise,
)
from fremdrift.progression.selectors import CitizenFacts

MIN_GROUP = 5


@dataclass(frozen=True)
class Scope:
    key: str
    label: str
    own: bool  # the user's own caseload: small groups are shown
    includes: Callable[[CitizenFacts], bool]


def scopes_for(user: User) -> list[Scope]:
    scopes = []
    if user.role == Role.CASEWORKER:
        scopes.append(
            Scope("egen", _("Min sagsstamme"), True, lambda f: f.caseworker_id == user.pk)
        )
    if user.team_id:
        team = user.team_id
        scopes.append(
            Scope(
                f"team-{team}",
                _("Mit team: %(team)s") % {"team": user.team.name},
                False,
                lambda f: f.team_id == team,
            )
        )
    scopes.append(Scope("kommune", _("Hele kommunen"), False, lambda f: True))
    return scopes


@dataclass(frozen=True)
class Row:
    label: str
    summary: GroupSummary
    suppressed: bool


@dataclass(frozen=True)
class DimensionRow:
    label: str
    summary: DimensionSummary
    suppressed: bool


def quarter_of(day: dt.date) -> str:
    return f"{day.year} K{(day.month - 1) // 3 + 1}"


def _grouped(
    progresses: Sequence[CitizenProgress],
    key: Callable[[CitizenProgress], object],
) -> dict[object, list[CitizenProgress]]:
    groups: dict[object, list[CitizenProgress]] = {}
    for progress in progresses:
        groups.setdefault(key(progress), []).append(progress)
    return groups


@dataclass
class Report:
    total: Row
    dimensions: list[DimensionRow]
    cohorts: list[Row]
    caseworkers: list[Row]


def build_report(
    readings: Sequence[Reading],
    facts: dict[int, CitizenFacts],
    *,
    scope: Scope,
    items: Sequence[tuple[str, str]],
    caseworker_names: dict[int, str] | None = None,
) -> Report:
    """`items` are (key, short name) in display order; `caseworker_names` asks for the
    per-caseworker summary (managers)."""
    progresses = [
        p
        for p in progress_of(r for r in readings if r.citizen_id in facts)
        if scope.includes(facts[p.citizen_id])
    ]
    keys = [key for key, _name in items]

    def row(label: str, group: Sequence[CitizenProgress], items: Sequence[str] = ()) -> Row:
        summary = summarise(group, items)
        return Row(label, summary, not scope.own and summary.measured < MIN_GROUP)

    # Only the total is broken down by dimension; cohorts and caseworkers show the summary.
    total = row(scope.label, progresses, keys)
    dimensions = [
        DimensionRow(
            name,
            total.summary.dimensions[key],
            not scope.own and total.summary.dimensions[key].measured < MIN_GROUP,
        )
        for key, name in items
    ]
    by_quarter = _grouped(progresses, lambda p: quarter_of(facts[p.citizen_id].takeover_date))
    cohorts = [
        row(str(q), group) for q, group in sorted(by_quarter.items(), key=lambda kv: str(kv[0]))
    ]
    caseworkers = []
    if caseworker_names is not None:
        by_caseworker = _grouped(progresses, lambda p: facts[p.citizen_id].caseworker_id)
        caseworkers = sorted(
            (row(_caseworker_label(cw, caseworker_names), group)
             for cw, group in by_caseworker.items()),
            key=lambda r: r.label,
        )  # fmt: skip
    return Report(total, dimensions, cohorts, caseworkers)


def _caseworker_label(caseworker_id: int | None, names: dict[int, str]) -> str:
    if caseworker_id is None:
        return _("Uden sagsbehandler")
    # Not among today's active colleagues: the citizens still count, under this label.
    return names.get(caseworker_id) or _("Tidligere medarbejder")
