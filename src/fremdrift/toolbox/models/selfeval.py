"""Self-evaluation rounds (toolbox step 0): leaders and employees answer anonymously.

Who has answered and what was answered are kept apart on purpose: a participant row says
that a user has answered a round (so nobody answers twice) and a submission holds the
answers with only the group, a random id and no time. No column joins the two and the
application never pairs them (they are written in the same transaction, so someone with
direct access to the database files could still guess at the order).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.instruments.models import InstrumentVersion
from fremdrift.toolbox.models.common import ToolboxDocument


class EvaluationGroup(models.TextChoices):
    LEADERS = "leader", _("Ledere")
    EMPLOYEES = "employee", _("Medarbejdere")


class SelfEvaluationRound(ToolboxDocument):
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField(_("åbnet"))
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    # The round this one is compared with (the municipality's round before it).
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["municipality", "-opened_on", "-id"]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class SelfEvaluationParticipant(models.Model):
    round = models.ForeignKey(
        SelfEvaluationRound, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="selfeval_answers_once")
        ]

    def __str__(self) -> str:
        return f"{self.round} / {self.user_id}"


class SelfEvaluationSubmission(models.Model):
    # A random key and no timestamp: neither order nor time can tie it to a participant.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        SelfEvaluationRound, on_delete=models.CASCADE, related_name="submissions"
    )
    group = models.CharField(_("gruppe"), max_length=10, choices=EvaluationGroup.choices)
    # {item key: a point on the scale (int) or a special answer ("dont_know")}
    answers = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.round} / {self.get_group_display()}"
