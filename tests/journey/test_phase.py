import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from fremdrift.journey.models import Period
from fremdrift.journey.phase import add_months, continuous_start, phase_on, programme_phase
from fremdrift.journey.types import PeriodKind, Phase

PHASE_ORDER = {Phase.RECEPTION: 1, Phase.EFFORT: 2, Phase.END: 3}


def programme(start, end=None):
    return Period(kind=PeriodKind.PROGRAMME, code="programme", start=start, end=end)


def test_phase_boundaries():
    start = dt.date(2026, 1, 31)
    assert phase_on(start, dt.date(2026, 1, 30)) is None
    assert phase_on(start, start) == Phase.RECEPTION
    assert phase_on(start, dt.date(2026, 2, 27)) == Phase.RECEPTION
    assert phase_on(start, dt.date(2026, 2, 28)) == Phase.EFFORT  # 31 Jan + 1 month = 28 Feb
    assert phase_on(start, dt.date(2027, 1, 30)) == Phase.EFFORT
    assert phase_on(start, dt.date(2027, 1, 31)) == Phase.END


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)


def test_adjacent_programme_periods_are_one_spell():
    periods = [
        programme(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        programme(dt.date(2026, 1, 1)),
    ]
    assert continuous_start(periods, PeriodKind.PROGRAMME, dt.date(2026, 3, 1)) == dt.date(
        2025, 1, 1
    )
    assert programme_phase(periods, dt.date(2026, 3, 1)) == Phase.END


def test_a_break_starts_the_phases_again():
    periods = [programme(dt.date(2024, 1, 1), dt.date(2024, 6, 30)), programme(dt.date(2026, 1, 1))]
    assert programme_phase(periods, dt.date(2026, 1, 10)) == Phase.RECEPTION
    assert programme_phase(periods, dt.date(2025, 1, 1)) is None


@given(
    start=st.dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2030, 1, 1)),
    offsets=st.lists(st.integers(min_value=0, max_value=2000), min_size=2, max_size=30),
)
def test_in_an_unbroken_programme_the_phase_never_goes_back(start, offsets):
    periods = [programme(start)]
    days = sorted(start + dt.timedelta(days=o) for o in offsets)
    phases = [PHASE_ORDER[programme_phase(periods, day)] for day in days]
    assert phases == sorted(phases)


@given(
    start=st.dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2030, 1, 1)),
    cuts=st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=5),
    offset=st.integers(min_value=0, max_value=2500),
)
def test_splitting_a_programme_into_adjacent_periods_changes_no_phase(start, cuts, offset):
    bounds = sorted({start + dt.timedelta(days=sum(cuts[: i + 1])) for i in range(len(cuts))})
    pieces, begin = [], start
    for bound in bounds:
        pieces.append(programme(begin, bound - dt.timedelta(days=1)))
        begin = bound
    pieces.append(programme(begin))
    day = start + dt.timedelta(days=offset)
    assert programme_phase(pieces, day) == programme_phase([programme(start)], day)
