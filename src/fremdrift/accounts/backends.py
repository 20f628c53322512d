from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from fremdrift.accounts.models import User


class FremdriftBackend(ModelBackend):
    """Password login; demo accounts are refused unless demo mode is on."""

    def user_can_authenticate(self, user: User) -> bool:  # type: ignore[override]
        if getattr(user, "is_demo_account", False) and not settings.DEMO_MODE:
            return False
        return super().user_can_authenticate(user)
