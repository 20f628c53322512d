"""Action plans (toolbox step 1C) and their quarterly status rounds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.core.versioning import Versioned
from fremdrift.toolbox.models.common import ShareableDocument, Theme


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ikke startet")
    IN_PROGRESS = "in_progress", _("I gang")
    DONE = "done", _("Gennemført")
    DROPPED = "dropped", _("Opgivet")


# The statuses of an action still to be done (overdue flags, the overview's default).
OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class ActionPlan(ShareableDocument):
    theory = models.ForeignKey(
        "toolbox.TheoryOfChange",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("forandringsteori"),
    )

    class Meta:
        ordering = ["municipality", "title", "id"]


class PlanAction(Versioned):
    # PlanAction, not Action: audit.models.Action (what an audit entry records) has that name.
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    theme = models.CharField(_("tema"), max_length=20, choices=Theme.choices)
    what = models.TextField(_("hvad"))
    # Who: a user of the municipality, or someone outside it in words.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig"),
    )
    owner_external = models.CharField(_("ansvarlig uden for kommunen"), max_length=200, blank=True)
    due = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    theory_items = models.ManyToManyField(
        "toolbox.TheoryItem", blank=True, related_name="actions", verbose_name=_("bidrager til")
    )
    # Set when the action was made from a KL checklist answer of no or partly.
    checklist_answer = models.ForeignKey(
        "toolbox.ChecklistAnswer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(owner__isnull=False, owner_external__gt=""),
                name="action_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.what[:60]


class StatusRound(models.Model):
    """The quarterly follow-up of a plan: a note and a status per action."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="status_rounds")
    year = models.PositiveSmallIntegerField(_("år"))
    quarter = models.PositiveSmallIntegerField(_("kvartal"))
    held_on = models.DateField(_("holdt"))
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "quarter"], name="status_round_once_a_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="status_round_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} K{self.quarter}"


class StatusNote(models.Model):
    round = models.ForeignKey(StatusRound, on_delete=models.CASCADE, related_name="notes")
    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="status_notes")
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["round", "action"]
        constraints = [models.UniqueConstraint(fields=["round", "action"], name="status_note_once")]

    def __str__(self) -> str:
        return f"{self.round}: {self.status}"
