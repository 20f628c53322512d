"""Reading self-evaluation rounds from the database: the list, who answered, the report.

The arithmetic (counts, means, gaps, the change since the previous round) and the anonymity
rules it keeps are plain functions in selfeval/comparison.py; this module feeds them the
rows a reader may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import User
from fremdrift.charts.gap import gap_chart
from fremdrift.instruments.texts import text_in
from fremdrift.toolbox.access import documents
from fremdrift.toolbox.models import (
    EvaluationGroup,
    SelfEvaluationParticipant,
    SelfEvaluationRound,
)
from fremdrift.toolbox.selfeval.comparison import (
    GROUPS,
    Comparison,
    GroupCount,
    ItemChange,
    build_comparison,
    compare_rounds,
    gap_rows,
    group_names,
)


def rounds_for(user: User) -> QuerySet[SelfEvaluationRound]:
    """The user's municipality's rounds, newest first, with the respondents per group."""
    return (
        documents(user, SelfEvaluationRound)
        .select_related("version__instrument", "previous", "created_by")
        .annotate(
            leaders=Count("submissions", filter=Q(submissions__group=GROUPS[0]), distinct=True),
            employees=Count("submissions", filter=Q(submissions__group=GROUPS[1]), distinct=True),
        )
        .order_by("-opened_on", "-id")
    )


@dataclass(frozen=True)
class RoundRow:
    """A round on the list page with its respondents per group (as GroupCount, so a group
    under the threshold shows as "fewer than", never its exact size)."""

    round: SelfEvaluationRound
    group_counts: tuple[GroupCount, ...]


def round_rows(user: User) -> list[RoundRow]:
    """rounds_for() as rows for the list, each with its GroupCount per group."""
    names = {g: EvaluationGroup(g).label for g in GROUPS}
    return [
        RoundRow(
            round=evaluation,
            group_counts=(
                GroupCount(GROUPS[0], names[GROUPS[0]], evaluation.leaders),
                GroupCount(GROUPS[1], names[GROUPS[1]], evaluation.employees),
            ),
        )
        for evaluation in rounds_for(user)
    ]


def answered_round_ids(user: User) -> set[int]:
    """The rounds the user has answered (a participant row; the answers are not read here)."""
    return set(
        SelfEvaluationParticipant.objects.filter(user=user).values_list("round_id", flat=True)
    )


def has_answered(user: User, evaluation: SelfEvaluationRound) -> bool:
    return SelfEvaluationParticipant.objects.filter(round=evaluation, user=user).exists()


def respondent_counts(evaluation: SelfEvaluationRound) -> dict[str, int]:
    rows = evaluation.submissions.values("group").annotate(n=Count("id"))
    counts = dict.fromkeys(GROUPS, 0)
    counts.update({row["group"]: row["n"] for row in rows})
    return counts


def latest_round_before(
    municipality_id: int | None, opened_on: dt.date
) -> SelfEvaluationRound | None:
    """The municipality's latest round opened on or before `opened_on`: the one a new round
    is compared with."""
    if municipality_id is None:
        return None
    return (
        SelfEvaluationRound.objects.filter(
            municipality_id=municipality_id, opened_on__lte=opened_on
        )
        .order_by("-opened_on", "-id")
        .first()
    )


def results_visible(evaluation: SelfEvaluationRound) -> bool:
    return not evaluation.is_open


def round_comparison(evaluation: SelfEvaluationRound, language: str = "da") -> Comparison:
    submissions = evaluation.submissions.values_list("group", "answers")
    return build_comparison(evaluation.version.definition, submissions, language=language)


@dataclass
class RoundReport:
    """Everything the detail page, the PDF and the presentation show of a round."""

    evaluation: SelfEvaluationRound
    counts: dict[str, GroupCount]
    visible: bool
    comparison: Comparison | None = None
    previous: SelfEvaluationRound | None = None
    changes: list[ItemChange] = field(default_factory=list)
    previous_counts: dict[str, GroupCount] = field(default_factory=dict)
    anchors: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def group_counts(self) -> list[GroupCount]:
        return [self.counts[g] for g in GROUPS]


def round_report(evaluation: SelfEvaluationRound, language: str = "da") -> RoundReport:
    definition = evaluation.version.definition
    names = group_names(definition, language)
    counts = {g: GroupCount(g, names[g], n) for g, n in respondent_counts(evaluation).items()}
    anchors = [
        (
            a["from"],
            text_in(a.get("label"), language)[0],
            text_in(a["description"], language)[0],
        )
        for a in definition["scale"]["anchors"]
    ]
    report = RoundReport(evaluation=evaluation, counts=counts, visible=False, anchors=anchors)
    if not results_visible(evaluation):
        return report
    report.visible = True
    report.comparison = round_comparison(evaluation, language)
    previous = evaluation.previous
    if previous is not None and results_visible(previous):
        before = round_comparison(previous, language)
        report.previous = previous
        report.previous_counts = before.counts
        report.changes = compare_rounds(report.comparison, before)
    return report


def round_chart(report: RoundReport) -> SafeString | None:
    """The gap chart of a closed round: every statement, largest difference first."""
    comparison = report.comparison
    if comparison is None:
        return None
    names = {g: str(report.counts[g].name) for g in GROUPS}
    ends = (report.anchors[0][1], report.anchors[-1][1]) if report.anchors else None
    hidden = " ".join(str(c.reason) for c in comparison.hidden_groups)
    description = str(
        _(
            "Gennemsnit pr. udsagn for %(leaders)s og %(employees)s på skalaen %(low)s-%(high)s,"
            " sorteret efter hvor langt grupperne er fra hinanden. %(hidden)s"
        )
        % {
            "leaders": names[GROUPS[0]].lower(),
            "employees": names[GROUPS[1]].lower(),
            "low": comparison.scale_min,
            "high": comparison.scale_max,
            "hidden": hidden,
        }
    ).strip()
    return gap_chart(
        title=str(_("Hvor ser ledere og medarbejdere forskelligt på indsatsen?")),
        rows=gap_rows(comparison),
        leader_name=names[GROUPS[0]],
        employee_name=names[GROUPS[1]],
        gap_heading=str(_("Forskel")),
        scale_min=comparison.scale_min,
        scale_max=comparison.scale_max,
        end_labels=ends,
        description=description,
        missing_text=str(_("vises ikke")),
        empty_text=str(_("Ingen udsagn at vise")),
        chart_id=f"selfeval-{report.evaluation.pk}",
    )
