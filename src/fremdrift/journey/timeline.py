"""The citizen's timeline: every period and event, drawn as an SVG and listed as text.

The drawing is computed here (positions in SVG units) so the template only places shapes;
the same list of rows is the text alternative beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fremdrift.journey.models import Contract, Period
from fremdrift.journey.rules import fmt
from fremdrift.journey.types import PeriodKind

WIDTH = 960
LABEL_WIDTH = 150
ROW_HEIGHT = 26
LANES = [
    (PeriodKind.PROGRAMME, gettext_lazy("Program")),
    (PeriodKind.BENEFIT, gettext_lazy("Ydelse")),
    (PeriodKind.VISITATION, gettext_lazy("Visitation")),
    (PeriodKind.OFFER, gettext_lazy("Tilbud")),
    (PeriodKind.ABSENCE, gettext_lazy("Fravær")),
    (PeriodKind.OUTCOME, gettext_lazy("Afgang")),
]


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    y: float
    label: str
    css: str
    open_ended: bool


@dataclass(frozen=True)
class Marker:
    x: float
    label: str


@dataclass(frozen=True)
class Event:
    day: dt.date
    text: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    lanes: list[tuple[str, float]]
    bars: list[Bar]
    markers: list[Marker]
    today_x: float
    ticks: list[tuple[float, str]]
    events: list[Event]


def build_timeline(
    periods: list[Period],
    *,
    takeover: dt.date,
    today: dt.date,
    conversations: list[dt.date],
    contracts: list[Contract],
) -> Timeline:
    first = min([takeover, *(p.start for p in periods)])
    last = max([today + dt.timedelta(days=30), *(p.effective_end or today for p in periods)])
    span = max((last - first).days, 1)
    scale = (WIDTH - LABEL_WIDTH - 10) / span

    def x_of(day: dt.date) -> float:
        return round(LABEL_WIDTH + (day - first).days * scale, 1)

    bars: list[Bar] = []
    lanes: list[tuple[str, float]] = []
    y = 24.0
    for kind, title in LANES:
        own = [p for p in periods if p.kind == kind]
        rows: list[dt.date] = []  # the day each sub-row is free again, so offers never overlap
        for period in own:
            end = period.end or period.planned_end or today
            row = next((i for i, free in enumerate(rows) if free < period.start), None)
            if row is None:
                rows.append(end)
                row = len(rows) - 1
            rows[row] = end
            bars.append(
                Bar(
                    x=x_of(period.start),
                    width=max(x_of(end + dt.timedelta(days=1)) - x_of(period.start), 3),
                    y=y + row * ROW_HEIGHT,
                    label=period.label,
                    css=f"bar-{kind}" + (f" bar-{period.code}" if period.code else ""),
                    open_ended=period.end is None,
                )
            )
        lanes.append((str(title), y))
        y += ROW_HEIGHT * max(len(rows), 1) + 6
    markers = [
        Marker(x_of(day), _("Samtale %(date)s") % {"date": fmt(day)}) for day in conversations
    ]
    ticks = []
    tick = dt.date(first.year, first.month, 1)
    while tick <= last:
        if tick >= first and (tick.month - 1) % 3 == 0:
            ticks.append((x_of(tick), tick.strftime("%m.%Y")))
        tick = dt.date(tick.year + tick.month // 12, tick.month % 12 + 1, 1)
    return Timeline(
        width=WIDTH,
        height=int(y + 30),
        lanes=lanes,
        bars=bars,
        markers=markers,
        today_x=x_of(today),
        ticks=ticks,
        events=_events(periods, takeover, conversations, contracts),
    )


def _events(
    periods: list[Period],
    takeover: dt.date,
    conversations: list[dt.date],
    contracts: list[Contract],
) -> list[Event]:
    events = [Event(takeover, _("Kommunen overtog ansvaret"))]
    for p in periods:
        detail = f" ({p.company})" if p.company_id else ""
        events.append(
            Event(p.start, _("Start: %(label)s%(detail)s") % {"label": p.label, "detail": detail})
        )
        if p.end:
            events.append(Event(p.end, _("Slut: %(label)s") % {"label": p.label}))
        for extension in p.extensions.all():
            events.append(
                Event(
                    extension.decided_at.date(),
                    _("Programmet forlænget til %(end)s: %(reason)s")
                    % {"end": fmt(extension.new_planned_end), "reason": extension.reason},
                )
            )
    events += [Event(day, _("Samtale")) for day in conversations]
    events += [Event(c.signed_on, _("Kontrakt underskrevet")) for c in contracts]
    return sorted(events, key=lambda e: e.day, reverse=True)
