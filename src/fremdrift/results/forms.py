"""The forms managers record about the figures with; each carries the version of the row it
edits (core.versioning), 0 while none is saved."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.core.forms import DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm


class BaselineForm(DkfdsFormMixin, VersionedForm):
    month = forms.TypedChoiceField(label=_("Baselinemåned"), coerce=int)

    def __init__(self, *args: object, months: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = months


class TargetForm(DkfdsFormMixin, VersionedForm):
    year = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.DecimalField(
        label=_("Mål"),
        required=False,
        max_digits=8,
        decimal_places=1,
        localize=True,
        help_text=_("I procent for en andel. Tomt felt fjerner målet."),
    )

    def clean_value(self) -> Decimal | None:
        # As stored (one decimal), so a conflict compares 60 typed with 60.0 saved as equal.
        value: Decimal | None = self.cleaned_data["value"]
        return None if value is None else value.quantize(Decimal("0.1"))


class DeviationForm(DkfdsFormMixin, VersionedForm):
    month = forms.IntegerField(widget=forms.HiddenInput)
    explanation = forms.CharField(
        label=_("Forklaring"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvorfor ligger tallet under målet denne måned?"),
    )
    action = forms.CharField(
        label=_("Handling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvad gør I, hvem gør det, og hvornår følger I op?"),
    )


class ReflectionForm(DkfdsFormMixin, VersionedForm):
    reflection = forms.CharField(
        label=_("Teamets refleksion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Hvad viser tallene, hvad overrasker, og hvad gør teamet anderledes næste måned?"
        ),
    )
