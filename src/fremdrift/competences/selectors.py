"""Reads of the competence card: the card grouped by kind, and the board's filter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.citizens.models import Citizen
from fremdrift.competences.models import Assessment, Competence
from fremdrift.competences.vocabulary import FOLLOW_UP_KEYS, KEY_ORDER, Kind

TERM_MAX = 100


@dataclass
class Section:
    kind: Kind
    entries: list[Competence] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.kind.label)


@dataclass
class CardView:
    citizen: Citizen
    sections: list[Section]

    @property
    def empty(self) -> bool:
        return not any(section.entries for section in self.sections)


def display_title(competence: Competence) -> str:
    """A follow-up competence by its label in the interface language; the rest as written."""
    known = FOLLOW_UP_KEYS.get(competence.key)
    return str(known[1]) if known else competence.title


def _order(competence: Competence) -> tuple:
    # The follow-up's competences first, in the instrument's order; then by name.
    return (KEY_ORDER.get(competence.key, len(KEY_ORDER)), competence.title.lower())


def card_for(user: User, citizen: Citizen) -> CardView:
    """The citizen's card: each kind's entries, each with its assessments newest first (the
    first is the one that counts). Two queries."""
    history = Prefetch(
        "assessments",
        queryset=Assessment.objects.select_related("recorded_by").order_by("-assessed_on", "-pk"),
    )
    rows = (
        scoped_queryset(user, Competence, Permission.VIEW_CITIZEN)
        .filter(citizen=citizen)
        .prefetch_related(history)
    )
    sections = {kind: Section(kind) for kind in Kind}
    for competence in sorted(rows, key=_order):
        competence.display_title = display_title(competence)  # type: ignore[attr-defined]
        sections[Kind(competence.kind)].entries.append(competence)
    return CardView(citizen, list(sections.values()))


def citizens_with_competence(
    user: User, term: str, min_level: int | None
) -> QuerySet[Competence, Any]:
    """The ids of the user's citizens (as a subquery) with a competence whose title holds
    `term`, at `min_level` or above by its latest assessment when one is asked for.

    The caseload board narrows its citizens with it: one subquery on the competences of the
    user's municipality (indexed by municipality and level), no history read."""
    found = scoped_queryset(user, Competence, Permission.VIEW_CITIZEN)
    term = term.strip()[:TERM_MAX]
    if term:
        found = found.filter(title__icontains=term)
    if min_level is not None:
        found = found.filter(level__gte=min_level)
    return found.values("citizen_id")
