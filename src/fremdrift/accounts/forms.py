from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from fremdrift.core.forms import DkfdsFormMixin


class LoginForm(DkfdsFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Brugernavn eller adgangskode er forkert. Efter flere forkerte forsøg spærres "
            "login midlertidigt."
        ),
        "inactive": _("Brugeren er deaktiveret. Kontakt din administrator."),
    }
