"""The shape of a theory of change or programme theory, read by its services and selectors
alike: the columns and the order they are filled in, which column may lead to which, the
versions of a document's line, and the progression dimensions a result may be bound to."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy

from fremdrift.accounts.models import Municipality
from fremdrift.instruments.response_services import current_version
from fremdrift.instruments.texts import text_in
from fremdrift.progression.selectors import USE
from fremdrift.toolbox.models import Horizon, TheoryKind, TheoryOfChange

# The columns in the order they are filled in: step 1, 2, 3, 4 (step 0 is the target group).
STEP_HORIZONS: dict[str, tuple[str, ...]] = {
    TheoryKind.CHANGE: (Horizon.LONG, Horizon.MEDIUM, Horizon.SHORT, Horizon.ACTIVITY),
    TheoryKind.PROGRAMME: (
        Horizon.END_GOAL,
        Horizon.SUB_GOAL,
        Horizon.ACTIVITY,
        Horizon.MECHANISM,
    ),
}


RESULT_HORIZONS = frozenset(
    {Horizon.LONG, Horizon.MEDIUM, Horizon.SHORT, Horizon.END_GOAL, Horizon.SUB_GOAL}
)


STEP_COUNT = 5  # 0 target group, 1-4 the columns


# One item of a column, as a summary names it ("Tilføjede aktivitet: ...").
SINGULAR = {
    Horizon.LONG: gettext_lazy("langsigtet resultat"),
    Horizon.MEDIUM: gettext_lazy("mellemlangt resultat"),
    Horizon.SHORT: gettext_lazy("kortsigtet resultat"),
    Horizon.ACTIVITY: gettext_lazy("aktivitet"),
    Horizon.END_GOAL: gettext_lazy("slutmål"),
    Horizon.SUB_GOAL: gettext_lazy("delmål"),
    Horizon.MECHANISM: gettext_lazy("virksom mekanisme"),
}


def step_horizons(kind: str) -> tuple[str, ...]:
    return STEP_HORIZONS[kind]


def reading_order(kind: str) -> tuple[str, ...]:
    """The columns left to right in the diagram: the reverse of the order they are filled."""
    return tuple(reversed(STEP_HORIZONS[kind]))


def step_of(kind: str, horizon: str) -> int:
    return STEP_HORIZONS[kind].index(horizon) + 1


def horizon_of_step(kind: str, step: int) -> str | None:
    """The column step `step` fills in; None for step 0 (the target group)."""
    return STEP_HORIZONS[kind][step - 1] if step > 0 else None


def is_result(horizon: str) -> bool:
    return horizon in RESULT_HORIZONS


def may_lead_to(kind: str, source: str, target: str) -> bool:
    """Whether an item in column `source` may lead to one in `target`: further right only."""
    order = reading_order(kind)
    return source in order and target in order and order.index(target) > order.index(source)


def target_horizons(kind: str, horizon: str) -> tuple[str, ...]:
    order = reading_order(kind)
    return order[order.index(horizon) + 1 :] if horizon in order else ()


def singular(horizon: str) -> str:
    return str(SINGULAR[horizon])


def lineage(theory: TheoryOfChange) -> list[TheoryOfChange]:
    """Every version of the document's line (the first and all made from it), by version."""
    root = theory
    seen = {root.pk}
    while root.previous_id is not None and root.previous_id not in seen:
        seen.add(root.previous_id)
        root = TheoryOfChange.objects.get(pk=root.previous_id)
    found = {root.pk: root}
    frontier = [root.pk]
    while frontier:
        children = list(TheoryOfChange.objects.filter(previous_id__in=frontier))
        frontier = [c.pk for c in children if c.pk not in found]
        found.update({c.pk: c for c in children})
    return sorted(found.values(), key=lambda t: (t.version, t.pk))


# The caseworker's assessment is the one every conversation has; the dimension's value is
# read from it.
DIMENSION_RESPONDENT = "caseworker"


def dimension_names(municipality: Municipality) -> dict[str, str]:
    """The progression instrument's dimensions the caseworker scores: key -> short name."""
    version = current_version(municipality, USE)
    if version is None:
        return {}
    language = translation.get_language() or "da"
    return {
        item["key"]: text_in(item.get("short"), language)[0] or item["key"]
        for item in version.items_for(DIMENSION_RESPONDENT)
    }
