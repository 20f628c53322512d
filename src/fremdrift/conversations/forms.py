from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fremdrift.conversations.models import ConversationForm
from fremdrift.conversations.sections import MAX_TEXT, Section, parse_section_lines
from fremdrift.conversations.services import ConversationDetails
from fremdrift.core.forms import DateInput, DkfdsFormMixin, state_the_limit
from fremdrift.core.versioning import VersionedForm

SECTION_PREFIX = "section_"
SIGN_ACTION = "underskriv"


class JournalForm(DkfdsFormMixin, forms.Form):
    """One textarea per section of the journal template, named `section_<key>`."""

    def add_sections(self, sections: list[Section], texts: dict[str, str] | None = None) -> None:
        texts = texts or {}
        for section in sections:
            name = SECTION_PREFIX + section["key"]
            self.fields[name] = field = forms.CharField(
                label=section["title"],
                help_text=section.get("help", ""),
                required=False,
                max_length=MAX_TEXT,
                initial=texts.get(section["key"], ""),
                widget=forms.Textarea(attrs={"rows": 5, "class": "form-input input-width-xl"}),
            )
            state_the_limit(field)  # added after the form's own fields were set up

    def section_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(SECTION_PREFIX)]

    def other_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in self.fields
            if not name.startswith(SECTION_PREFIX) and not self[name].is_hidden
        ]

    def texts(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            name.removeprefix(SECTION_PREFIX): data.get(name, "")
            for name in self.fields
            if name.startswith(SECTION_PREFIX)
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's errors on the matching fields; journal-wide ones on the first
        section, so the error summary links to the place to write."""
        sections = [name for name in self.fields if name.startswith(SECTION_PREFIX)]
        for key, messages in error.message_dict.items():
            if key in self.fields:
                target = key
            elif key == "sections" and sections:
                target = sections[0]
            else:
                target = None
            for message in messages:
                self.add_error(target, message)


class RecordForm(JournalForm):
    """A new conversation with its journal entry; also the form for editing a draft."""

    held_on = forms.DateField(label=_("Dato"), widget=DateInput())
    form = forms.ChoiceField(
        label=_("Samtaleform"),
        choices=ConversationForm.choices,
        widget=forms.RadioSelect,
        template_name="conversations/_radio_field.html",
    )
    interpreter_used = forms.BooleanField(label=_("Der var tolk med"), required=False)
    participants = forms.CharField(
        label=_("Andre deltagere"),
        help_text=_(
            "Fx tolk, mentor eller virksomhedskonsulent. Du og borgeren skal ikke skrives på."
        ),
        required=False,
        max_length=200,
    )

    def __init__(
        self,
        *args: Any,
        sections: list[Section],
        texts: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_sections(sections, texts)

    def details(self) -> ConversationDetails:
        data = self.cleaned_data
        return ConversationDetails(
            held_on=data["held_on"],
            form=data["form"],
            interpreter_used=data["interpreter_used"],
            participants=data["participants"],
        )


class DraftEditForm(VersionedForm, RecordForm):
    """A draft's texts and its conversation's details, as of the version the editor loaded."""


class CorrectionForm(JournalForm):
    reason = forms.CharField(
        label=_("Hvad rettes, og hvorfor?"),
        help_text=_("Fx 'Forkert dato for praktikstart'. Vises sammen med rettelsen."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "class": "input-width-xl"}),
    )

    def __init__(
        self, *args: Any, sections: list[Section], texts: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_sections(sections, texts)
        self.order_fields([*(f.name for f in self.section_fields()), "reason"])


class TemplateForm(VersionedForm, DkfdsFormMixin, forms.Form):
    sections = forms.CharField(
        label=_("Afsnit"),
        help_text=_(
            "Ét afsnit pr. linje: titel | hjælpetekst. Rækkefølgen her er rækkefølgen i "
            "notatet. Slet en linje for at fjerne et afsnit."
        ),
        # One section a line: no soft wrapping, so a line on screen is a section.
        widget=forms.Textarea(attrs={"rows": 12, "class": "input-width-xl", "wrap": "off"}),
    )

    def __init__(self, *args: Any, current: list[Section], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = current

    def parsed(self) -> list[dict[str, str]]:
        return parse_section_lines(self.cleaned_data["sections"], self.current)
