"""Report grouping as plain functions (no database)."""

import datetime as dt

from django.utils import translation

from fremdrift.instruments.change import Reading
from fremdrift.progression.reports import MIN_GROUP, Scope, build_report, quarter_of
from fremdrift.progression.selectors import CitizenFacts

D = dt.date(2026, 1, 5)


def readings_for(citizens: range) -> list[Reading]:
    return [
        Reading(c, "caseworker", D + dt.timedelta(days=days), c * 10 + n, (1, 10), {"danish": v})
        for c in citizens
        for n, (days, v) in enumerate(((0, 3), (90, 5)))
    ]


def test_caseworkers_are_named_and_those_no_longer_active_are_counted_under_one_label():
    facts = {c: CitizenFacts(1 if c < 6 else 2 if c < 12 else None, None, D) for c in range(14)}
    everyone = Scope("kommune", "Hele kommunen", False, lambda f: True)
    with translation.override("da"):
        report = build_report(
            readings_for(range(14)), facts, scope=everyone, items=[("danish", "Dansk")],
            caseworker_names={1: "Mette Holm"},
        )  # fmt: skip
    rows = {row.label: row for row in report.caseworkers}
    assert set(rows) == {"Mette Holm", "Tidligere medarbejder", "Uden sagsbehandler"}
    assert rows["Mette Holm"].summary.measured == 6 and not rows["Mette Holm"].suppressed
    assert rows["Uden sagsbehandler"].suppressed  # 2 < MIN_GROUP
    assert report.total.summary.measured == 14 and report.dimensions[0].summary.improved == 14
    assert [c.label for c in report.cohorts] == [quarter_of(D)] == ["2026 K1"]
    assert MIN_GROUP == 5


def test_the_own_caseload_shows_even_a_single_citizen():
    facts = {0: CitizenFacts(1, None, D)}
    own = Scope("egen", "Min sagsstamme", True, lambda f: f.caseworker_id == 1)
    report = build_report(readings_for(range(1)), facts, scope=own, items=[("danish", "Dansk")])
    assert not report.total.suppressed and not report.dimensions[0].suppressed
    assert report.total.summary.mean_change == 2 and report.caseworkers == []
