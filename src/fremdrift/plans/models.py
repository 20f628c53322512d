"""The citizen's one plan (KL's "one shared plan"): an end goal, sub-goals, follow-up notes.

A plan belongs to one citizen; sub-goals point at the offers (journey periods of kind
"offer") that work toward them. Follow-up notes are dated; they are written at the
conversations and will be linked to a conversation record once that app exists.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.scoping import PersonalData
from fremdrift.core import clock
from fremdrift.core.versioning import Versioned


class EndGoal(models.TextChoices):
    JOB = "job", _("Job")
    EDUCATION = "education", _("Uddannelse")


class SubGoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ikke startet")
    IN_PROGRESS = "in_progress", _("I gang")
    REACHED = "reached", _("Nået")
    NOT_REACHED = "not_reached", _("Ikke nået")
    DROPPED = "dropped", _("Droppet")


# Statuses of goals still being worked toward: only these can be overdue.
OPEN_STATUSES = frozenset({SubGoalStatus.NOT_STARTED, SubGoalStatus.IN_PROGRESS})


class Plan(PersonalData):
    citizen_path = "citizen"  # whose row it is (accounts.scoping)
    citizen = models.OneToOneField(
        "citizens.Citizen", on_delete=models.PROTECT, related_name="plan", verbose_name=_("borger")
    )
    end_goal = models.CharField(_("slutmål"), max_length=12, choices=EndGoal.choices)
    field = models.CharField(_("område"), max_length=100)
    note = models.TextField(_("bemærkning"), blank=True)
    # Optimistic locking, as on Citizen: every save bumps it.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=clock.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("planer")

    def __str__(self) -> str:
        return f"{self.get_end_goal_display()}: {self.field}"


class SubGoal(Versioned, PersonalData):
    citizen_path = "plan__citizen"  # whose row it is (accounts.scoping)
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="sub_goals", verbose_name=_("plan")
    )
    text = models.CharField(_("delmål"), max_length=200)
    target_date = models.DateField(_("måldato"))
    status = models.CharField(
        _("status"), max_length=12, choices=SubGoalStatus.choices, default=SubGoalStatus.NOT_STARTED
    )
    order = models.PositiveSmallIntegerField(default=0)
    # Only the citizen's own offer periods; plans.services checks that on every write.
    offers = models.ManyToManyField(
        "journey.Period", blank=True, related_name="plan_sub_goals", verbose_name=_("tilbud")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=clock.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("delmål")
        verbose_name_plural = _("delmål")
        indexes = [models.Index(fields=["plan", "order"])]

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.target_date < clock.today()


class FollowUpNote(PersonalData):
    citizen_path = "sub_goal__plan__citizen"  # whose row it is (accounts.scoping)
    sub_goal = models.ForeignKey(
        SubGoal, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("delmål")
    )
    noted_on = models.DateField(_("dato"))
    text = models.TextField(_("opfølgning"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["noted_on", "id"]
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")

    def __str__(self) -> str:
        return f"{self.noted_on}: {self.text[:40]}"
