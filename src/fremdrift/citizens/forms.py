from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Role
from fremdrift.citizens.countries import country_choices
from fremdrift.citizens.cpr import parse_cpr
from fremdrift.citizens.languages import CITIZEN_LANGUAGES
from fremdrift.citizens.models import Category
from fremdrift.citizens.origin import OriginGroup
from fremdrift.citizens.selectors import CASEWORKER_ROLES, CitizenFilter, staff_in_municipality
from fremdrift.citizens.services import EDITABLE_FIELDS, CitizenData
from fremdrift.core.forms import DateInput, DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class CitizenForm(DkfdsFormMixin, forms.Form):
    first_name = forms.CharField(label=_("Fornavn(e)"), max_length=100)
    last_name = forms.CharField(label=_("Efternavn"), max_length=100)
    country_of_origin = forms.ChoiceField(label=_("Oprindelsesland"))
    category = forms.ChoiceField(label=_("Kategori"), choices=Category.choices)
    takeover_date = forms.DateField(
        label=_("Overtagelsesdato"),
        help_text=_("Den dato kommunen overtog ansvaret for borgeren. Alle frister regnes herfra."),
        widget=DateInput(),
    )
    preferred_language = forms.ChoiceField(label=_("Foretrukket sprog"), choices=CITIZEN_LANGUAGES)
    interpreter_needed = forms.BooleanField(label=_("Har brug for tolk"), required=False)
    caseworker = StaffChoiceField(
        label=_("Sagsbehandler"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ingen endnu"),
    )
    consultant = StaffChoiceField(
        label=_("Virksomhedskonsulent"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ingen endnu"),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country_of_origin"].choices = [("", _("Vælg land")), *country_choices()]
        self.fields["caseworker"].queryset = staff_in_municipality(user, CASEWORKER_ROLES)
        self.fields["consultant"].queryset = staff_in_municipality(user, (Role.CONSULTANT,))

    def to_data(self) -> CitizenData:
        return CitizenData(**{name: self.cleaned_data[name] for name in EDITABLE_FIELDS})


class CitizenCreateForm(CitizenForm):
    cpr = forms.CharField(
        label=_("CPR-nummer"),
        max_length=11,
        help_text=_("10 cifre, fx 010190-1234. Fødselsdato og køn udledes af nummeret."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    start_programme = forms.BooleanField(
        label=_("Start integrationsprogrammet på overtagelsesdatoen"),
        required=False,
        initial=True,
        help_text=_(
            "Programmet planlægges for kommunens programlængde. Fjern krydset, hvis programmet "
            "skal registreres senere eller med en anden startdato."
        ),
    )
    field_order = [
        "cpr",
        "first_name",
        "last_name",
        "country_of_origin",
        "category",
        "takeover_date",
        "start_programme",
    ]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # The caseworker who registers the citizen is the one who has the case, until
        # someone chooses otherwise.
        if user.role == Role.CASEWORKER:
            self.fields["caseworker"].initial = user.pk

    def clean_cpr(self) -> str:
        value = self.cleaned_data["cpr"]
        parse_cpr(value)  # raises a Danish ValidationError on the field
        return value


class TakeoverForm(DkfdsFormMixin, forms.Form):
    """The explicit confirmation of a takeover: the CPR number typed on the create form."""

    cpr = forms.CharField(max_length=20, widget=forms.HiddenInput)
    takeover_date = forms.DateField(
        label=_("Overtagelsesdato"),
        help_text=_("Tidligst flyttedatoen og senest i dag. Frister regnes herfra."),
        widget=DateInput(),
    )


class CitizenEditForm(VersionedForm, CitizenForm):
    pass


class RevealCprForm(DkfdsFormMixin, forms.Form):
    purpose = forms.CharField(
        label=_("Formål"),
        max_length=200,
        help_text=_("Fx 'Indberetning til ydelseskontoret'. Formålet skrives i revisionsloggen."),
    )


class CitizenFilterForm(DkfdsFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Søg på navn eller CPR-nummer"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    caseworker = forms.ChoiceField(label=_("Sagsbehandler"), required=False)
    consultant = forms.ChoiceField(label=_("Virksomhedskonsulent"), required=False)
    category = forms.ChoiceField(
        label=_("Kategori"), required=False, choices=[("", _("Alle")), *Category.choices]
    )
    origin = forms.ChoiceField(
        label=_("Oprindelse"),
        required=False,
        choices=[
            ("", _("Alle")),
            (OriginGroup.NON_WESTERN, OriginGroup.NON_WESTERN.label),
            (OriginGroup.WESTERN, OriginGroup.WESTERN.label),
        ],
    )
    interpreter = forms.ChoiceField(
        label=_("Tolk"),
        required=False,
        choices=[("", _("Alle")), ("yes", _("Har brug for tolk")), ("no", _("Uden tolk"))],
    )

    mine = forms.BooleanField(
        label=_("Mine virksomheders borgere"),
        required=False,
        help_text=_("Borgere i tilbud nu i virksomheder, du er ansvarlig konsulent for."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user_id = user.pk
        if user.role != Role.CONSULTANT:  # only consultants are responsible for companies
            del self.fields["mine"]
        caseworkers = [
            (str(u.pk), u.get_full_name()) for u in staff_in_municipality(user, CASEWORKER_ROLES)
        ]
        consultants = [
            (str(u.pk), u.get_full_name()) for u in staff_in_municipality(user, (Role.CONSULTANT,))
        ]
        self.fields["caseworker"].choices = [
            ("", _("Alle")),
            ("none", _("Uden sagsbehandler")),
            *caseworkers,
        ]
        self.fields["consultant"].choices = [("", _("Alle")), *consultants]

    def criteria(self) -> CitizenFilter:
        if not self.is_valid():
            raise ValidationError(self.errors)
        data = self.cleaned_data
        caseworker = data.get("caseworker") or ""
        return CitizenFilter(
            query=data.get("q") or "",
            category=data.get("category") or "",
            caseworker_id=int(caseworker) if caseworker.isdigit() else None,
            unassigned=caseworker == "none",
            consultant_id=int(data["consultant"]) if data.get("consultant") else None,
            origin_group=data.get("origin") or "",
            interpreter_needed={"yes": True, "no": False}.get(data.get("interpreter") or ""),
            own_companies_of=self.user_id if data.get("mine") else None,
        )
