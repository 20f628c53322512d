"""KL's checklist: ten elements of an effective effort, answered yes, partly or no."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.instruments.models import InstrumentVersion
from fremdrift.toolbox.models.common import ToolboxDocument


class ChecklistChoice(models.TextChoices):
    YES = "yes", _("Ja")
    PARTLY = "partly", _("Delvist")
    NO = "no", _("Nej")


class Checklist(ToolboxDocument):
    # The checklist is an instrument (definitions/fremdrift-kl-tjekliste.yaml).
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")
    filled_on = models.DateField(_("dato"))

    class Meta:
        ordering = ["municipality", "-filled_on", "-id"]


class ChecklistAnswer(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=50)
    answer = models.CharField(_("svar"), max_length=6, choices=ChecklistChoice.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["checklist", "id"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "item"], name="checklist_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.item}={self.answer}"
