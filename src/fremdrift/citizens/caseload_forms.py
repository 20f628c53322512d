"""The caseload move's form: which citizens, to whom, and the confirmation step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import User
from fremdrift.citizens.forms import StaffChoiceField
from fremdrift.core.forms import DkfdsFormMixin


class CitizenIdsField(forms.Field):
    """The ticked citizens' ids, unchecked against the list shown: a citizen who left the
    caseload meanwhile is the service's to refuse, with her name (CaseloadChanged)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        try:
            return sorted({int(v) for v in values})
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Vælg borgerne på listen.")) from exc


class CaseloadMoveForm(DkfdsFormMixin, forms.Form):
    citizens = CitizenIdsField(
        label=_("Borgere"),
        error_messages={"required": _("Vælg mindst én borger, der skal flyttes.")},
    )
    to_user = StaffChoiceField(
        label=_("Flyt til"),
        queryset=User.objects.none(),
        empty_label=_("Vælg medarbejder"),
        error_messages={"required": _("Vælg, hvem borgerne skal flyttes til.")},
    )
    # Set by the confirmation page: the first POST shows what will move, the second moves it.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, receivers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to_user = self.fields["to_user"]
        assert isinstance(to_user, forms.ModelChoiceField)
        to_user.queryset = receivers
