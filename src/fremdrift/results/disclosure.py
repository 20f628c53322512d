"""Which counts leave a municipality hidden, so that no hidden count can be worked out.

A count under five is hidden where it leaves the municipality (`selectors.is_small`; a
share also needs a complement of five). That alone is not enough, because the counts are
tied to each other, exactly:

- everyone in the programme is visited either job-ready or activity-ready, so
  programme = job_ready + activity_ready in every month;
- the programme's stock moves only by its flows:
  programme(m) - programme(m - 1) = inflow(m) - outflow_job(m) - outflow_other(m).

If one count of such a relation is hidden and the others are shown, it is their difference.
So more counts are hidden (complementary suppression) until no hidden count is determined by
the shown ones through any combination of the relations: a linear system whose hidden
unknowns must each stay free. The cells chosen in addition are the smallest shown counts, so
as little as possible is lost. The decision covers every month of the municipality at once,
whatever a request asks for: one request cannot reveal what another hides.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from fremdrift.core.aggregates import SMALL_COUNT_LIMIT
from fremdrift.results import versions
from fremdrift.results.models import FigureValue, Source

Cell = tuple[str, int]  # figure code, month
# Each relation: the cells with their signs, summing to zero.
Relation = tuple[tuple[Cell, int], ...]

PARTITION = ("programme", "job_ready", "activity_ready")
FLOWS = ("inflow", "outflow_job", "outflow_other")
RELATED = frozenset(PARTITION + FLOWS)
_decided: dict[tuple[int, tuple[int, int]], frozenset[Cell]] = {}


def relations(months: Iterable[int]) -> list[Relation]:
    found: list[Relation] = []
    for m in sorted(months):
        found.append(((("programme", m), 1), (("job_ready", m), -1), (("activity_ready", m), -1)))
        found.append(
            (
                (("programme", m), 1),
                (("programme", m - 1), -1),
                (("inflow", m), -1),
                (("outflow_job", m), 1),
                (("outflow_other", m), 1),
            )
        )
    return found


def hidden_counts(municipality_id: int) -> frozenset[Cell]:
    """The related counts of a municipality hidden outside it: the small ones, and the ones
    hidden so that those cannot be worked out. Kept per process under the figure table's
    version (results.versions), which every write to the table raises."""
    key = (municipality_id, versions.current())
    found = _decided.get(key)
    if found is None:
        counts = _counts(municipality_id)
        found = frozenset(protect(counts, relations(_months(counts))))
        if len(_decided) > 1000:
            _decided.clear()
        _decided[key] = found
    return found


def _counts(municipality_id: int) -> dict[Cell, float]:
    rows = FigureValue.objects.filter(
        source=Source.OWN,
        period_kind="M",
        municipality_id=municipality_id,
        figure__in=RELATED,
        dim="",
    ).values_list("figure", "month", "numerator")
    return {(figure, month): numerator for figure, month, numerator in rows}


def _months(counts: dict[Cell, float]) -> range:
    months = [m for _f, m in counts]
    return range(min(months), max(months) + 1) if months else range(0)


def protect(counts: dict[Cell, float], rules: list[Relation]) -> set[Cell]:
    """The cells to hide: the small counts, then, while any hidden cell is determined by the
    shown ones, the smallest shown cell of a relation it is in. A cell with no row is 0."""
    hidden = {cell for cell, n in counts.items() if 0 < n < SMALL_COUNT_LIMIT}
    while (cell := _first_determined(hidden, rules)) is not None:
        extra = _smallest_shown(cell, hidden, counts, rules)
        if extra is None:  # every cell around it is hidden already: nothing more to give
            break
        hidden.add(extra)
    return hidden


def _smallest_shown(
    cell: Cell, hidden: set[Cell], counts: dict[Cell, float], rules: list[Relation]
) -> Cell | None:
    candidates = {
        other
        for rule in rules
        if any(c == cell for c, _sign in rule)
        for other, _sign in rule
        if other not in hidden
    }
    if not candidates:
        return None
    # The smallest count first; a zero only when nothing else is left (hiding a zero tells
    # little); then by figure and month, so the choice never depends on the order of reading.
    return min(candidates, key=lambda c: (counts.get(c, 0.0) == 0, counts.get(c, 0.0), c))


def _first_determined(hidden: set[Cell], rules: list[Relation]) -> Cell | None:
    """A hidden cell whose value follows from the shown cells through the relations, if any.

    With the relations restricted to the hidden unknowns as a matrix A (the shown cells are
    constants), an unknown is determined exactly when its unit vector lies in A's row space,
    that is when every vector of A's null space is zero at it: one SVD answers for all."""
    unknowns = sorted(hidden)
    index = {cell: i for i, cell in enumerate(unknowns)}
    rows = [_row(rule, index) for rule in rules if any(cell in index for cell, _sign in rule)]
    if not rows:
        return None
    matrix = np.array(rows, dtype=float)
    _u, singular, vt = np.linalg.svd(matrix)
    rank = int(np.sum(singular > 1e-9))
    null_space = vt[rank:]
    for cell in unknowns:
        if null_space.shape[0] == 0 or np.all(np.abs(null_space[:, index[cell]]) < 1e-9):
            return cell
    return None


def _row(rule: Relation, index: dict[Cell, int]) -> list[float]:
    row = [0.0] * len(index)
    for cell, sign in rule:
        if cell in index:
            row[index[cell]] += sign
    return row
