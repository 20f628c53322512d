"""The two sums the figure SQL leaves to Python (a deliberate departure from "SQL
aggregates only", docs/architecture.md): the running sum of the monthly deltas, and the
median benefit spell, which is not an aggregate SQLite has; both are sweeps over sorted
rows, so their cost grows with the rows, not with rows x months."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from fremdrift.core.months import month_end

Key = tuple[int, str, str, str, int]  # municipality, figure, breakdown, value, month
Values = dict[Key, tuple[float, float | None]]
# (municipality, figure, breakdown, value, "n" or "d", month, delta), as the SQL returns it
DeltaRow = tuple[int, str, str, str, str, int, int]
# (municipality, spell start, first month, last month)
SpellRow = tuple[int, object, int, int]


def running_sums(rows: Iterable[DeltaRow], last: int) -> Iterator[tuple[Key, int, int]]:
    """Running sums of the deltas, month by month up to `last`, skipping all-zero months."""
    series: dict[tuple[int, str, str, str], dict[int, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )
    for mu, fig, dim, val, part, m, delta in rows:
        series[(mu, fig, dim, val)][m][0 if part == "n" else 1] += int(delta)
    for (mu, fig, dim, val), by_month in series.items():
        months = sorted(by_month)
        n = dd = 0
        for i, m in enumerate(months):
            n += by_month[m][0]
            dd += by_month[m][1]
            until = months[i + 1] if i + 1 < len(months) else last + 1
            if n or dd:
                for month in range(m, until):
                    yield (mu, fig, dim, val, month), n, dd


def median_days(rows: Iterable[SpellRow], *, since: int, last: int) -> Values:
    """The median of (reference date - spell start) over the spells covering each month-end.

    A sweep: each spell enters the sorted list of start days at its first month and leaves
    after its last, so the cost grows with the number of spells, not spells x months.
    """
    events: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for mu, start, first, final in rows:
        day = _as_date(start).toordinal()
        events[mu].append((max(first, since), 1, day))
        if final < last:
            events[mu].append((final + 1, -1, day))
    values: Values = {}
    for mu, changes in events.items():
        changes.sort()
        active: list[int] = []
        i = 0
        for month in range(changes[0][0], last + 1):
            while i < len(changes) and changes[i][0] <= month:
                _m, sign, day = changes[i]
                if sign > 0:
                    bisect.insort(active, day)
                else:
                    del active[bisect.bisect_left(active, day)]
                i += 1
            if active and month >= since:
                size = len(active)
                # The latest start gives the shortest spell: the median start is the median.
                mid = (active[(size - 1) // 2] + active[size // 2]) / 2
                values[(mu, "benefit_median", "", "", month)] = (
                    month_end(month).toordinal() - mid,
                    float(size),
                )
            if i >= len(changes) and not active:
                break
    return values


def _as_date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
