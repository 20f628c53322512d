"""Forms for a company's contact persons and capacity, and for a placement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import User
from fremdrift.citizens.forms import StaffChoiceField
from fremdrift.companies.contact_services import (
    CAPACITY_FIELDS,
    CONTACT_FIELDS,
    PLACES_MAX,
    CapacityData,
    ContactData,
)
from fremdrift.companies.models import ContactPerson
from fremdrift.companies.numbers import normalise_phone
from fremdrift.companies.placement_services import TASKS_MAX_LENGTH, PlacementData
from fremdrift.core.forms import DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm


class ContactForm(DkfdsFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=200,
        error_messages={"required": _("Skriv kontaktpersonens navn.")},
    )
    title = forms.CharField(
        label=_("Stilling eller rolle"),
        max_length=200,
        required=False,
        help_text=_("Fx mentor, lagerchef eller køkkenleder."),
    )
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=20,
        required=False,
        help_text=_("8 cifre, evt. med +45 foran."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("E-mailadressen er ikke gyldig. Skriv fx navn@firma.dk.")},
    )

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def to_data(self) -> ContactData:
        values = {name: self.cleaned_data[name] for name in CONTACT_FIELDS if name in self.fields}
        return ContactData(**values)


class ContactEditForm(VersionedForm, ContactForm):
    active = forms.BooleanField(
        label=_("Aktiv kontaktperson"),
        required=False,
        help_text=_(
            "Fjern fluebenet, når personen ikke længere er kontakt. Tidligere forløb "
            "beholder navnet."
        ),
    )


class CapacityForm(DkfdsFormMixin, forms.Form):
    trade = forms.CharField(
        label=_("Fag eller branche"),
        max_length=200,
        help_text=_("Fx lager, rengøring, køkken eller ældrepleje."),
        error_messages={"required": _("Skriv faget eller branchen.")},
    )
    places = forms.IntegerField(
        label=_("Antal pladser"),
        min_value=0,
        max_value=PLACES_MAX,
        help_text=_("Hvor mange borgere virksomheden kan tage i faget på én gang."),
        error_messages={"required": _("Skriv antallet af pladser (0 eller flere).")},
    )

    def to_data(self) -> CapacityData:
        return CapacityData(**{name: self.cleaned_data[name] for name in CAPACITY_FIELDS})


class CapacityEditForm(VersionedForm, CapacityForm):
    pass


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ContactPerson) -> str:
        parts = [obj.name, obj.title] if obj.title else [obj.name]
        inactive = _("ikke aktiv")
        return ", ".join(parts) + ("" if obj.active else f" ({inactive})")


class PlacementForm(DkfdsFormMixin, VersionedForm):
    contact_person = ContactChoiceField(
        label=_("Kontaktperson i virksomheden"),
        queryset=ContactPerson.objects.none(),
        required=False,
        empty_label=_("Ingen valgt"),
        help_text=_("Mangler personen? Tilføj vedkommende på virksomhedens side."),
    )
    consultant = StaffChoiceField(
        label=_("Virksomhedskonsulent"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Virksomhedens ansvarlige konsulent"),
    )
    tasks = forms.CharField(
        label=_("Aftalte arbejdsopgaver"),
        max_length=TASKS_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Hvad borgeren skal lave i virksomheden, som aftalt med kontaktpersonen."),
    )

    def __init__(self, *args: Any, contacts: Any, consultants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = contacts  # type: ignore[attr-defined]
        self.fields["consultant"].queryset = consultants  # type: ignore[attr-defined]

    def to_data(self) -> PlacementData:
        return PlacementData(
            contact_person=self.cleaned_data["contact_person"],
            consultant=self.cleaned_data["consultant"],
            tasks=self.cleaned_data["tasks"] or "",
        )
