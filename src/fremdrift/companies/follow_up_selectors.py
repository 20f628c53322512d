"""Reads of a placement's follow-ups: the scores over time, the links sent, the wage point."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from django.db.models import Prefetch

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.companies.models import FollowUp, FollowUpLink, Placement
from fremdrift.companies.placement_selectors import current_agreement
from fremdrift.companies.wage_point import (
    COMPETENCES,
    Scored,
    WagePoint,
    latest_scores,
    wage_point_reached,
)
from fremdrift.instruments.models import Answer
from fremdrift.journey.models import Period


@dataclasses.dataclass(frozen=True)
class FollowUpRow:
    """One follow-up held: when, who answered, their scores and what comes next."""

    follow_up: FollowUp
    taken_on: dt.date
    respondent: str  # the instrument's respondent key
    who: str
    scores: dict[str, int | None]
    specials: dict[str, str]
    next_focus: str


@dataclasses.dataclass(frozen=True)
class FollowUpSection:
    rows: list[FollowUpRow]
    links: list[tuple[FollowUpLink, str]]  # each link with its state: open, used, expired
    latest: dict[str, int]
    next_focus: FollowUpRow | None
    wage_point: WagePoint
    agreement_found: bool


def follow_up_rows(user: User, placement: Placement | None) -> list[FollowUpRow]:
    """The placement's follow-ups, oldest first, with their answers (two queries)."""
    if placement is None:
        return []
    follow_ups = (
        scoped_queryset(user, FollowUp, Permission.VIEW_CITIZEN)
        .filter(placement=placement)
        .select_related("response", "response__recorded_by", "contact_person")
        .prefetch_related(
            Prefetch(
                "response__answers",
                queryset=scoped_queryset(user, Answer, Permission.VIEW_CITIZEN).order_by("id"),
            )
        )
        .order_by("response__taken_on", "id")
    )
    return [_row(f) for f in follow_ups]


def _row(follow_up: FollowUp) -> FollowUpRow:
    response = follow_up.response
    answers = list(response.answers.all())
    if follow_up.contact_person is not None:
        who = follow_up.contact_person.name
    else:
        who = response.recorded_by.get_full_name() or response.recorded_by.username
    return FollowUpRow(
        follow_up=follow_up,
        taken_on=response.taken_on,
        respondent=response.respondent,
        who=who,
        scores={a.item: a.value for a in answers},
        specials={a.item: a.special for a in answers if a.special},
        next_focus=follow_up.next_focus,
    )


def placement_links(user: User, placement: Placement | None, now: dt.datetime) -> list:
    if placement is None:
        return []
    links = (
        scoped_queryset(user, FollowUpLink, Permission.VIEW_CITIZEN)
        .filter(placement=placement)
        .select_related("contact_person", "created_by")
        .order_by("-created_at", "-id")
    )
    return [(link, link.state(now)) for link in links]


def scored(rows: list[FollowUpRow]) -> list[Scored]:
    return [Scored(row.taken_on, row.follow_up.pk, row.scores) for row in rows]


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def follow_up_section(
    user: User, period: Period, placement: Placement | None, now: dt.datetime
) -> FollowUpSection:
    rows = follow_up_rows(user, placement)
    latest = latest_scores(scored(rows))
    agreement = current_agreement(user, placement)
    wage_point = wage_point_reached(
        latest,
        _decimal(period.hours_per_week),
        _decimal(agreement.wage_point_score) if agreement else None,
        _decimal(agreement.wage_point_hours) if agreement else None,
    )
    with_text = [row for row in rows if row.next_focus]
    return FollowUpSection(
        rows=rows,
        links=placement_links(user, placement, now),
        latest=latest,
        next_focus=with_text[-1] if with_text else None,
        wage_point=wage_point,
        agreement_found=agreement is not None,
    )


__all__ = ["COMPETENCES", "FollowUpRow", "FollowUpSection", "follow_up_section"]
