"""Forms of the theories of change. They parse; the services validate the rules and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.core.forms import DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm
from fremdrift.toolbox.models import Segment, TheoryKind
from fremdrift.toolbox.theory.services import TEXT_MAX


class TheoryCreateForm(DkfdsFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=TheoryKind.choices,
        initial=TheoryKind.CHANGE,
        widget=forms.RadioSelect,
        help_text=_(
            "En forandringsteori går fra aktiviteter over kort- og mellemlange til langsigtede "
            "resultater. En programteori (KL) går fra aktiviteter over delmål til slutmål og "
            "beskriver de virksomme mekanismer."
        ),
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    target_group = forms.CharField(
        label=_("Målgruppe"),
        max_length=200,
        help_text=_("Fx aktivitetsparate borgere i integrationsprogrammet."),
    )
    segment = forms.ChoiceField(
        label=_("Tæl målgruppen blandt"),
        choices=Segment.choices,
        initial=Segment.ALL,
        help_text=_("Målgruppens størrelse tælles direkte fra registeret ud fra dette valg."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "form-radio"


class TargetGroupForm(VersionedForm, DkfdsFormMixin, forms.Form):
    """Step 0: who the effort is for. The matrix's four fields are shown as a 2 x 2 grid."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    target_group = forms.CharField(label=_("Målgruppe"), max_length=200)
    segment = forms.ChoiceField(label=_("Tæl målgruppen blandt"), choices=Segment.choices)
    purpose = forms.CharField(
        label=_("Hvorfor: formålet med indsatsen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    can_wants = forms.CharField(
        label=_("Kan og vil"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    can_not_wants = forms.CharField(
        label=_("Kan, men vil ikke"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    cannot_wants = forms.CharField(
        label=_("Kan ikke, men vil"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    cannot_not_wants = forms.CharField(
        label=_("Kan ikke og vil ikke"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    work_identity = forms.CharField(
        label=_("Arbejdsidentitet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Hvad har de arbejdet med, og hvordan ser de sig selv som arbejdskraft?"),
    )
    labour_market_experience = forms.CharField(
        label=_("Erfaring fra arbejdsmarkedet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("I hjemlandet og i Danmark."),
    )
    education = forms.CharField(
        label=_("Uddannelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Skolegang, uddannelse og hvor langt de er i danskuddannelsen."),
    )
    job_search = forms.CharField(
        label=_("Jobsøgnings- og aktiveringsadfærd"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Søger de selv job? Hvordan møder de op til tilbud?"),
    )
    family = forms.CharField(
        label=_("Familie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Børn, forsørgelse og hensyn, der påvirker, hvad de kan deltage i."),
    )

    MATRIX = ("can_wants", "can_not_wants", "cannot_wants", "cannot_not_wants")
    FACTS = ("work_identity", "labour_market_experience", "education", "job_search", "family")


class ItemForm(DkfdsFormMixin, forms.Form):
    """An item of one column: its text, what it leads to (items further right) and, for a
    result, a binding to a key figure or a progression dimension."""

    text = forms.CharField(
        label=_("Tekst"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    leads_to = forms.TypedMultipleChoiceField(
        label=_("Fører til"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sæt kryds ved de punkter længere til højre i kæden, som dette fører til."),
    )
    figure = forms.ChoiceField(
        label=_("Bind til et nøgletal"),
        required=False,
        help_text=_("Diagrammet viser så nøgletallets seneste værdi mod baseline."),
    )
    dimension = forms.ChoiceField(
        label=_("Eller bind til et progressionsområde"),
        required=False,
        help_text=_(
            "Gennemsnittet af sagsbehandlernes seneste scorer mod de første for kommunens "
            "borgere. Vælg kun ét af de to."
        ),
    )

    def __init__(
        self,
        *args: Any,
        text_label: str,
        targets: list[tuple[str, list[tuple[int, str]]]],
        figures: list[tuple[str, str]] | None = None,
        dimensions: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """`targets` are the columns to the right as (title, [(item id, text)]); `figures`
        and `dimensions` None leave the binding out (activities and mechanisms)."""
        super().__init__(*args, **kwargs)
        self.fields["text"].label = text_label
        self.target_groups = [(title, choices) for title, choices in targets if choices]
        if self.target_groups:
            self.fields["leads_to"].choices = [
                choice for _title, choices in self.target_groups for choice in choices
            ]
            self.fields["leads_to"].widget.attrs["class"] = "form-checkbox"
        else:
            del self.fields["leads_to"]
        if figures is None:
            del self.fields["figure"]
            del self.fields["dimension"]
        else:
            self.fields["figure"].choices = [("", _("Ikke bundet til et nøgletal")), *figures]
            if dimensions:
                self.fields["dimension"].choices = [
                    ("", _("Ikke bundet til et progressionsområde")),
                    *dimensions,
                ]
            else:
                del self.fields["dimension"]

    def grouped_links(self) -> list[tuple[str, list[Any]]]:
        """The "leads to" checkboxes grouped by column, for the template."""
        if "leads_to" not in self.fields:
            return []
        options = {int(option.data["value"]): option for option in self["leads_to"]}
        return [
            (title, [options[pk] for pk, _text in choices if pk in options])
            for title, choices in self.target_groups
        ]

    @property
    def binds(self) -> bool:
        return "figure" in self.fields

    @property
    def binds_dimension(self) -> bool:
        return "dimension" in self.fields


class ItemEditForm(VersionedForm, ItemForm):
    """A saved item's form: the item form with the version the editor loaded."""
