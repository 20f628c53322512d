"""One citizen's progression: the stars and the tables beside them, from their responses.

Used by the citizen's progression page and by the printed questionnaire, so both show the
same picture. Scores are compared with instruments.change (same items, same scale only).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fremdrift.charts.star import Series, star_svg
from fremdrift.instruments.change import CitizenProgress, progress_of
from fremdrift.instruments.models import Response
from fremdrift.instruments.texts import text_in
from fremdrift.progression.presentation import respondent_name
from fremdrift.progression.selectors import reading_of, scale_of


@dataclass
class Cell:
    text: str
    value: int | None


@dataclass
class DimensionRow:
    key: str
    short: str
    first: Cell
    previous: Cell | None
    latest: Cell
    since_first: int | None
    since_previous: int | None


@dataclass
class RespondentProgress:
    respondent: str
    name: str
    responses: list[Response]
    rows: list[DimensionRow]
    history: list[tuple[Response, list[Cell]]]
    star: SafeString


@dataclass
class ComparisonRow:
    short: str
    citizen: Cell
    caseworker: Cell
    difference: int | None


def _cell(response: Response, item: str, language: str) -> Cell:
    for answer in response.answers.all():
        if answer.item == item:
            if answer.value is not None:
                return Cell(str(answer.value), answer.value)
            labels = response.version.definition["scale"].get("special_labels", {})
            return Cell(text_in(labels.get(answer.special), language)[0] or answer.special, None)
    return Cell("–", None)


def _day(response: Response) -> str:
    return date_format(response.taken_on, "DATE_FORMAT")


def _axes(response: Response, language: str) -> list[tuple[str, str]]:
    return [(i["key"], text_in(i["short"], language)[0]) for i in response.version.items()]


def _respondent_progress(
    respondent: str, responses: list[Response], language: str, chart_id: str
) -> RespondentProgress:
    latest = responses[-1]
    first = responses[0]
    previous = responses[-2] if len(responses) > 1 else None
    progress: CitizenProgress = progress_of(reading_of(r) for r in responses)[0]
    axes = [
        (i["key"], text_in(i["short"], language)[0]) for i in latest.version.items_for(respondent)
    ]
    rows = [
        DimensionRow(
            key=key,
            short=short,
            first=_cell(first, key, language),
            previous=_cell(previous, key, language) if previous else None,
            latest=_cell(latest, key, language),
            since_first=progress.since_first.get(key),
            since_previous=progress.since_previous.get(key),
        )
        for key, short in axes
    ]
    series = [
        Series(_("Første måling %(day)s") % {"day": _day(first)}, [r.first.value for r in rows])
    ]
    if len(responses) > 1:
        series.append(
            Series(
                _("Seneste måling %(day)s") % {"day": _day(latest)}, [r.latest.value for r in rows]
            )
        )
    low, high = scale_of(latest.version)
    name = respondent_name(latest.version, respondent, language)
    star = star_svg(
        axes=[short for _key, short in axes],
        series=series,
        low=low,
        high=high,
        title=_("%(who)s: første og seneste måling") % {"who": name},
        description=_("Tallene står i tabellen under stjernen."),
        chart_id=chart_id,
    )
    history = [(r, [_cell(r, key, language) for key, _short in axes]) for r in responses]
    return RespondentProgress(respondent, name, responses, rows, history, star)


def citizen_progression(responses: list[Response], language: str) -> dict[str, object]:
    """Per respondent: rows, history and star; and the latest citizen-vs-caseworker star."""
    by_respondent: dict[str, list[Response]] = {}
    for response in responses:
        by_respondent.setdefault(response.respondent, []).append(response)
    parts = {
        respondent: _respondent_progress(respondent, rs, language, f"star-{respondent}")
        for respondent, rs in by_respondent.items()
    }
    context: dict[str, object] = {"respondents": list(parts.values())}
    own, caseworker = by_respondent.get("citizen"), by_respondent.get("caseworker")
    if own and caseworker:
        context.update(_comparison(own[-1], caseworker[-1], language))
    return context


def _comparison(citizen: Response, caseworker: Response, language: str) -> dict[str, object]:
    axes = _axes(caseworker, language)
    rows = []
    for key, short in axes:
        mine, theirs = _cell(citizen, key, language), _cell(caseworker, key, language)
        same_scale = scale_of(citizen.version) == scale_of(caseworker.version)
        difference = (
            theirs.value - mine.value
            if same_scale and mine.value is not None and theirs.value is not None
            else None
        )
        rows.append(ComparisonRow(short, mine, theirs, difference))
    low, high = scale_of(caseworker.version)
    names = tuple(
        _("%(who)s %(day)s")
        % {"who": respondent_name(r.version, r.respondent, language), "day": _day(r)}
        for r in (citizen, caseworker)
    )
    star = star_svg(
        axes=[short for _key, short in axes],
        series=[
            Series(names[0], [r.citizen.value for r in rows]),
            Series(names[1], [r.caseworker.value for r in rows]),
        ],
        low=low,
        high=high,
        title=_("Borgerens og sagsbehandlerens seneste måling"),
        description=_("Tallene står i tabellen under stjernen."),
        chart_id="star-both",
        first_style=2,
    )
    return {"comparison_rows": rows, "comparison_star": star, "comparison_names": names}
