from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import scoped_queryset
from fremdrift.activation.models import ActivationStrategy, OfferTypeDuration
from fremdrift.activation.services import Durations, max_field, usual_field
from fremdrift.companies.models import Company
from fremdrift.core.forms import DateInput, DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm
from fremdrift.journey.models import OfferType


class StrategyForm(DkfdsFormMixin, VersionedForm):
    """The strategy's two numbers, then a longest and a usual duration per offer type."""

    target_hours = forms.DecimalField(
        label=_("Mål for aktivering (timer pr. uge)"),
        max_digits=4,
        decimal_places=1,
        help_text=_("Borgere med færre timer står på listen over borgere under målet."),
    )
    max_break_days = forms.IntegerField(
        label=_("Længste pause i den virksomhedsrettede indsats (dage)"),
        help_text=_(
            "En borger i programmet, hvis pause mellem to virksomhedsrettede tilbud er "
            "længere, kommer på arbejdslisten."
        ),
    )

    def __init__(self, *args: Any, offer_types: list[OfferType], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer_types = offer_types
        for offer_type in offer_types:
            self.fields[max_field(offer_type.pk)] = forms.IntegerField(
                label=_("%(offer)s: højst (uger)") % {"offer": offer_type.name},
                required=False,
                min_value=1,
            )
            self.fields[usual_field(offer_type.pk)] = forms.IntegerField(
                label=_("%(offer)s: sædvanligt (uger)") % {"offer": offer_type.name},
                required=False,
                min_value=1,
            )

    @staticmethod
    def initial_for(strategy: ActivationStrategy, durations: dict[int, OfferTypeDuration]) -> dict:
        initial: dict[str, object] = {
            "target_hours": strategy.target_hours,
            "max_break_days": strategy.max_break_days,
            "version": strategy.version,
        }
        for pk, duration in durations.items():
            initial[max_field(pk)] = duration.max_weeks
            initial[usual_field(pk)] = duration.usual_weeks
        return initial

    def durations(self) -> Durations:
        data = self.cleaned_data
        return {
            t.pk: (data.get(max_field(t.pk)), data.get(usual_field(t.pk))) for t in self.offer_types
        }

    def duration_rows(self) -> list[tuple[OfferType, forms.BoundField, forms.BoundField]]:
        """One table row per offer type: its two fields."""
        return [(t, self[max_field(t.pk)], self[usual_field(t.pk)]) for t in self.offer_types]


class OrdinaryHoursForm(DkfdsFormMixin, forms.Form):
    start = forms.DateField(label=_("Fra"), widget=DateInput())
    hours_per_week = forms.DecimalField(
        label=_("Ordinære timer pr. uge"), max_digits=4, decimal_places=1
    )
    end = forms.DateField(label=_("Til"), widget=DateInput(), required=False)
    company = forms.ModelChoiceField(
        label=_("Arbejdsplads"),
        queryset=Company.objects.none(),
        required=False,
        empty_label=_("Ikke angivet"),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        company = self.fields["company"]
        assert isinstance(company, forms.ModelChoiceField)
        company.queryset = scoped_queryset(user, Company, Permission.VIEW_CITIZEN)


class OrdinaryHoursEndForm(DkfdsFormMixin, forms.Form):
    end = forms.DateField(label=_("Sidste dag"), widget=DateInput())
