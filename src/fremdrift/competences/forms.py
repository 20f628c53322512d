"""The card's two forms: a new entry (with its first assessment), and a new assessment.

Both create rows and edit none (tests/test_edit_versions.py lists them): an entry is never
changed, a new judgement is a new assessment.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.competences.services import NAME_MAX, NOTE_MAX, TITLE_MAX, AssessmentData, EntryData
from fremdrift.competences.vocabulary import (
    FOLLOW_UP_KEYS,
    AssessorRole,
    Kind,
    Level,
    Origin,
)
from fremdrift.core import clock
from fremdrift.core.forms import DateInput, DkfdsFormMixin


def _level_field(required: bool) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Niveau"),
        choices=[("", _("Vælg niveau")), *Level.choices],
        coerce=int,
        empty_value=None,
        required=required,
        help_text=_("Hvad borgeren kan på en arbejdsplads. Bruges ikke for uddannelse og job."),
        error_messages={"required": _("Vælg et niveau fra 1 til 5.")},
    )


class AssessmentFields(DkfdsFormMixin, forms.Form):
    level = _level_field(required=False)
    assessor_role = forms.ChoiceField(
        label=_("Vurderet af (rolle)"),
        choices=AssessorRole.choices,
        error_messages={"required": _("Vælg hvem der har vurderet.")},
    )
    assessor_name = forms.CharField(
        label=_("Vurderet af (navn)"),
        max_length=NAME_MAX,
        required=False,
        help_text=_("Fx borgerens navn eller arbejdsgiverens kontaktperson."),
    )
    assessed_on = forms.DateField(
        label=_("Dato for vurderingen"),
        widget=DateInput(),
        error_messages={
            "required": _("Skriv datoen for vurderingen."),
            "invalid": _("Skriv datoen som dd-mm-åååå."),
        },
    )
    assessment_note = forms.CharField(
        label=_("Bemærkning til vurderingen"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = clock.today()

    def assessment(self) -> AssessmentData:
        data = self.cleaned_data
        return AssessmentData(
            level=data["level"],
            assessor_role=data["assessor_role"],
            assessor_name=data["assessor_name"],
            assessed_on=data["assessed_on"],
            note=data["assessment_note"],
        )


class AssessmentForm(AssessmentFields):
    """A new assessment of a competence already on the card."""

    def __init__(self, *args: Any, levelled: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if levelled:
            self.fields["level"].required = True
        else:
            del self.fields["level"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned.setdefault("level", None)
        return cleaned


class EntryForm(AssessmentFields):
    """A new line on the card, with who assessed it and when."""

    field_order = [
        "kind",
        "key",
        "title",
        "origin",
        "year_from",
        "year_to",
        "note",
        "level",
        "assessor_role",
        "assessor_name",
        "assessed_on",
        "assessment_note",
    ]
    kind = forms.ChoiceField(
        label=_("Slags"),
        choices=Kind.choices,
        error_messages={"required": _("Vælg hvilken slags kompetence det er.")},
    )
    key = forms.ChoiceField(
        label=_("Kompetence fra opfølgningen"),
        required=False,
        help_text=_(
            "De kompetencer virksomhedens kontaktperson vurderer ved opfølgning i praktik. "
            "Vælg ingen for at skrive en selv."
        ),
    )
    title = forms.CharField(
        label=_("Kompetence, uddannelse eller job"),
        max_length=TITLE_MAX,
        required=False,
        help_text=_("Fx lager og truck, rengøring, tømrer, eller gymnasium i Syrien."),
    )
    origin = forms.ChoiceField(
        label=_("Hvorfra"),
        choices=[("", _("Ikke angivet")), *Origin.choices],
        required=False,
        help_text=_("For uddannelse og erhvervserfaring: fra hjemlandet eller fra Danmark."),
    )
    year_from = forms.IntegerField(
        label=_("Fra år"),
        required=False,
        help_text=_("For uddannelse og erhvervserfaring."),
        error_messages={"invalid": _("Skriv et årstal, fx 2015.")},
    )
    year_to = forms.IntegerField(
        label=_("Til år"),
        required=False,
        error_messages={"invalid": _("Skriv et årstal, fx 2019.")},
    )
    note = forms.CharField(
        label=_("Bemærkning"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["key"]).choices = [
            ("", _("Ingen: skriv selv")),
            *((key, label) for key, (_kind, label) in FOLLOW_UP_KEYS.items()),
        ]

    def entry(self) -> EntryData:
        data = self.cleaned_data
        return EntryData(
            kind=data["kind"],
            key=data["key"],
            title=data["title"],
            origin=data["origin"],
            year_from=data["year_from"],
            year_to=data["year_to"],
            note=data["note"],
            assessment=self.assessment(),
        )
