from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.core.forms import DkfdsFormMixin


class ImportForm(DkfdsFormMixin, forms.Form):
    citizens = forms.FileField(
        label=_("Borgere (borgere.csv)"),
        help_text=_("En række pr. borger. Skal altid med."),
    )
    periods = forms.FileField(
        label=_("Perioder (perioder.csv)"),
        required=False,
        help_text=_("En række pr. periode, hver borgers perioder samlet. Kan udelades."),
    )
    dry_run = forms.BooleanField(
        label=_("Kontrollér uden at gemme"),
        required=False,
        help_text=_("Filerne kontrolleres, og du ser hvad der ville ske, men intet gemmes."),
    )
