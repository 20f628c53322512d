"""Forms for the work agreement: its content, and a party's signature."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.companies.agreement_services import (
    TEXT_MAX_LENGTH,
    AgreementData,
    SignatureData,
)
from fremdrift.companies.models import AgreementParty, WorkAgreement
from fremdrift.companies.working_time import (
    WEEKDAY_LABELS,
    WEEKDAYS,
    DateListError,
    WorkingTimeError,
    parse_dates,
    parse_day,
)
from fremdrift.core.forms import DateInput, DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm


def _hours_field(label: Any, help_text: Any, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=Decimal(0),
        max_value=Decimal(37),
        max_digits=4,
        decimal_places=1,
        localize=True,
        error_messages={
            "required": _("Skriv et antal timer."),
            "invalid": _("Skriv et tal, fx 15 eller 7,5."),
            "min_value": _("Skriv et tal over 0."),
            "max_value": _("Skriv højst 37 timer."),
            "max_decimal_places": _("Skriv højst én decimal."),
        },
    )


def _day_field(name: str) -> forms.CharField:
    return forms.CharField(
        label=WEEKDAY_LABELS[name],
        required=False,
        max_length=40,
        help_text=_("Fx 8.00-12.00 eller 4 timer. Tom: fri."),
    )


class AgreementForm(DkfdsFormMixin, forms.Form):
    paid_hours_goal = _hours_field(
        _("Mål for ordinære, lønnede timer pr. uge"),
        _("Hvor mange timer om ugen borgeren skal arbejde på almindelige vilkår (1-37)."),
    )
    paid_hours_by = forms.DateField(
        label=_("Målet skal være nået senest"),
        widget=DateInput(),
        error_messages={
            "required": _("Skriv datoen, hvor målet skal være nået."),
            "invalid": _("Skriv en gyldig dato, fx 15.06.2026."),
        },
    )
    sub_goals = forms.CharField(
        label=_("Delmål"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ét delmål pr. linje, fx »Kan selv åbne butikken om morgenen«."),
    )
    tasks = forms.CharField(
        label=_("Arbejdsopgaver"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Det, borgeren skal lave på arbejdspladsen."),
    )
    hours_monday = _day_field("hours_monday")
    hours_tuesday = _day_field("hours_tuesday")
    hours_wednesday = _day_field("hours_wednesday")
    hours_thursday = _day_field("hours_thursday")
    hours_friday = _day_field("hours_friday")
    hours_saturday = _day_field("hours_saturday")
    hours_sunday = _day_field("hours_sunday")
    follow_up_dates = forms.CharField(
        label=_("Opfølgningsdatoer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én dato pr. linje, fx 15.06.2026. Alle datoer skal ligge i forløbet."),
        error_messages={"required": _("Skriv mindst én opfølgningsdato.")},
    )
    wage_point_score = forms.DecimalField(
        label=_("Lønpoint: score i opfølgningen (1-5)"),
        help_text=_(
            "Når kontaktpersonen giver mindst denne score på alle punkter, er det tid til at "
            "tale om løn."
        ),
        required=False,
        min_value=Decimal(1),
        max_value=Decimal(5),
        max_digits=2,
        decimal_places=1,
        localize=True,
        error_messages={
            "invalid": _("Skriv et tal fra 1 til 5, fx 4."),
            "min_value": _("Skriv et tal fra 1 til 5."),
            "max_value": _("Skriv et tal fra 1 til 5."),
            "max_decimal_places": _("Skriv højst én decimal."),
        },
    )
    wage_point_hours = _hours_field(
        _("Lønpoint: timer pr. uge i virksomheden"),
        _("Og når borgeren arbejder mindst så mange timer om ugen."),
        required=False,
    )

    def clean_paid_hours_goal(self) -> Decimal | None:
        goal = self.cleaned_data.get("paid_hours_goal")
        if goal is not None and goal <= 0:
            raise forms.ValidationError(_("Målet skal være over 0 timer."))
        return goal

    def clean_wage_point_hours(self) -> Decimal | None:
        hours = self.cleaned_data.get("wage_point_hours")
        if hours is not None and hours <= 0:
            raise forms.ValidationError(_("Skriv et tal over 0."))
        return hours

    def clean_follow_up_dates(self) -> tuple[dt.date, ...]:
        try:
            return tuple(parse_dates(self.cleaned_data["follow_up_dates"]))
        except DateListError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in WEEKDAYS:
            if name not in cleaned:
                continue
            try:
                cleaned[name] = parse_day(cleaned[name] or "")[0]
            except WorkingTimeError as error:
                # The error summary names the weekday (the field's label) before it.
                self.add_error(name, str(error))
        return cleaned

    def to_data(self) -> AgreementData:
        values = {name: self.cleaned_data[name] for name in self.fields if name != "version"}
        values["sub_goals"] = values["sub_goals"] or ""
        values["tasks"] = values["tasks"] or ""
        return AgreementData(**values)


def agreement_initial(agreement: WorkAgreement) -> dict[str, object]:
    """An agreement's content as the form shows it."""
    initial: dict[str, object] = {
        name: getattr(agreement, name)
        for name in (
            "paid_hours_goal",
            "paid_hours_by",
            "sub_goals",
            "tasks",
            "wage_point_score",
            "wage_point_hours",
            *WEEKDAYS,
        )
    }
    dates = agreement.follow_up_dates.values_list("date", flat=True)
    initial["follow_up_dates"] = "\n".join(d.strftime("%d.%m.%Y") for d in dates)
    initial["version"] = agreement.version
    return initial


class AgreementEditForm(VersionedForm, AgreementForm):
    pass


class SignatureForm(DkfdsFormMixin, VersionedForm):
    party = forms.ChoiceField(
        label=_("Hvem har skrevet under?"),
        choices=AgreementParty.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg, hvem der har skrevet under.")},
    )
    signer_name = forms.CharField(
        label=_("Navn på den, der skrev under"),
        max_length=200,
        error_messages={"required": _("Skriv navnet på den, der har skrevet under.")},
    )
    signed_on = forms.DateField(
        label=_("Dato for underskriften"),
        widget=DateInput(),
        error_messages={
            "required": _("Skriv datoen for underskriften."),
            "invalid": _("Skriv en gyldig dato, fx 15.06.2026."),
        },
    )

    def __init__(self, *args: Any, parties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = parties  # type: ignore[attr-defined]

    def to_data(self) -> SignatureData:
        return SignatureData(
            party=self.cleaned_data["party"],
            signer_name=self.cleaned_data["signer_name"],
            signed_on=self.cleaned_data["signed_on"],
        )
