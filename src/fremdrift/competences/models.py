"""The competence card: a citizen's competences, and every assessment of each.

A `Competence` is one line on the card (a trade, a personal quality, an education, a job
held). An `Assessment` is one judgement of it: its level, who made it in which role, and
when. A new judgement is a new row, so the card shows the latest beside its history. The
latest level and date are also kept on the competence (`level`, `assessed_on`), written by
the same service, so the board's filter reads one indexed table and no history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.scoping import PersonalData
from fremdrift.competences.vocabulary import AssessorRole, Kind, Level, Origin
from fremdrift.core import clock


class Competence(PersonalData):
    citizen_path = "citizen"  # whose row it is (accounts.scoping)

    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.CASCADE, related_name="competences"
    )
    kind = models.CharField(_("slags"), max_length=20, choices=Kind.choices)
    # One of vocabulary.FOLLOW_UP_KEYS for a competence the follow-up scores, else empty.
    key = models.CharField(_("nøgle"), max_length=40, blank=True)
    title = models.CharField(_("kompetence"), max_length=200)
    origin = models.CharField(_("hvorfra"), max_length=10, choices=Origin.choices, blank=True)
    year_from = models.PositiveSmallIntegerField(_("fra år"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("til år"), null=True, blank=True)
    note = models.TextField(_("bemærkning"), blank=True)
    # The latest assessment's level and date (denormalised, see the module's docstring).
    level = models.PositiveSmallIntegerField(
        _("niveau"), choices=Level.choices, null=True, blank=True
    )
    assessed_on = models.DateField(_("senest vurderet"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("kompetence")
        verbose_name_plural = _("kompetencer")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "key"],
                condition=~Q(key=""),
                name="competence_one_per_follow_up_key",
            )
        ]
        indexes = [
            # The board's filter: a municipality's competences at or above a level.
            models.Index(fields=["municipality", "level"], name="competence_muni_level"),
        ]

    def __str__(self) -> str:
        return self.title


class Assessment(PersonalData):
    citizen_path = "competence__citizen"

    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="assessments")
    # None for education and experience, which are recorded, not scored.
    level = models.PositiveSmallIntegerField(
        _("niveau"), choices=Level.choices, null=True, blank=True
    )
    assessor_role = models.CharField(
        _("vurderet af (rolle)"), max_length=20, choices=AssessorRole.choices
    )
    assessor_name = models.CharField(_("vurderet af (navn)"), max_length=200, blank=True)
    assessed_on = models.DateField(_("dato"))
    note = models.TextField(_("bemærkning"), blank=True)
    # Where it came from, as written: "Kompetencekortet", or the follow-up that scored it.
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")

    def __str__(self) -> str:
        return f"{self.competence_id}: {self.level}"
