"""Suppression that holds: an attacker with everything the facilitator can see recovers no
hidden count of the demo.

Found by an attack: the facilitator worked out 134 suppressed counts as denominator minus
numerator ("83,3 % (5 af 6)" means exactly one person is not job-ready), and counts tied to
each other (programme = job-ready + activity-ready; the programme's stock moves by its
flows) gave away a hidden count as the difference of the shown ones.

The attacker here is written apart from `results.disclosure`: it takes the facilitator's
API answers for every figure, municipality and month, checks which exact relations hold in
the real data, and solves them for the hidden cells with its own linear algebra.
"""

from __future__ import annotations

import numpy as np
import pytest

from fremdrift.accounts.models import Municipality, User
from fremdrift.core.months import month_code, parse_month
from fremdrift.demo.generator import build_demo
from fremdrift.results.api import figure_rows, parse_query
from fremdrift.results.definitions import FIGURES, Unit
from fremdrift.results.disclosure import protect, relations
from fremdrift.results.selectors import latest_month, own_values

pytestmark = pytest.mark.django_db

COUNTS = ("programme", "job_ready", "activity_ready", "inflow", "outflow_job", "outflow_other")


def _seen_by_the_facilitator(facilitator, first, last):
    """(municipality code, figure, month) -> (numerator, denominator) or None if hidden."""
    seen = {}
    for code in FIGURES:
        for municipality in Municipality.objects.all():
            params = {"figure": code, "municipality": municipality.code}
            for start in range(first, last + 1, 120):
                params.update({"from": month_code(start), "to": month_code(min(start + 119, last))})
                for row in figure_rows(parse_query(params, user=facilitator))["values"]:
                    key = (municipality.pk, code, parse_month(row["period"]))
                    shown = None if row["suppressed"] else (row["numerator"], row["denominator"])
                    seen[key] = shown
    return seen


def _exact_relations(truth, months):
    """The candidate relations that hold in every month of the real data: an attacker who
    knows the definitions would try exactly these."""
    candidates = relations(months)
    holding = [
        rule
        for rule in candidates
        if all(
            sum(sign * truth.get((mu, f, m), 0) for (f, m), sign in rule) == 0
            for mu in {key[0] for key in truth}
        )
    ]
    return holding


def _recovered(seen_counts, hidden_cells, rules):
    """The hidden cells the shown ones determine: solve the relations for the unknowns; a
    cell is recovered when every solution gives it the same value."""
    unknowns = sorted(hidden_cells)
    if not unknowns:
        return []
    column = {cell: i for i, cell in enumerate(unknowns)}
    rows = []
    for rule in rules:
        if any(cell in column for cell, _sign in rule):
            row = np.zeros(len(unknowns))
            for cell, sign in rule:
                if cell in column:
                    row[column[cell]] += sign
            rows.append(row)
    if not rows:
        return []
    a = np.array(rows)
    rank = np.linalg.matrix_rank(a)
    found = []
    for cell in unknowns:
        probe = np.zeros(len(unknowns))
        probe[column[cell]] = 1
        if np.linalg.matrix_rank(np.vstack([a, probe])) == rank:
            found.append(cell)
    return found


def test_no_hidden_count_of_the_demo_can_be_worked_out(settings):
    settings.DEMO_MODE = True
    build_demo(seed=11)
    facilitator = User.objects.get(username="facilitator")
    last = latest_month()
    first = last - 59
    seen = _seen_by_the_facilitator(facilitator, first, last)
    ids = list(Municipality.objects.values_list("pk", flat=True))
    truth = {
        (mu, f, m): n for (mu, f, _d, _v, m), (n, _den) in own_values(ids, COUNTS, 0, last).items()
    }

    # Shares: five on each side, or nothing.
    shares = [f for f in FIGURES.values() if f.unit == Unit.SHARE]
    shown_shares = [
        seen[(mu, f.code, m)]
        for f in shares
        for mu in ids
        for m in range(first, last + 1)
        if seen[(mu, f.code, m)] is not None and seen[(mu, f.code, m)][1]
    ]
    assert shown_shares, "the demo shows shares"
    thin = [(n, d) for n, d in shown_shares if n < 5 or d - n < 5]
    assert thin == []

    rules = _exact_relations(truth, range(first, last + 1))
    assert len(rules) == 2 * 60, "both relations hold in every month: they are real"
    recovered, hidden_total, small_only_recovered = [], 0, 0
    for mu in ids:
        hidden = {
            (f, m) for (mu2, f, m), v in seen.items() if mu2 == mu and f in COUNTS and v is None
        }
        hidden_total += len(hidden)
        recovered += [(mu, cell) for cell in _recovered({}, hidden, rules)]
        # What the old rule (only counts under five hidden) would have given away.
        small = {
            (f, m)
            for (mu2, f, m), n in truth.items()
            if mu2 == mu and first <= m <= last and 0 < n < 5
        }
        small_only_recovered += len(_recovered({}, small, rules))
    assert hidden_total > 0, "the demo has small counts to hide"
    assert small_only_recovered > 0, "the attack works against hiding the small counts alone"
    assert recovered == []


def test_a_partition_with_one_small_part_hides_a_second_part():
    counts = {("programme", 5): 12.0, ("job_ready", 5): 9.0, ("activity_ready", 5): 3.0}
    counts |= {("programme", 4): 12.0}
    hidden = protect(counts, relations([5]))
    assert ("activity_ready", 5) in hidden
    assert ("job_ready", 5) in hidden or ("programme", 5) in hidden
