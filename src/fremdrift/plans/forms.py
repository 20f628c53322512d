from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from fremdrift.core import clock
from fremdrift.core.forms import DateInput, DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm
from fremdrift.journey.models import Period
from fremdrift.plans.models import EndGoal, SubGoalStatus


class PlanForm(VersionedForm, DkfdsFormMixin, forms.Form):
    end_goal = forms.ChoiceField(
        label=_("Slutmål"), choices=EndGoal.choices, widget=forms.RadioSelect
    )
    field = forms.CharField(
        label=_("Område"),
        max_length=100,
        help_text=_("Fx Lager og logistik, Rengøring eller SOSU-assistent."),
    )
    note = forms.CharField(
        label=_("Bemærkning"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kommer med på borgerens udskrift af planen."),
    )
    # Empty when the editor saw no plan yet (creating), else the version they loaded.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OfferChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Period) -> str:
        end = obj.effective_end
        span = date_format(obj.start, "SHORT_DATE_FORMAT")
        if end:
            span += f"–{date_format(end, 'SHORT_DATE_FORMAT')}"
        return f"{obj.label} ({span})"


class SubGoalForm(DkfdsFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Beskriv delmålet"),
        max_length=200,
        help_text=_("Hvad skal borgeren kunne? Fx Bestå Danskuddannelse 2 modul 3."),
    )
    target_date = forms.DateField(label=_("Måldato"), widget=DateInput())
    status = forms.ChoiceField(
        label=_("Status"), choices=SubGoalStatus.choices, initial=SubGoalStatus.NOT_STARTED
    )
    offers = OfferChoiceField(
        label=_("Tilbud, der arbejder mod delmålet"),
        queryset=Period.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, offers: QuerySet[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the citizen's own offers are choices; the service checks again on save.
        self.fields["offers"].queryset = offers
        # CheckboxSelectMultiple is a RadioSelect to the mixin; give it the checkbox class.
        self.fields["offers"].widget.attrs["class"] = "form-checkbox"


class SubGoalEditForm(VersionedForm, SubGoalForm):
    pass


class SubGoalStatusForm(DkfdsFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SubGoalStatus.choices)


class FollowUpForm(DkfdsFormMixin, forms.Form):
    noted_on = forms.DateField(label=_("Dato for samtalen"), widget=DateInput())
    text = forms.CharField(
        label=_("Opfølgning"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvordan går det med delmålet, og hvad aftalte I?"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"noted_on": clock.today()})
        super().__init__(*args, **kwargs)
