from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from fremdrift.core.forms import DkfdsFormMixin


class LoginForm(DkfdsFormMixin, AuthenticationForm):
    error_heading = _("Du blev ikke logget ind")
    error_messages = {
        "invalid_login": _(
            "Brugernavn eller adgangskode er forkert. Efter flere forkerte forsøg spærres "
            "login midlertidigt."
        ),
        "inactive": _("Brugeren er deaktiveret. Kontakt din administrator."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Autofocus would skip the skip link and the demo warning for keyboard users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
