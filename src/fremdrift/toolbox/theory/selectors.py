"""Reads for the theories of change: the list, the live target group, bound values, diagram.

Everything here is the municipality's own planning or an aggregate: the target group's size
is a count of citizens, a key figure comes from the figure table, a progression dimension is
a mean over the municipality's citizens with at least two readings. No person is shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.roles import Permission
from fremdrift.charts.theory_diagram import Box, Column, theory_diagram
from fremdrift.core.aggregates import SMALL_COUNT_LIMIT
from fremdrift.core.months import month_label
from fremdrift.core.numbers import fmt_number
from fremdrift.instruments.change import progress_of, summarise_dimension
from fremdrift.journey.models import Period
from fremdrift.journey.types import PeriodKind
from fremdrift.progression.reports import MIN_GROUP
from fremdrift.progression.selectors import municipality_readings
from fremdrift.results.definitions import FIGURES, Figure
from fremdrift.results.selectors import computed_through, latest_month, objectives, signed
from fremdrift.toolbox.access import documents
from fremdrift.toolbox.models import (
    Horizon,
    Revision,
    Segment,
    TheoryItem,
    TheoryOfChange,
)
from fremdrift.toolbox.revisions import history
from fremdrift.toolbox.theory.shape import (
    DIMENSION_RESPONDENT,
    dimension_names,
    lineage,
    reading_order,
    step_horizons,
)

# ----------------------------------------------------------------------------------------
# The list


@dataclass(frozen=True)
class ListRow:
    theory: TheoryOfChange
    changed_by: str
    changed_at: dt.datetime | None


def theory_groups(user: User) -> list[tuple[str, list[ListRow]]]:
    """The user's municipality's documents, grouped by target group, newest version first."""
    theories = list(
        documents(user, TheoryOfChange)
        .select_related("created_by")
        .order_by("target_group", "kind", "-version", "-pk")
    )
    latest: dict[int, Revision] = {}
    for revision in (
        Revision.objects.filter(
            document_type=TheoryOfChange._meta.label_lower,
            document_id__in=[t.pk for t in theories],
        )
        .select_related("changed_by")
        .order_by("document_id", "-number")
    ):
        latest.setdefault(revision.document_id, revision)
    groups: dict[str, list[ListRow]] = {}
    for theory in theories:
        revision = latest.get(theory.pk)
        who = revision.changed_by if revision and revision.changed_by else theory.created_by
        groups.setdefault(theory.target_group, []).append(
            ListRow(
                theory,
                who.get_full_name() or who.username,
                revision.changed_at if revision else theory.updated_at,
            )
        )
    return list(groups.items())


def versions_of(theory: TheoryOfChange, user: User) -> list[TheoryOfChange]:
    """The document's other versions the user may open (same line: previous and next)."""

    visible = set(documents(user, TheoryOfChange).values_list("pk", flat=True))
    return [t for t in lineage(theory) if t.pk in visible or t.pk == theory.pk]


# ----------------------------------------------------------------------------------------
# The target group, live from the register


@dataclass(frozen=True)
class GroupSize:
    count: int | None  # None: not shown (a small count outside the municipality)
    on: dt.date
    segment: str

    @property
    def display(self) -> str:
        if self.count is None:
            return _("under %(limit)s") % {"limit": SMALL_COUNT_LIMIT}
        return fmt_number(self.count, 0)

    @property
    def plural_count(self) -> int:
        """The number that picks 'borger' or 'borgere': a hidden count is 'under 5 borgere'."""
        return SMALL_COUNT_LIMIT if self.count is None else self.count

    @property
    def segment_label(self) -> str:
        return str(Segment(self.segment).label)


def _open_on(day: dt.date) -> Q:
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day))


def group_size(
    municipality: Municipality, segment: str, *, today: dt.date, suppress: bool = False
) -> GroupSize:
    """Citizens of the municipality in the integration programme today (an open programme
    period), and for a segment only those with an open visitation of that code today.

    A count only: the periods are read as a COUNT and no row leaves this function.
    """
    in_programme = Period.objects.filter(
        municipality=municipality, kind=PeriodKind.PROGRAMME
    ).filter(_open_on(today))
    if segment in (Segment.JOB_READY, Segment.ACTIVITY_READY):
        visited = Period.objects.filter(
            municipality=municipality, kind=PeriodKind.VISITATION, code=segment
        ).filter(_open_on(today))
        in_programme = in_programme.filter(citizen_id__in=visited.values("citizen_id"))
    count = in_programme.values("citizen_id").distinct().count()
    if suppress and 0 < count < SMALL_COUNT_LIMIT:
        return GroupSize(None, today, segment)
    return GroupSize(count, today, segment)


# ----------------------------------------------------------------------------------------
# What a result can be bound to


def figure_label(figure: Figure) -> str:
    """'M3' for the three objectives, else the figure's name."""
    return figure.code if figure.objective else str(figure.name)


def figure_choices() -> list[tuple[str, str]]:
    return [
        (code, f"{code}: {figure.name}" if figure.objective else str(figure.name))
        for code, figure in FIGURES.items()
    ]


# ----------------------------------------------------------------------------------------
# Bound values: current against baseline


@dataclass(frozen=True)
class BoundValue:
    kind: str  # "figure" or "dimension"
    code: str  # the figure's code or the dimension's key
    label: str  # "M3", "Jobparate", "Jobsøgning"
    line: str  # "M3: 31,2 % (baseline 25,0 %)"
    change_text: str = ""  # "+6,2 procentpoint siden baseline"
    direction: int | None = None  # sign of the change; None when there is none to show
    note: str = ""  # when and of what: "juni 2026; baseline juni 2025 (standard: året før)"
    figure: Figure | None = None

    @property
    def marker(self) -> str:
        """The change's direction as a sign that reads without colour."""
        return {1: "▲", -1: "▼", 0: "■"}.get(self.direction, "")  # type: ignore[arg-type]


def figure_month(today: dt.date) -> int:
    """The municipality's latest computed complete month."""
    month = latest_month(today)
    through = computed_through()
    return min(month, through) if through is not None else month


def _sign(value: float | None) -> int | None:
    if value is None:
        return None
    return (value > 0.05) - (value < -0.05)


def figure_value(
    municipality: Municipality, code: str, *, today: dt.date, suppress: bool = False
) -> BoundValue:
    figure = FIGURES[code]
    month = figure_month(today)
    (objective,), _rows = objectives(
        municipality, month, history=1, figures=[figure], suppress=suppress
    )
    label = figure_label(figure)
    current, baseline = objective.current, objective.baseline
    base_month = objective.baseline_month
    note = _("%(month)s; baseline %(base)s") % {
        "month": month_label(month),
        "base": month_label(base_month) if base_month is not None else "–",
    }
    if not objective.baseline_chosen:
        note += " " + _("(standard: samme måned året før)")
    if current.suppressed:
        line = f"{label}: {current.display}"
    elif current.value is None:
        line = _("%(label)s: intet tal for %(month)s") % {
            "label": label,
            "month": month_label(month),
        }
    else:
        # A baseline not shown (suppressed) says so; a missing one says there is no number.
        if baseline is not None and (baseline.suppressed or baseline.value is not None):
            base = baseline.display
        else:
            base = _("intet tal")
        line = _("%(label)s: %(value)s (baseline %(base)s)") % {
            "label": label,
            "value": current.display,
            "base": base,
        }
    change = objective.change
    change_text = ""
    if change is not None:
        change_text = _("%(change)s siden baseline") % {"change": objective.change_display}
    return BoundValue(
        kind="figure",
        code=code,
        label=label,
        line=line,
        change_text=change_text,
        direction=_sign(change),
        note=note,
        figure=figure,
    )


def dimension_value(
    name: str, key: str, summary_source: list | None, *, allowed: bool
) -> BoundValue:
    """A dimension's mean latest score against the mean first, over the municipality's
    citizens with two readings or more; hidden under MIN_GROUP citizens."""
    if not allowed or summary_source is None:
        return BoundValue(
            kind="dimension",
            code=key,
            label=name,
            line=_("%(name)s: vises kun for kommunens medarbejdere") % {"name": name},
        )
    summary = summarise_dimension(summary_source, key)
    note = ngettext(
        "gennemsnit for %(n)s borger med mindst to målinger",
        "gennemsnit for %(n)s borgere med mindst to målinger",
        summary.measured,
    ) % {"n": fmt_number(summary.measured, 0)}
    if summary.measured < MIN_GROUP:
        return BoundValue(
            kind="dimension",
            code=key,
            label=name,
            line=_("%(name)s: vises ikke (færre end %(min)s borgere med to målinger)")
            % {"name": name, "min": MIN_GROUP},
            note=note,
        )
    first, latest = summary.mean_first, summary.mean_latest
    change = summary.mean_change
    return BoundValue(
        kind="dimension",
        code=key,
        label=name,
        line=_("%(name)s: %(latest)s (første måling %(first)s)")
        % {"name": name, "latest": fmt_number(latest or 0), "first": fmt_number(first or 0)},
        change_text=_("%(change)s point siden første måling") % {"change": signed(change or 0)},
        direction=_sign(change),
        note=note,
    )


def bound_values(
    theory: TheoryOfChange, items: list[TheoryItem], user: User, *, today: dt.date
) -> dict[int, BoundValue]:
    """The current value of every bound item. Figures are the municipality's own; anyone
    outside it (the facilitator on a shared document) sees small numbers suppressed.
    Dimensions need a user who may read citizens (the manager), else no value is shown."""
    outside = user.municipality_id != theory.municipality_id
    values: dict[int, BoundValue] = {}
    figures: dict[str, BoundValue] = {}
    for item in items:
        if item.figure and item.figure in FIGURES:
            if item.figure not in figures:
                figures[item.figure] = figure_value(
                    theory.municipality, item.figure, today=today, suppress=outside
                )
            values[item.pk] = figures[item.figure]
    bound_dimensions = [item for item in items if item.dimension]
    if bound_dimensions:
        allowed = not outside and user.can(Permission.VIEW_CITIZEN)
        progresses = None
        if allowed:
            readings, _facts = municipality_readings(user, respondent=DIMENSION_RESPONDENT)
            progresses = [p for p in progress_of(readings) if p.measured]
        names = dimension_names(theory.municipality)
        for item in bound_dimensions:
            name = names.get(item.dimension, item.dimension)
            values[item.pk] = dimension_value(name, item.dimension, progresses, allowed=allowed)
    return values


# ----------------------------------------------------------------------------------------
# The document as the pages, the presentation and the PDF show it


@dataclass(frozen=True)
class ItemRow:
    """An item as the pages show it, with its figure or dimension (None when not bound)."""

    item: TheoryItem
    value: BoundValue | None


@dataclass(frozen=True)
class ColumnView:
    horizon: str
    title: str
    step: int
    rows: list[ItemRow]

    @property
    def items(self) -> list[TheoryItem]:
        return [row.item for row in self.rows]


@dataclass
class TheoryPage:
    theory: TheoryOfChange
    items: list[TheoryItem]
    columns: list[ColumnView]  # reading order, left to right
    values: dict[int, BoundValue]
    diagram: SafeString
    group: GroupSize
    definitions: list[BoundValue] = field(default_factory=list)
    dimension_definitions: list[BoundValue] = field(default_factory=list)

    @property
    def columns_backwards(self) -> list[ColumnView]:
        """The columns in the order they are filled in (step 1 to 4)."""
        return sorted(self.columns, key=lambda c: c.step)

    @property
    def link_count(self) -> int:
        return sum(len(item.leads_to.all()) for item in self.items)


def theory_items(theory: TheoryOfChange) -> list[TheoryItem]:
    return list(
        TheoryItem.objects.filter(theory=theory)
        .prefetch_related("leads_to")
        .order_by("horizon", "position", "pk")
    )


def diagram(
    theory: TheoryOfChange, columns: list[ColumnView], values: dict[int, BoundValue]
) -> SafeString:
    chart_columns = []
    links = []
    for column in columns:
        boxes = []
        for item in column.items:
            value = values.get(item.pk)
            boxes.append(
                Box(
                    key=str(item.pk),
                    text=item.text,
                    value=value.line if value else "",
                    change=value.change_text if value else "",
                    direction=value.direction if value else None,
                    code=value.code if value else "",
                )
            )
            links += [(str(item.pk), str(target.pk)) for target in item.leads_to.all()]
        chart_columns.append(Column(column.title, boxes))
    counts = ", ".join(f"{c.title}: {len(c.items)}" for c in columns)
    description = ngettext(
        "%(kind)s, version %(version)s. Kolonner fra venstre: %(counts)s. %(links)s forbindelse.",
        "%(kind)s, version %(version)s. Kolonner fra venstre: %(counts)s. %(links)s forbindelser.",
        len(links),
    ) % {
        "kind": theory.get_kind_display(),
        "version": theory.version,
        "counts": counts,
        "links": len(links),
    }
    return theory_diagram(
        title=theory.title,
        columns=chart_columns,
        links=links,
        description=description,
        empty_text=_("Intet endnu"),
        link_word=_("fører til"),
        legend=(_("fører til"), _("steget"), _("faldet"), _("uændret")),
        chart_id=f"theory-{theory.pk}",
    )


def theory_page(theory: TheoryOfChange, user: User, *, today: dt.date) -> TheoryPage:
    items = theory_items(theory)
    by_horizon: dict[str, list[TheoryItem]] = {}
    for item in items:
        by_horizon.setdefault(item.horizon, []).append(item)
    steps = step_horizons(theory.kind)
    values = bound_values(theory, items, user, today=today)
    columns = [
        ColumnView(
            h,
            str(Horizon(h).label),
            steps.index(h) + 1,
            [ItemRow(item, values.get(item.pk)) for item in by_horizon.get(h, [])],
        )
        for h in reading_order(theory.kind)
    ]
    figures: dict[str, BoundValue] = {}
    dimensions: dict[str, BoundValue] = {}
    for item in items:
        value = values.get(item.pk)
        if value is None:
            continue
        (figures if value.kind == "figure" else dimensions).setdefault(value.code, value)
    outside = user.municipality_id != theory.municipality_id
    return TheoryPage(
        theory=theory,
        items=items,
        columns=columns,
        values=values,
        diagram=diagram(theory, columns, values),
        group=group_size(theory.municipality, theory.segment, today=today, suppress=outside),
        definitions=list(figures.values()),
        dimension_definitions=list(dimensions.values()),
    )


def theory_history(theory: TheoryOfChange, limit: int | None = None) -> list[Revision]:
    revisions = history(theory)
    return revisions[:limit] if limit else revisions
