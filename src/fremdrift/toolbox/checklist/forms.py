"""Forms for KL's checklist: opening one, answering every question, an answer to an action.

The forms say per field what is wrong, in Danish; the services check the rules again on save.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from fremdrift.core.forms import DateInput, DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm
from fremdrift.toolbox.checklist.services import Element
from fremdrift.toolbox.models import ActionPlan, ChecklistChoice


class ChecklistCreateForm(DkfdsFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Giv tjeklisten en titel.")},
        help_text=_("Fx KL's tjekliste, ledergruppen foråret 2026."),
    )


class ChecklistEditForm(VersionedForm, DkfdsFormMixin, forms.Form):
    """Every question's answer (ja, delvist, nej) and note, in one form."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Giv tjeklisten en titel.")},
    )
    filled_on = forms.DateField(
        label=_("Dato"),
        widget=DateInput(),
        error_messages={
            "required": _("Skriv datoen, tjeklisten er udfyldt."),
            "invalid": _("Skriv en gyldig dato."),
        },
    )

    def __init__(self, *args: Any, elements: list[Element], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.elements = elements
        for element in elements:
            for question in element.questions:
                answer = question.answer
                self.fields[f"answer_{question.key}"] = forms.ChoiceField(
                    label=question.text,
                    required=False,
                    choices=ChecklistChoice.choices,
                    initial=answer.answer if answer else None,
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": _("Vælg ja, delvist eller nej.")},
                )
                self.fields[f"note_{question.key}"] = forms.CharField(
                    label=_("Note"),
                    required=False,
                    max_length=2000,
                    initial=answer.note if answer else "",
                    widget=forms.Textarea(attrs={"rows": 2, "class": "form-input"}),
                )
                self.fields[f"answer_{question.key}"].widget.attrs["class"] = "form-radio"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for element in self.elements:
            for question in element.questions:
                choice = data.get(f"answer_{question.key}")
                note = (data.get(f"note_{question.key}") or "").strip()
                if not choice and note:
                    self.add_error(
                        f"answer_{question.key}",
                        _("Vælg ja, delvist eller nej for at gemme noten."),
                    )
                elif not choice and question.action is not None:
                    self.add_error(
                        f"answer_{question.key}",
                        _("Svaret er blevet til en handling og kan ikke fjernes, kun ændres."),
                    )
        return data

    def groups(self) -> list[dict[str, Any]]:
        return [
            {
                "element": element,
                "questions": [
                    {
                        "question": q,
                        "answer": self[f"answer_{q.key}"],
                        "note": self[f"note_{q.key}"],
                    }
                    for q in element.questions
                ],
            }
            for element in self.elements
        ]

    def answers(self) -> dict[str, tuple[str, str]]:
        return {
            q.key: (
                self.cleaned_data.get(f"answer_{q.key}") or "",
                self.cleaned_data.get(f"note_{q.key}") or "",
            )
            for element in self.elements
            for q in element.questions
        }


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ActionPlan) -> str:
        return obj.title


class ToActionForm(DkfdsFormMixin, forms.Form):
    plan = PlanChoiceField(
        label=_("Handleplan"),
        queryset=ActionPlan.objects.none(),
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": _("Vælg en af kommunens handleplaner.")},
    )

    def __init__(self, *args: Any, plans: QuerySet[ActionPlan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
