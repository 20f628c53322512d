"""Theories of change and programme theories (toolbox step 1A, KL)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.core.versioning import Versioned
from fremdrift.toolbox.models.common import ShareableDocument


class TheoryKind(models.TextChoices):
    CHANGE = "change", _("Forandringsteori")
    PROGRAMME = "programme", _("Programteori")


class Segment(models.TextChoices):
    """Which citizens the target group is counted from, live, in the register."""

    ALL = "all", _("Alle i integrationsprogrammet")
    JOB_READY = "job_ready", _("Jobparate")
    ACTIVITY_READY = "activity_ready", _("Aktivitetsparate")


class Horizon(models.TextChoices):
    # Theory of change, filled in from the right: long, medium, short, then activities.
    LONG = "long", _("Langsigtede resultater")
    MEDIUM = "medium", _("Mellemlange resultater")
    SHORT = "short", _("Kortsigtede resultater")
    ACTIVITY = "activity", _("Aktiviteter")
    # Programme theory: end goals, sub-goals, activities, then the effective mechanisms.
    END_GOAL = "end_goal", _("Slutmål")
    SUB_GOAL = "sub_goal", _("Delmål")
    MECHANISM = "mechanism", _("Virksomme mekanismer")


class TheoryOfChange(ShareableDocument):
    kind = models.CharField(
        _("type"), max_length=10, choices=TheoryKind.choices, default=TheoryKind.CHANGE
    )
    target_group = models.CharField(_("målgruppe"), max_length=200)
    segment = models.CharField(
        _("målgruppen tælles blandt"), max_length=20, choices=Segment.choices, default=Segment.ALL
    )
    # A new version starts as a copy of the one before it, which stays as it was.
    version = models.PositiveIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_versions"
    )
    purpose = models.TextField(_("hvorfor: formål"), blank=True)
    # The can / cannot x wants / does not want matrix.
    can_wants = models.TextField(_("kan og vil"), blank=True)
    can_not_wants = models.TextField(_("kan, men vil ikke"), blank=True)
    cannot_wants = models.TextField(_("kan ikke, men vil"), blank=True)
    cannot_not_wants = models.TextField(_("kan ikke og vil ikke"), blank=True)
    # Facts on the target group.
    work_identity = models.TextField(_("arbejdsidentitet"), blank=True)
    labour_market_experience = models.TextField(_("erfaring fra arbejdsmarkedet"), blank=True)
    education = models.TextField(_("uddannelse"), blank=True)
    job_search = models.TextField(_("jobsøgnings- og aktiveringsadfærd"), blank=True)
    family = models.TextField(_("familie"), blank=True)

    class Meta:
        ordering = ["municipality", "target_group", "-version"]


class TheoryItem(Versioned):
    theory = models.ForeignKey(TheoryOfChange, on_delete=models.CASCADE, related_name="items")
    horizon = models.CharField(_("kolonne"), max_length=10, choices=Horizon.choices)
    text = models.TextField(_("tekst"))
    position = models.PositiveIntegerField(default=0)
    # "This leads to that": an activity to a short-term result, a short- to a medium-term ...
    leads_to = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="comes_from"
    )
    # A result bound to a key figure (results.definitions code) or a progression dimension
    # (an item key of the progression instrument); at most one of the two.
    figure = models.CharField(_("nøgletal"), max_length=30, blank=True)
    dimension = models.CharField(_("progressionsområde"), max_length=50, blank=True)

    class Meta:
        ordering = ["theory", "horizon", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(figure="") | models.Q(dimension=""),
                name="theory_item_one_binding",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]
