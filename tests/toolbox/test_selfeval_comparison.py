"""The comparison of the two groups, from plain data: thresholds, gaps, sorting, change."""

from __future__ import annotations

import pytest

from fremdrift.toolbox.selfeval.comparison import (
    MIN_RESPONDENTS,
    GroupCount,
    build_comparison,
    compare_rounds,
    gap_rows,
    group_stat,
)

DEFINITION = {
    "respondents": [
        {"key": "leader", "name": {"da": "Ledere", "en": "Leaders"}},
        {"key": "employee", "name": {"da": "Medarbejdere", "en": "Employees"}},
    ],
    "scale": {"min": 1, "max": 5, "anchors": []},
    "sections": [
        {
            "key": "organisation",
            "title": {"da": "Organisering"},
            "items": [
                {"key": "a", "short": {"da": "A"}, "text": {"leader": {"da": "Udsagn A"}}},
                {"key": "b", "short": {"da": "B"}, "text": {"leader": {"da": "Udsagn B"}}},
            ],
        },
        {
            "key": "tools",
            "title": {"da": "Redskaber"},
            "items": [
                {"key": "c", "short": {"da": "C"}, "text": {"leader": {"da": "Udsagn C"}}},
            ],
        },
    ],
}


def subs(group: str, *rows: dict) -> list[tuple[str, dict]]:
    return [(group, row) for row in rows]


def test_the_threshold_is_three():
    assert MIN_RESPONDENTS == 3


@pytest.mark.parametrize(("respondents", "shown"), [(2, False), (3, True)])
def test_a_group_is_shown_from_three_respondents(respondents, shown):
    group = GroupCount("leader", "Ledere", respondents)
    stat = group_stat([4] * respondents, group=group)
    assert stat.shown is shown
    if shown:
        assert stat.mean == 4 and stat.answers == 3 and stat.reason == ""
    else:
        # Hidden entirely: no mean and no counts either, and the reason in words.
        assert (stat.mean, stat.answers, stat.dont_know) == (None, None, None)
        assert "færre end 3" in str(stat.reason) and "Ledere" in str(stat.reason)


def test_a_group_of_two_is_hidden_everywhere_in_the_comparison():
    comparison = build_comparison(
        DEFINITION,
        subs("leader", {"a": 5, "b": 5, "c": 5}, {"a": 5, "b": 5, "c": 5})
        + subs("employee", *[{"a": 2, "b": 2, "c": 2}] * 3),
    )
    assert [c.group for c in comparison.hidden_groups] == ["leader"]
    assert not comparison.both_shown
    for item in comparison.items:
        assert item.leader.mean is None and item.leader.answers is None
        assert item.employee.mean == 2
        assert item.gap is None
    for theme in comparison.themes:
        assert theme.leader.mean is None and theme.gap is None
    rows = gap_rows(comparison)
    assert all(r.leader is None and r.leader_label == "" for r in rows)
    assert all(r.employee == 2 for r in rows)


def test_a_statement_needs_three_answers_on_the_scale_within_a_shown_group():
    comparison = build_comparison(
        DEFINITION,
        subs(
            "leader",
            {"a": 4, "b": "dont_know", "c": 4},
            {"a": 4, "b": "dont_know", "c": 4},
            {"a": 5, "b": 3, "c": 4},
        )
        + subs("employee", *[{"a": 3, "b": 3, "c": 3}] * 3),
    )
    b = comparison.item("b")
    assert b.leader.mean is None
    assert (b.leader.answers, b.leader.dont_know) == (1, 2)
    assert "Færre end 3" in str(b.leader.reason)
    a = comparison.item("a")
    assert a.leader.mean == 4.3  # 13/3, to one decimal as it is shown
    assert a.leader.dont_know == 0


def test_gap_is_leaders_minus_employees_and_the_largest_difference_comes_first():
    comparison = build_comparison(
        DEFINITION,
        subs("leader", *[{"a": 4, "b": 3, "c": 2}] * 3)
        + subs("employee", *[{"a": 3, "b": 3, "c": 5}] * 3),
    )
    assert [(i.key, i.gap) for i in comparison.items] == [("c", -3), ("a", 1), ("b", 0)]
    assert comparison.items[0].gap_text == "\u22123,0"
    assert comparison.items[1].gap_text == "+1,0"
    # Themes likewise: tools (-3) before organisation (+0.5).
    assert [(t.key, t.gap) for t in comparison.themes] == [("tools", -3), ("organisation", 0.5)]
    assert [i.key for i in comparison.themes[1].items] == ["a", "b"]


def test_statements_without_a_gap_come_last_in_the_instruments_order():
    comparison = build_comparison(
        DEFINITION,
        subs(
            "leader",
            *[{"a": "dont_know", "b": "dont_know", "c": 5}] * 3,
        )
        + subs("employee", *[{"a": 1, "b": 1, "c": 4}] * 3),
    )
    assert [i.key for i in comparison.items] == ["c", "a", "b"]


def test_theme_means_pool_the_points_of_its_statements():
    comparison = build_comparison(
        DEFINITION,
        subs("leader", {"a": 5, "b": 1, "c": 3}, {"a": 4, "b": 2, "c": 3}, {"a": 3, "b": 3, "c": 3})
        + subs("employee", *[{"a": 2, "b": 2, "c": 3}] * 3),
    )
    organisation = next(t for t in comparison.themes if t.key == "organisation")
    assert organisation.leader.mean == pytest.approx(3.0)
    assert organisation.leader.answers == 6
    assert organisation.gap == pytest.approx(1.0)


def test_comparison_with_the_previous_round_per_group_and_statement():
    before = build_comparison(
        {**DEFINITION, "sections": DEFINITION["sections"][:1]},  # C was not asked then
        subs("leader", *[{"a": 4, "b": 4}] * 3) + subs("employee", *[{"a": 2, "b": 3}] * 2),
    )
    now = build_comparison(
        DEFINITION,
        subs("leader", *[{"a": 5, "b": 4, "c": 4}] * 3)
        + subs("employee", *[{"a": 3, "b": 3, "c": 3}] * 3),
    )
    changes = {c.key: c for c in compare_rounds(now, before)}
    assert list(changes) == ["a", "b", "c"]  # the instrument's order
    assert (changes["a"].leader.now, changes["a"].leader.then) == (5, 4)
    assert changes["a"].leader.change == 1 and changes["a"].leader.change_text == "+1,0"
    # The employees were two then: hidden, so no change can be given.
    assert changes["a"].employee.then is None and changes["a"].employee.change is None
    assert changes["a"].employee.now == 3
    assert changes["c"].leader.then is None and changes["c"].leader.now == 4
    assert changes["b"].leader.change == 0


def test_unknown_groups_are_ignored_and_labels_carry_the_counts():
    comparison = build_comparison(
        DEFINITION,
        subs("leader", *[{"a": 4, "b": 4, "c": 4}] * 3)
        + subs("employee", *[{"a": 4, "b": 4, "c": 4}] * 3)
        + [("citizen", {"a": 1, "b": 1, "c": 1})],
    )
    assert comparison.counts["leader"].respondents == 3
    assert comparison.items[0].leader.label == "4,0 (3 svar)"
    assert {r.leader_label for r in gap_rows(comparison)} == {"4,0 (3 svar)"}


def test_english_names_come_from_the_definition():
    comparison = build_comparison(DEFINITION, [], language="en")
    assert comparison.counts["leader"].name == "Leaders"
    assert all(not c.shown for c in comparison.counts.values())


# Anonymity of hidden statements, rounding and counts ----------------------------------------


def shown_numbers(comparison) -> list[tuple]:
    """Everything about the statements and themes that a page, the PDF or the chart shows."""
    shown = []
    for result in (*comparison.items, *comparison.themes):
        for stat in (result.leader, result.employee):
            answers = stat.answers if stat.shown else None
            shown.append((result.key, stat.mean, answers, stat.dont_know_text, stat.label))
        shown.append((result.key, result.gap_text))
    return shown


def one_leader_scored_b(value: int):
    """Three leaders: one answered B with `value`, the two others "ved ikke"."""
    return build_comparison(
        DEFINITION,
        subs(
            "leader",
            {"a": 4, "b": value, "c": 4},
            {"a": 3, "b": "dont_know", "c": 4},
            {"a": 5, "b": "dont_know", "c": 4},
        )
        + subs("employee", *[{"a": 3, "b": 3, "c": 3}] * 3),
    )


def test_a_hidden_statement_cannot_be_worked_out_from_its_themes_numbers():
    comparison = one_leader_scored_b(1)
    b = comparison.item("b")
    assert b.leader.mean is None  # one answer on the scale: hidden
    organisation = next(t for t in comparison.themes if t.key == "organisation")
    # The inference: theme mean x count less the shown statements' mean x count left the
    # hidden statement's sum, i.e. the one leader's answer. Now nothing is left over.
    shown_items = [i for i in organisation.items if i.leader.shown]
    leftover = organisation.leader.mean * organisation.leader.answers - sum(
        i.leader.mean * i.leader.answers for i in shown_items
    )
    assert leftover == pytest.approx(0)
    assert (organisation.leader.mean, organisation.leader.answers) == (4.0, 3)
    assert organisation.leader.dont_know == 0
    # Whatever the one leader answered, every number shown is the same.
    assert all(shown_numbers(one_leader_scored_b(v)) == shown_numbers(comparison) for v in (2, 5))


def test_a_theme_without_a_shown_statement_is_not_shown():
    comparison = build_comparison(
        DEFINITION,
        subs(
            "leader",
            {"a": 4, "b": 4, "c": 2},
            {"a": "dont_know", "b": "dont_know", "c": "dont_know"},
            {"a": "dont_know", "b": "dont_know", "c": "dont_know"},
        )
        + subs("employee", *[{"a": 3, "b": 3, "c": 3}] * 3),
    )
    for theme in comparison.themes:
        assert theme.leader.mean is None and theme.gap is None
        assert "Ingen af temaets udsagn" in str(theme.leader.reason)


def test_means_are_rounded_to_one_decimal_before_the_gap_and_the_change():
    now = build_comparison(
        DEFINITION,
        subs("leader", {"a": 4, "b": 3, "c": 3}, {"a": 4, "b": 3, "c": 3}, {"a": 5, "b": 3, "c": 3})
        + subs("employee", *[{"a": 2, "b": 3, "c": 3}] * 3, {"a": 3, "b": 3, "c": 3}),
    )
    a = now.item("a")
    # 13/3 and 9/4 as shown: 4,3 and 2,3 (halves up); the gap is theirs, not 2.083's.
    assert (a.leader.mean, a.employee.mean) == (4.3, 2.3)
    assert a.gap == pytest.approx(2.0) and a.gap_text == "+2,0"
    (row,) = [r for r in gap_rows(now) if r.name == "A"]
    assert (row.leader, row.employee) == (4.3, 2.3)
    before = build_comparison(
        DEFINITION,
        subs("leader", *[{"a": 4, "b": 3, "c": 3}] * 3, {"a": 5, "b": 3, "c": 3})
        + subs("employee", *[{"a": 3, "b": 3, "c": 3}] * 3),
    )
    change = {c.key: c for c in compare_rounds(now, before)}["a"].leader
    # 4.25 then and 4.33 now are both 4,3 as shown: no change, not +0,1.
    assert (change.then, change.now) == (4.3, 4.3)
    assert change.change == pytest.approx(0) and change.change_text == "0,0"


@pytest.mark.parametrize(
    ("respondents", "text"), [(0, "færre end 3 svar"), (2, "færre end 3 svar"), (3, "3 svar")]
)
def test_a_small_group_is_counted_only_as_fewer_than_three(respondents, text):
    assert GroupCount("leader", "Ledere", respondents).count_text == text


def test_few_dont_know_answers_are_not_counted_exactly():
    group = GroupCount("leader", "Ledere", 5)
    assert group_stat([4, 4, 4, "dont_know"], group=group).dont_know_text == "færre end 3"
    assert group_stat([4, 4, 4, "dont_know", "dont_know"], group=group).dont_know_text == (
        "færre end 3"
    )
    assert group_stat([4, 4] + ["dont_know"] * 3, group=group).dont_know_text == "3"
    assert group_stat([4, 4, 4], group=group).dont_know_text == ""
