"""An instrument's items as the forms and the printout show them, in one language.

Each item's scale is grouped by its anchored stages (two points per stage in our default
instrument), with the stage's description beside its points, so everyone scores against the
same words. Texts come from the definition in the chosen language, or in Danish where that
translation is missing, and the item says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fremdrift.core.versioning import Conflict, ConflictRow
from fremdrift.instruments.models import InstrumentVersion, Response
from fremdrift.instruments.texts import text_in


def respondent_name(version: InstrumentVersion, respondent: str, language: str) -> str:
    for one in version.definition["respondents"]:
        if one["key"] == respondent:
            return text_in(one["name"], language)[0]
    return respondent


@dataclass
class Stage:
    label: str
    description: str
    values: list[int]


@dataclass
class ItemView:
    key: str
    number: int
    short: str
    question: str
    stages: list[Stage]
    specials: list[tuple[str, str]]
    current: str = ""  # the value as text, or a special answer's key; "" is no answer
    missing: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def current_label(self) -> str:
        for key, label in self.specials:
            if key == self.current:
                return label
        return self.current


def current_answers(response: Response | None) -> dict[str, str]:
    if response is None:
        return {}
    return {
        a.item: (str(a.value) if a.value is not None else a.special) for a in response.answers.all()
    }


def item_views(
    version: InstrumentVersion,
    respondent: str,
    language: str,
    *,
    answers: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> list[ItemView]:
    definition = version.definition
    scale = definition["scale"]
    stage_labels = {(a["from"], a["to"]): a.get("label") for a in scale["anchors"]}
    specials = []
    for key in scale.get("special_answers", []):
        label, _missing = text_in(scale.get("special_labels", {}).get(key), language)
        specials.append((key, label or key))
    views = []
    for number, item in enumerate(version.items_for(respondent), start=1):
        question, missing = text_in(item["text"][respondent], language)
        short, short_missing = text_in(item["short"], language)
        stages = []
        for anchor in item.get("anchors") or scale["anchors"]:
            label, label_missing = text_in(
                anchor.get("label") or stage_labels.get((anchor["from"], anchor["to"])), language
            )
            description, description_missing = text_in(anchor["description"], language)
            missing = missing or label_missing or description_missing
            stages.append(Stage(label, description, list(range(anchor["from"], anchor["to"] + 1))))
        views.append(
            ItemView(
                key=item["key"],
                number=number,
                short=short,
                question=question,
                stages=stages,
                specials=specials,
                current=(answers or {}).get(item["key"], ""),
                missing=missing or short_missing,
                errors=(errors or {}).get(item["key"], []),
            )
        )
    return views


def answers_conflict(
    version: InstrumentVersion,
    respondent: str,
    language: str,
    saved: Response,
    posted: dict[str, str],
    *,
    agreed: bool,
) -> Conflict:
    """The conflict part of the questionnaire page (includes/edit_conflict.html): each item
    whose saved answer differs from what this caseworker chose, and the agreed-together mark."""
    theirs = item_views(version, respondent, language, answers=current_answers(saved))
    mine = item_views(version, respondent, language, answers=posted)
    rows = [
        ConflictRow(
            label=f"{saved_item.number}. {saved_item.short}",
            saved=saved_item.current_label or "–",
            mine=my_item.current_label or "–",
        )
        for saved_item, my_item in zip(theirs, mine, strict=True)
        if saved_item.current != my_item.current.strip()
    ]
    if saved.agreed_together != agreed:
        rows.append(
            ConflictRow(
                label=_("Borger og sagsbehandler har aftalt svarene sammen"),
                saved=_("Ja") if saved.agreed_together else _("Nej"),
                mine=_("Ja") if agreed else _("Nej"),
            )
        )
    return Conflict(rows=tuple(rows))
