"""Forms for the self-evaluation (opening a round, answering it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.core.forms import DkfdsFormMixin
from fremdrift.instruments.models import InstrumentVersion
from fremdrift.instruments.texts import text_in


class RoundForm(DkfdsFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("Fx «Selvevaluering forår 2026». Titlen ses af alle, der skal svare."),
        error_messages={"required": _("Giv runden en titel.")},
    )


@dataclass
class Option:
    value: str
    number: str  # the point on the scale, or "" for a special answer
    label: str
    description: str


@dataclass
class AnswerItem:
    key: str
    number: int
    short: str
    text: str
    current: str
    options: list[Option]
    errors: list[str] = field(default_factory=list)


@dataclass
class AnswerSection:
    key: str
    title: str
    items: list[AnswerItem]


class AnswerForm(forms.Form):
    """One required choice per statement: a point on the scale or "Ved ikke".

    Rendered by the template as rows of large radio buttons (see `sections`), so the field
    names are the statements' keys and every error belongs to its statement.
    """

    def __init__(
        self, *args: Any, version: InstrumentVersion, language: str = "da", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.language = language
        scale = version.definition["scale"]
        self.options = [
            Option(
                str(value),
                str(value),
                text_in(anchor.get("label"), language)[0],
                text_in(anchor["description"], language)[0],
            )
            for anchor in scale["anchors"]
            for value in range(anchor["from"], anchor["to"] + 1)
        ]
        for key in scale.get("special_answers", []):
            label = text_in(scale.get("special_labels", {}).get(key), language)[0] or key
            self.options.append(Option(key, "", label, ""))
        choices = [(o.value, o.label or o.value) for o in self.options]
        for item in version.items():
            short = text_in(item["short"], language)[0]
            message = _("%(item)s: vælg et tal fra %(low)s til %(high)s eller 'Ved ikke'.") % {
                "item": short,
                "low": scale["min"],
                "high": scale["max"],
            }
            self.fields[item["key"]] = forms.ChoiceField(
                label=short,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
            )

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data[key] for key in self.fields}

    def sections(self) -> list[AnswerSection]:
        sections = []
        number = 0
        for section in self.version.definition["sections"]:
            items = []
            for item in section["items"]:
                number += 1
                bound = self[item["key"]]
                first_text = next(iter(item["text"].values()))
                items.append(
                    AnswerItem(
                        key=item["key"],
                        number=number,
                        short=text_in(item["short"], self.language)[0],
                        text=text_in(first_text, self.language)[0],
                        current=str(bound.value() or ""),
                        options=self.options,
                        errors=list(bound.errors),
                    )
                )
            sections.append(
                AnswerSection(section["key"], text_in(section["title"], self.language)[0], items)
            )
        return sections

    def error_list(self) -> list[tuple[str, str]]:
        """(statement key, message) for the error summary, in the instrument's order."""
        return [(key, str(message)) for key in self.fields for message in self.errors.get(key, [])]
