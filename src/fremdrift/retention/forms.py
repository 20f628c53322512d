from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.core.forms import DkfdsFormMixin
from fremdrift.core.versioning import VersionedForm
from fremdrift.retention.models import MAX_YEARS, MIN_YEARS
from fremdrift.retention.services import REASON_MAX


class EraseForm(DkfdsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Fx 'Anmodning om sletning modtaget 3. marts, journalnr. 27.10.00'. Begrundelsen "
            "skrives i revisionsloggen: skriv ikke borgerens navn eller andre personoplysninger."
        ),
    )
    confirm = forms.BooleanField(
        label=_("Jeg har kontrolleret, at kommunen ikke skal gemme oplysningerne længere."),
    )


class RetentionRuleForm(DkfdsFormMixin, VersionedForm):
    years = forms.IntegerField(
        label=_("Slet personoplysninger, når sagen har været afsluttet i (år)"),
        min_value=MIN_YEARS,
        max_value=MAX_YEARS,
        help_text=_(
            "En sag er afsluttet, når borgeren ikke har flere åbne perioder. Der regnes fra "
            "den seneste af: sidste periodes slutdato, seneste samtale og overtagelsesdatoen."
        ),
    )
