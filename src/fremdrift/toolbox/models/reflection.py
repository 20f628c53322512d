"""The team's notes on the knowledge synthesis' reflection questions (toolbox step 0)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.models import Municipality
from fremdrift.core.versioning import Versioned


class ReflectionNote(Versioned):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    # Keys into toolbox.knowledge.FOCUS_POINTS and their questions.
    focus_point = models.CharField(_("fokuspunkt"), max_length=50)
    question = models.CharField(_("spørgsmål"), max_length=50)
    text = models.TextField(_("note"))
    written_on = models.DateField(_("dato"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["municipality", "focus_point", "question", "-written_on", "-id"]
        indexes = [models.Index(fields=["municipality", "focus_point"])]

    def __str__(self) -> str:
        return f"{self.focus_point}/{self.question} {self.written_on}"
