"""The self-evaluation's arithmetic: counts, the comparison of the two groups, the change.

No database here: the comparison is built by plain functions from the instrument's
definition and the submissions' (group, answers) pairs (selfeval/selectors.py reads them),
so anonymity and the arithmetic are tested directly. The rules:

- a group with fewer than MIN_RESPONDENTS respondents is not shown: no mean, nothing drawn,
  and its size is given only as "færre end 3 svar", never as the exact number;
- within a shown group, a statement's mean needs MIN_RESPONDENTS answers on the scale ("ved
  ikke" is counted but is not a point on the scale), else it is not shown either; a count of
  "ved ikke" under MIN_RESPONDENTS is given as "færre end 3";
- a theme's mean pools only the statements whose own mean is shown, so the theme's numbers
  and the shown statements' numbers together never give away a hidden statement's answers;
- every mean is rounded to one decimal before it is shown, drawn, turned into a gap or
  compared with the previous round;
- there is never a list of submissions: only means and counts per group;
- results are shown only once the round is closed, so nobody can work out a single answer
  by comparing the means before and after it came in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fremdrift.charts.gap import GapRow, gap_text, one_decimal
from fremdrift.core.numbers import fmt_number
from fremdrift.instruments.texts import text_in
from fremdrift.toolbox.models import (
    EvaluationGroup,
)
from fremdrift.toolbox.reflection.knowledge import KL_ELEMENT_OF_ITEM, KL_ELEMENTS

USE = "self_evaluation"
MIN_RESPONDENTS = 3
GROUPS = (EvaluationGroup.LEADERS.value, EvaluationGroup.EMPLOYEES.value)
DONT_KNOW = "dont_know"

Text = str | Promise


def count_text(n: int, threshold: int = MIN_RESPONDENTS) -> str:
    """How many answered, as shown: the number from the threshold up, else only "fewer"."""
    if n < threshold:
        return str(_("færre end %(n)s svar") % {"n": threshold})
    # ngettext: the catalogue holds '%(n)s svar' as a plural, so plain gettext gave English
    # its singular ('12 response').
    return ngettext("%(n)s svar", "%(n)s svar", n) % {"n": n}


# ---------------------------------------------------------------------------------------------
# Plain data and functions (no database)


@dataclass(frozen=True)
class GroupCount:
    group: str
    name: Text
    respondents: int
    threshold: int = MIN_RESPONDENTS

    @property
    def shown(self) -> bool:
        return self.respondents >= self.threshold

    @property
    def count_text(self) -> str:
        """The number of respondents, or "færre end 3 svar" for a group that is not shown."""
        return count_text(self.respondents, self.threshold)

    @property
    def reason(self) -> Text:
        if self.shown:
            return ""
        return _(
            "%(group)s: færre end %(n)s har svaret, så gruppens svar vises ikke, for at ingen "
            "kan genkendes."
        ) % {"group": self.name, "n": self.threshold}


@dataclass(frozen=True)
class GroupStat:
    """One group's answers to one statement (or one theme). `mean` (one decimal) is None when
    not shown; `answers` and `dont_know` are None when the whole group is hidden."""

    mean: float | None
    answers: int | None
    dont_know: int | None
    reason: Text = ""
    threshold: int = MIN_RESPONDENTS

    @property
    def shown(self) -> bool:
        return self.mean is not None

    @property
    def mean_text(self) -> str:
        return fmt_number(self.mean) if self.mean is not None else ""

    @property
    def label(self) -> str:
        """The mean and its count as people read them, e.g. "3,8 (12 svar)"."""
        if self.mean is None:
            return ""
        # Danish 'svar' is both singular and plural; English is not ('1 response').
        text = ngettext("%(mean)s (%(n)s svar)", "%(mean)s (%(n)s svar)", self.answers or 0)
        return str(text % {"mean": fmt_number(self.mean), "n": self.answers})

    @property
    def dont_know_text(self) -> str:
        """How many said "ved ikke": "" for none, "færre end 3" under the threshold."""
        if not self.dont_know:
            return ""
        if self.dont_know < self.threshold:
            return str(_("færre end %(n)s") % {"n": self.threshold})
        return str(self.dont_know)


HIDDEN_GROUP = GroupStat(None, None, None)


def group_stat(
    values: Iterable[int | str],
    *,
    group: GroupCount,
    threshold: int = MIN_RESPONDENTS,
) -> GroupStat:
    """The mean of the points on the scale among `values`, if the group and the number of
    answers on the scale both reach the threshold."""
    if not group.shown:
        return GroupStat(None, None, None, group.reason, threshold)
    values = list(values)
    points = [v for v in values if _is_point(v)]
    dont_know = sum(1 for v in values if v == DONT_KNOW)
    if len(points) < threshold:
        return GroupStat(None, len(points), dont_know, _too_few(threshold), threshold)
    return GroupStat(one_decimal(fmean(points)), len(points), dont_know, "", threshold)


def _is_point(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _too_few(threshold: int) -> Text:
    return _("Færre end %(n)s har svaret med et tal på skalaen.") % {"n": threshold}


def gap_of(leader: GroupStat, employee: GroupStat) -> float | None:
    """Leaders minus employees: positive where the leaders see things more positively."""
    if leader.mean is None or employee.mean is None:
        return None
    return leader.mean - employee.mean


@dataclass(frozen=True)
class ItemResult:
    key: str
    short: str
    text: str
    theme: str
    theme_title: str
    kl_element: int | None
    leader: GroupStat
    employee: GroupStat
    # The statement's place in the instrument, for lists kept in the instrument's order.
    position: int = 0

    @property
    def gap(self) -> float | None:
        return gap_of(self.leader, self.employee)

    @property
    def gap_text(self) -> str:
        gap = self.gap
        return gap_text(gap) if gap is not None else ""

    @property
    def kl_name(self) -> Text:
        return KL_ELEMENTS.get(self.kl_element, "") if self.kl_element else ""

    def stat(self, group: str) -> GroupStat:
        return self.leader if group == EvaluationGroup.LEADERS else self.employee


@dataclass(frozen=True)
class ThemeResult:
    key: str
    title: str
    leader: GroupStat
    employee: GroupStat
    items: tuple[ItemResult, ...]

    @property
    def gap(self) -> float | None:
        return gap_of(self.leader, self.employee)

    @property
    def gap_text(self) -> str:
        gap = self.gap
        return gap_text(gap) if gap is not None else ""


@dataclass(frozen=True)
class Comparison:
    counts: dict[str, GroupCount]
    # Largest absolute gap first; statements without a gap last, in the instrument's order.
    items: tuple[ItemResult, ...]
    themes: tuple[ThemeResult, ...]
    scale_min: int = 1
    scale_max: int = 5

    @property
    def hidden_groups(self) -> list[GroupCount]:
        return [c for c in self.counts.values() if not c.shown]

    @property
    def both_shown(self) -> bool:
        return not self.hidden_groups

    def item(self, key: str) -> ItemResult | None:
        return next((i for i in self.items if i.key == key), None)


def by_gap(results: Iterable[ItemResult | ThemeResult]) -> list:
    """Largest absolute gap first; those without a gap last, keeping their order."""
    indexed = list(enumerate(results))
    indexed.sort(
        key=lambda pair: (
            pair[1].gap is None,
            -abs(pair[1].gap) if pair[1].gap is not None else 0.0,
            pair[0],
        )
    )
    return [result for _, result in indexed]


def group_names(definition: dict, language: str) -> dict[str, str]:
    names = {r["key"]: text_in(r["name"], language)[0] for r in definition["respondents"]}
    return {group: names.get(group) or str(EvaluationGroup(group).label) for group in GROUPS}


def build_comparison(
    definition: dict,
    submissions: Iterable[tuple[str, Mapping[str, int | str]]],
    *,
    language: str = "da",
    threshold: int = MIN_RESPONDENTS,
) -> Comparison:
    """Each group's mean per statement and per theme, and the gap, from (group, answers)."""
    by_group: dict[str, list[Mapping[str, int | str]]] = {g: [] for g in GROUPS}
    for group, answers in submissions:
        if group in by_group:
            by_group[group].append(answers)
    names = group_names(definition, language)
    counts = {g: GroupCount(g, names[g], len(by_group[g]), threshold=threshold) for g in GROUPS}
    items: list[ItemResult] = []
    themes: list[ThemeResult] = []
    for section in definition["sections"]:
        theme_title = text_in(section["title"], language)[0]
        section_items = []
        for item in section["items"]:
            stats = {
                g: group_stat(
                    (a[item["key"]] for a in by_group[g] if item["key"] in a),
                    group=counts[g],
                    threshold=threshold,
                )
                for g in GROUPS
            }
            first_text = next(iter(item["text"].values()))
            result = ItemResult(
                key=item["key"],
                short=text_in(item["short"], language)[0],
                text=text_in(first_text, language)[0],
                theme=section["key"],
                theme_title=theme_title,
                kl_element=KL_ELEMENT_OF_ITEM.get(item["key"]),
                leader=stats[GROUPS[0]],
                employee=stats[GROUPS[1]],
                position=len(items) + len(section_items),
            )
            section_items.append(result)
        keys = [i["key"] for i in section["items"]]
        theme_stats = {
            g: _theme_stat(
                by_group[g],
                keys,
                [result.stat(g) for result in section_items],
                counts[g],
                threshold,
            )
            for g in GROUPS
        }
        themes.append(
            ThemeResult(
                key=section["key"],
                title=theme_title,
                leader=theme_stats[GROUPS[0]],
                employee=theme_stats[GROUPS[1]],
                items=tuple(by_gap(section_items)),
            )
        )
        items += section_items
    scale = definition["scale"]
    return Comparison(
        counts=counts,
        items=tuple(by_gap(items)),
        themes=tuple(by_gap(themes)),
        scale_min=scale["min"],
        scale_max=scale["max"],
    )


def _theme_stat(
    submissions: list[Mapping[str, int | str]],
    keys: list[str],
    stats: list[GroupStat],
    group: GroupCount,
    threshold: int,
) -> GroupStat:
    """The group's points on those of the theme's statements whose own mean is shown, pooled.

    A statement whose mean is hidden does not count at all (neither its points nor its "ved
    ikke"): the theme's mean and count, less the shown statements' means and counts, would
    otherwise give away the hidden statement's sum, i.e. one person's answer when only one
    answered it with a number. Not shown when none of the statements is shown.
    """
    if not group.shown:
        return GroupStat(None, None, None, group.reason, threshold)
    shown = [key for key, stat in zip(keys, stats, strict=True) if stat.shown]
    if not shown:
        reason = _("Ingen af temaets udsagn har svar nok på skalaen til at blive vist.")
        return GroupStat(None, 0, None, reason, threshold)
    points: list[int] = []
    dont_know = 0
    for answers in submissions:
        own = [answers[k] for k in shown if k in answers]
        points += [v for v in own if _is_point(v)]
        dont_know += sum(1 for v in own if v == DONT_KNOW)
    return GroupStat(one_decimal(fmean(points)), len(points), dont_know, "", threshold)


@dataclass(frozen=True)
class Change:
    now: float | None
    then: float | None

    @property
    def change(self) -> float | None:
        if self.now is None or self.then is None:
            return None
        return self.now - self.then

    @property
    def now_text(self) -> str:
        return fmt_number(self.now) if self.now is not None else ""

    @property
    def then_text(self) -> str:
        return fmt_number(self.then) if self.then is not None else ""

    @property
    def change_text(self) -> str:
        change = self.change
        return gap_text(change) if change is not None else ""


@dataclass(frozen=True)
class ItemChange:
    key: str
    short: str
    theme_title: str
    leader: Change
    employee: Change

    def of(self, group: str) -> Change:
        return self.leader if group == EvaluationGroup.LEADERS else self.employee


def compare_rounds(current: Comparison, previous: Comparison) -> list[ItemChange]:
    """Each group's mean per statement now and in the previous round (both as shown: one
    decimal, None when hidden), in the order of the current round's themes. A statement the
    previous round did not ask has no `then`."""
    changes = []
    for item in sorted(current.items, key=lambda i: i.position):
        before = previous.item(item.key)
        changes.append(
            ItemChange(
                key=item.key,
                short=item.short,
                theme_title=item.theme_title,
                leader=Change(item.leader.mean, before.leader.mean if before else None),
                employee=Change(item.employee.mean, before.employee.mean if before else None),
            )
        )
    return changes


def gap_rows(comparison: Comparison) -> list[GapRow]:
    """The comparison's statements as rows of the gap chart."""
    return [
        GapRow(
            name=item.short,
            leader=item.leader.mean,
            employee=item.employee.mean,
            leader_label=item.leader.label,
            employee_label=item.employee.label,
        )
        for item in comparison.items
    ]
