from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.companies.models import Company
from fremdrift.core.forms import DateInput, DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm
from fremdrift.journey.benefit_types import benefit_types_for
from fremdrift.journey.models import BenefitType, JourneySettings, OfferType
from fremdrift.journey.offer_types import offer_types_for
from fremdrift.journey.retired_types import in_use
from fremdrift.journey.types import Absence, Outcome, Visitation

REASON = forms.CharField(
    label=_("Begrundelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
)


def _date(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


class ProgrammeForm(DkfdsFormMixin, forms.Form):
    start = _date(_("Start"), help_text=_("Normalt overtagelsesdatoen."))
    planned_end = _date(
        _("Planlagt slut"),
        help_text=_(
            "Som udgangspunkt programmets længde efter kommunens regler. En længere plan kræver "
            "en begrundelse, og programmet kan højst vare fem år."
        ),
    )
    reason = REASON


class VisitationForm(DkfdsFormMixin, forms.Form):
    code = forms.ChoiceField(label=_("Visitation"), choices=Visitation.choices)
    start = _date(_("Fra"))
    reason = forms.CharField(
        label=_("Begrundelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skal udfyldes ved aktivitetsparat: alle er som udgangspunkt jobparate."),
    )


class BenefitForm(DkfdsFormMixin, forms.Form):
    benefit_type = forms.ModelChoiceField(label=_("Ydelse"), queryset=BenefitType.objects.none())
    start = _date(_("Fra"))
    reason = REASON

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The product's types and the municipality's own, less those it has retired.
        benefit_type = self.fields["benefit_type"]
        assert isinstance(benefit_type, forms.ModelChoiceField)
        types = benefit_types_for(user.municipality_id)
        benefit_type.queryset = in_use(types, user.municipality_id, "benefit_type")


class OfferTypeField(forms.ModelChoiceField):
    """Each offer type with its longest length, so the limit is known before saving."""

    def label_from_instance(self, obj: OfferType) -> str:
        if obj.max_weeks is None:
            return obj.name
        return ngettext(
            "%(name)s (højst %(weeks)s uge)", "%(name)s (højst %(weeks)s uger)", obj.max_weeks
        ) % {"name": obj.name, "weeks": obj.max_weeks}


class OfferForm(DkfdsFormMixin, forms.Form):
    offer_type = OfferTypeField(label=_("Tilbud"), queryset=OfferType.objects.none())
    company = forms.ModelChoiceField(
        label=_("Virksomhed"),
        queryset=Company.objects.none(),
        required=False,
        empty_label=_("Ingen virksomhed"),
        help_text=_("Skal udfyldes for praktik, løntilskud og IGU."),
    )
    start = _date(_("Start"))
    planned_end = _date(_("Planlagt slut"), required=False)
    hours_per_week = forms.DecimalField(
        label=_("Timer pr. uge"), required=False, max_digits=4, decimal_places=1
    )
    module = forms.CharField(
        label=_("Modul"), required=False, max_length=20, help_text=_("Kun for danskuddannelse.")
    )
    reason = REASON

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = scoped_queryset(user, Company, Permission.VIEW_CITIZEN)
        # The product's types and the municipality's own, never another municipality's.
        offer_type = self.fields["offer_type"]
        assert isinstance(offer_type, forms.ModelChoiceField)
        types = offer_types_for(user.municipality_id)
        offer_type.queryset = in_use(types, user.municipality_id, "offer_type")


class OutcomeForm(DkfdsFormMixin, forms.Form):
    code = forms.ChoiceField(label=_("Afgang"), choices=Outcome.choices)
    start = _date(_("Fra"))
    hours_per_week = forms.DecimalField(
        label=_("Timer pr. uge"),
        required=False,
        max_digits=4,
        decimal_places=1,
        help_text=_("For ordinært job."),
    )
    reason = REASON


class AbsenceForm(DkfdsFormMixin, forms.Form):
    code = forms.ChoiceField(label=_("Fravær"), choices=Absence.choices)
    start = _date(_("Fra"))
    planned_end = _date(_("Forventet slut"), required=False)
    reason = REASON


class EndForm(DkfdsFormMixin, forms.Form):
    end = _date(_("Sidste dag"))
    reason = REASON


class ExtendForm(DkfdsFormMixin, forms.Form):
    new_planned_end = _date(_("Ny planlagt slutdato"))
    reason = forms.CharField(label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 3}))


class ContractForm(DkfdsFormMixin, forms.Form):
    signed_on = _date(_("Underskrevet den"))
    declaration_signed = forms.BooleanField(
        label=_("Erklæringen er underskrevet"), required=False, initial=True
    )


class JourneySettingsForm(VersionedForm, DkfdsFormMixin, forms.ModelForm):
    class Meta:
        model = JourneySettings
        fields = [
            "contract_months",
            "first_offer_target_days",
            "first_offer_deadline_months",
            "conversation_schedule",
            "conversations_after_first_half_year_weeks",
            "programme_years",
            "due_soon_days",
        ]


class MunicipalOfferTypeForm(DkfdsFormMixin, forms.ModelForm):
    """The administrator's own offer type (journey.offer_types)."""

    class Meta:
        model = OfferType
        fields = ["name", "category", "company_oriented", "needs_company", "max_weeks"]
        help_texts = {
            "company_oriented": _(
                "Virksomhedsrettede tilbud tæller i M3 (andel i virksomhedsrettet tilbud), "
                "i antal i og startede virksomhedsrettede tilbud og i første virksomhedsrettede "
                "tilbud inden for en måned; foregår tilbuddet også i en virksomhed, tæller det "
                "som praktik (praktikaftaler, opfølgning, førte til lønnet arbejde). En ændring "
                "ændrer kommunens nøgletal fra næste fulde genberegning."
            ),
            "needs_company": _(
                "Tilbuddet skal registreres med en virksomhed og får en side for forløbet."
            ),
        }

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        others = OfferType.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if self.municipality_id is not None:
            others = others.filter(
                models.Q(municipality__isnull=True) | models.Q(municipality_id=self.municipality_id)
            )
        if others.exists():
            raise forms.ValidationError(_("Der findes allerede en tilbudstype med det navn."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("needs_company") and not data.get("company_oriented"):
            self.add_error(
                "company_oriented",
                _("Et tilbud, der foregår i en virksomhed, er virksomhedsrettet."),
            )
        return data

    def __init__(self, *args: Any, municipality_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality_id = municipality_id


class MunicipalOfferTypeEditForm(VersionedForm, MunicipalOfferTypeForm):
    pass


class MunicipalBenefitTypeForm(DkfdsFormMixin, forms.Form):
    """The administrator's own benefit type (journey.benefit_types)."""

    name = forms.CharField(label=_("Navn"), max_length=100)
    integration_benefit = forms.BooleanField(
        label=_("Tæller som integrationsydelse"),
        required=False,
        help_text=_(
            "Borgere på en ydelse, der tæller som integrationsydelse, er med i målene M2 (andel "
            "jobparate) og M3 (andel i virksomhedsrettet tilbud). En ændring her ændrer "
            "kommunens M2 og M3 fra næste fulde genberegning af nøgletallene."
        ),
    )

    def __init__(
        self, *args: Any, municipality_id: int | None, pk: int | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.municipality_id, self.pk = municipality_id, pk

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        others = BenefitType.objects.filter(name__iexact=name)
        if self.pk is not None:
            others = others.exclude(pk=self.pk)
        others = others.filter(
            models.Q(municipality__isnull=True) | models.Q(municipality_id=self.municipality_id)
        )
        if others.exists():
            raise forms.ValidationError(_("Der findes allerede en ydelsestype med det navn."))
        return name


class MunicipalBenefitTypeEditForm(VersionedForm, MunicipalBenefitTypeForm):
    pass


class RetireTypeForm(DkfdsFormMixin, forms.Form):
    retired_on = forms.DateField(label=_("Udgår fra"), widget=DateInput())
