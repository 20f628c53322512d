from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fremdrift.core.forms import DkfdsFormMixin


class CodeForm(DkfdsFormMixin, forms.Form):
    error_heading = _("Koden blev ikke godkendt")
    code = forms.CharField(
        label=_("Kode"),
        max_length=32,
        help_text=_("De seks cifre fra din godkendelsesapp, eller en af dine gendannelseskoder."),
        error_messages={"required": _("Skriv koden.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "off"}
        )


class AppCodeForm(CodeForm):
    """Only the app's code: enrolment, and new recovery codes."""

    code = forms.CharField(
        label=_("Kode fra appen"),
        max_length=32,
        help_text=_("De seks cifre, som godkendelsesappen viser lige nu."),
        error_messages={"required": _("Skriv koden.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["inputmode"] = "numeric"
