"""Method descriptions, "the good citizen journey" (toolbox step 1B)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.core.versioning import Versioned
from fremdrift.toolbox.models.common import ShareableDocument


class MethodDescription(ShareableDocument):
    target_group = models.CharField(_("målgruppe"), max_length=200)
    # The non-negotiable principles, one per line.
    core_principles = models.TextField(_("kerneprincipper"), blank=True)

    class Meta:
        ordering = ["municipality", "target_group", "id"]


class MethodPhase(Versioned):
    description = models.ForeignKey(
        MethodDescription, on_delete=models.CASCADE, related_name="phases"
    )
    number = models.PositiveSmallIntegerField(_("fase"))  # 1, 2, 3: phases I-III
    name = models.CharField(_("navn"), max_length=200)
    timespan = models.CharField(_("tid"), max_length=100, blank=True)
    citizen_level = models.TextField(_("på borgerniveau"), blank=True)
    internal_roles = models.TextField(_("roller og ansvar, internt"), blank=True)
    external_roles = models.TextField(_("roller og ansvar, eksternt"), blank=True)
    tools = models.TextField(_("redskaber"), blank=True)

    class Meta:
        ordering = ["description", "number"]
        constraints = [
            models.UniqueConstraint(fields=["description", "number"], name="method_phase_once")
        ]

    def __str__(self) -> str:
        return self.name
