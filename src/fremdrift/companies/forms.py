from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Role
from fremdrift.citizens.forms import StaffChoiceField
from fremdrift.citizens.selectors import staff_in_municipality
from fremdrift.companies.cvr import normalise_cvr
from fremdrift.companies.models import ReferralReason
from fremdrift.companies.numbers import normalise_p_number
from fremdrift.companies.referral_services import DETAILS_MAX_LENGTH
from fremdrift.companies.services import EDITABLE_FIELDS, CompanyData
from fremdrift.core.forms import DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm


class CompanyForm(DkfdsFormMixin, forms.Form):
    cvr = forms.CharField(
        label=_("CVR-nummer"),
        max_length=12,
        help_text=_("8 cifre, fx 12345674. Find det på virk.dk eller på virksomhedens faktura."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    name = forms.CharField(label=_("Navn"), max_length=200)
    industry = forms.CharField(
        label=_("Branche"),
        max_length=200,
        required=False,
        help_text=_("Fx lager og logistik, rengøring, ældrepleje, byggeri."),
    )
    address = forms.CharField(label=_("Adresse"), max_length=300, required=False)
    p_number = forms.CharField(
        label=_("P-nummer (arbejdsstedet)"),
        max_length=14,
        required=False,
        help_text=_("10 cifre. Står på virk.dk under produktionsenheder."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    consultant = StaffChoiceField(
        label=_("Ansvarlig virksomhedskonsulent"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ingen"),
        help_text=_("Konsulenten ser borgere i praktik her under 'Mine virksomheders borgere'."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["consultant"]
        assert isinstance(field, StaffChoiceField)
        field.queryset = staff_in_municipality(user, (Role.CONSULTANT,))

    def clean_cvr(self) -> str:
        return normalise_cvr(self.cleaned_data["cvr"])  # a Danish error on the field

    def clean_p_number(self) -> str:
        return normalise_p_number(self.cleaned_data["p_number"])

    def to_data(self) -> CompanyData:
        return CompanyData(**{name: self.cleaned_data[name] for name in EDITABLE_FIELDS})


class CompanyEditForm(VersionedForm, CompanyForm):
    pass


class CompanySearchForm(DkfdsFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Søg på navn, CVR-nummer eller branche"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class ReferralForm(DkfdsFormMixin, forms.Form):
    consultant = StaffChoiceField(
        label=_("Virksomhedskonsulent"),
        queryset=User.objects.none(),
        empty_label=_("Vælg konsulent"),
        error_messages={"required": _("Vælg en virksomhedskonsulent.")},
    )
    reason = forms.ChoiceField(
        label=_("Årsag til henvisningen"),
        choices=[("", _("Vælg årsag")), *ReferralReason.choices],
        error_messages={"required": _("Vælg årsagen til henvisningen.")},
    )
    details = forms.CharField(
        label=_("Borgerens kompetencer, ønsker og hensyn"),
        max_length=DETAILS_MAX_LENGTH,
        help_text=_(
            "Faglig baggrund og erfaring, danskniveau, timer til rådighed om ugen, transport "
            "(kørekort, cykel, offentlig transport), helbredsmæssige hensyn og ønsker til job "
            "eller branche."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": _(
                "Beskriv borgerens kompetencer, ønsker og hensyn, så konsulenten kan finde det "
                "rette match."
            )
        },
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = staff_in_municipality(user, (Role.CONSULTANT,))


class ReferralAnswerForm(DkfdsFormMixin, forms.Form):
    """The consultant's answer; the note is required only when returning (the service says)."""

    note = forms.CharField(
        label=_("Besked til sagsbehandleren"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skal udfyldes, hvis du sender henvisningen retur."),
    )
