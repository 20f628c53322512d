"""Forms for the action plan: the plan, its actions, a status round and the overview's filter.

The forms say per field what is wrong, in Danish; the services check the rules again on
save (owner in the municipality, theory items the municipality's own ...).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import User
from fremdrift.core.forms import DateInput, DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm
from fremdrift.toolbox.fields import text_field as _text
from fremdrift.toolbox.models import (
    ActionStatus,
    PlanAction,
    Theme,
    TheoryItem,
    TheoryOfChange,
)


class TheoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TheoryOfChange) -> str:
        return f"{obj.title} (v{obj.version})"


class PlanCreateForm(DkfdsFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages={"required": _("Giv handleplanen en titel.")},
        help_text=_("Fx Handleplan 2026 for integrationsindsatsen."),
    )
    theory = TheoryChoiceField(
        label=_("Forandringsteori"),
        queryset=TheoryOfChange.objects.none(),
        required=False,
        empty_label=_("Ingen"),
        help_text=_("Handlingerne kan knyttes til punkterne i den forandringsteori, I vælger."),
        error_messages={"invalid_choice": _("Vælg en af kommunens forandringsteorier.")},
    )

    def __init__(self, *args: Any, theories: QuerySet[TheoryOfChange], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theory"].queryset = theories


class PlanEditForm(VersionedForm, PlanCreateForm):
    """Title and theory of change: a plan can follow a new version of its theory."""

    def __init__(self, *args: Any, theories: QuerySet[TheoryOfChange], **kwargs: Any) -> None:
        super().__init__(*args, theories=theories, **kwargs)
        self.fields["theory"].help_text = _(
            "Vælger I en ny version af forandringsteorien, beholder handlingerne deres punkter "
            "fra den gamle version, indtil I redigerer dem."
        )


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class TheoryItemsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: TheoryItem) -> str:
        # The version tells an item of the plan's new theory from the old one it came from.
        return (
            f"{obj.theory.title} (v{obj.theory.version}) · {obj.get_horizon_display()}: {obj.text}"
        )


class ActionForm(DkfdsFormMixin, forms.Form):
    theme = forms.ChoiceField(
        label=_("Tema"),
        choices=[("", _("Vælg tema")), *Theme.choices],
        error_messages={"required": _("Vælg et af de fem temaer.")},
    )
    what = _text(
        _("Hvad skal gøres?"),
        rows=3,
        required=True,
        error_messages={"required": _("Beskriv, hvad der skal gøres.")},
    )
    owner = OwnerChoiceField(
        label=_("Ansvarlig i kommunen"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ingen: ansvarlig uden for kommunen"),
        error_messages={"invalid_choice": _("Vælg en medarbejder i kommunen.")},
    )
    owner_external = forms.CharField(
        label=_("Eller ansvarlig uden for kommunen"),
        max_length=200,
        required=False,
        help_text=_(
            "Fx sprogskolen eller en virksomhed. Udfyld kun, hvis ingen i kommunen er valgt."
        ),
    )
    due = forms.DateField(
        label=_("Frist"),
        widget=DateInput(),
        error_messages={
            "required": _("Sæt en frist for handlingen."),
            "invalid": _("Skriv en gyldig dato."),
        },
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.NOT_STARTED
    )
    theory_items = TheoryItemsField(
        label=_("Bidrager til punkter i forandringsteorien"),
        queryset=TheoryItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Vælg punkter fra kommunens forandringsteorier.")},
    )

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[User],
        theory_items: QuerySet[TheoryItem],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["theory_items"].queryset = theory_items
        # CheckboxSelectMultiple is a RadioSelect to the mixin; give it the checkbox class.
        self.fields["theory_items"].widget.attrs["class"] = "form-checkbox"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        owner, external = data.get("owner"), (data.get("owner_external") or "").strip()
        if "owner" in self.errors:
            return data
        if owner is not None and external:
            self.add_error(
                "owner",
                _(
                    "Vælg enten en medarbejder i kommunen eller skriv en ekstern ansvarlig, "
                    "ikke begge."
                ),
            )
        elif owner is None and not external:
            self.add_error(
                "owner",
                _(
                    "Angiv, hvem der er ansvarlig: en medarbejder i kommunen eller en ekstern "
                    "aktør."
                ),
            )
        return data

    @classmethod
    def initial_for(cls, action: PlanAction) -> dict[str, Any]:
        return {
            "theme": action.theme,
            "what": action.what,
            "owner": action.owner_id,
            "owner_external": action.owner_external,
            "due": action.due,
            "status": action.status,
            "theory_items": [item.pk for item in action.theory_items.all()],
            "version": action.version,
        }


class ActionEditForm(VersionedForm, ActionForm):
    """A saved action's form, with the version the editor loaded."""


class StatusRoundForm(VersionedForm, DkfdsFormMixin, forms.Form):
    """A status and a note for every action of the plan, in one form. Its version is the
    plan's latest revision (status_round_save)."""

    def __init__(
        self,
        *args: Any,
        actions: list[PlanAction],
        notes: dict[int, tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.actions = actions
        for action in actions:
            status, note = notes.get(action.pk, (action.status, ""))
            self.fields[f"status_{action.pk}"] = forms.ChoiceField(
                label=_("Status"),
                choices=ActionStatus.choices,
                initial=status,
                error_messages={
                    "required": _("Vælg en status."),
                    "invalid_choice": _("Vælg en status."),
                },
            )
            self.fields[f"note_{action.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=2000,
                initial=note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self._apply_classes()

    def _apply_classes(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-input"
            if isinstance(widget, forms.HiddenInput):
                continue
            if css not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "action": action,
                "status": self[f"status_{action.pk}"],
                "note": self[f"note_{action.pk}"],
            }
            for action in self.actions
        ]

    def entries(self) -> dict[int, tuple[str, str]]:
        return {
            action.pk: (
                self.cleaned_data[f"status_{action.pk}"],
                self.cleaned_data[f"note_{action.pk}"],
            )
            for action in self.actions
        }


class OverviewFilterForm(DkfdsFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *ActionStatus.choices]
    )
    theme = forms.ChoiceField(
        label=_("Tema"), required=False, choices=[("", _("Alle")), *Theme.choices]
    )
    owner = OwnerChoiceField(
        label=_("Ansvarlig"), queryset=User.objects.none(), required=False, empty_label=_("Alle")
    )
    overdue = forms.BooleanField(label=_("Kun overskredne"), required=False)

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
