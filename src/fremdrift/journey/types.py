"""The fixed vocabularies of periods. Benefit and offer types are data (journey.models)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    PROGRAMME = "programme", _("Integrationsprogram")
    BENEFIT = "benefit", _("Ydelse")
    VISITATION = "visitation", _("Visitation")
    OFFER = "offer", _("Tilbud")
    OUTCOME = "outcome", _("Afgang")
    ABSENCE = "absence", _("Fravær")


# Kinds of which a citizen can be in at most one at a time.
EXCLUSIVE_KINDS = frozenset(
    {
        PeriodKind.PROGRAMME,
        PeriodKind.BENEFIT,
        PeriodKind.VISITATION,
        PeriodKind.ABSENCE,
        PeriodKind.OUTCOME,
    }
)


class Visitation(models.TextChoices):
    JOB_READY = "job_ready", _("Jobparat")
    ACTIVITY_READY = "activity_ready", _("Aktivitetsparat")


class Outcome(models.TextChoices):
    ORDINARY_JOB = "ordinary_job", _("Ordinært job")
    ORDINARY_EDUCATION = "ordinary_education", _("Ordinær uddannelse")
    IGU_COMPLETED = "igu_completed", _("IGU gennemført")
    MOVED = "moved", _("Flyttet til anden kommune")
    LEFT_OTHER = "left_other", _("Afgang af anden årsag")


class Absence(models.TextChoices):
    MATERNITY = "maternity", _("Barsel")
    SICK = "sick", _("Sygdom")
    OTHER = "other", _("Andet fravær")


class OfferCategory(models.TextChoices):
    """Groups offer types for the caseload board and the figures."""

    GUIDANCE = "guidance", _("Vejledning og opkvalificering")
    DANISH = "danish", _("Danskuddannelse")
    PLACEMENT = "placement", _("Virksomhedspraktik")
    WAGE_SUBSIDY = "wage_subsidy", _("Løntilskud")
    IGU = "igu", _("IGU")
    SUPPORT = "support", _("Mentor og støtte")
    HEALTH = "health", _("Sundhed")


class Phase(models.TextChoices):
    RECEPTION = "I", _("Fase I: Modtagelse og opstart")
    EFFORT = "II", _("Fase II: Samtaler og indsatser")
    END = "III", _("Fase III: Afslutning og opfølgning")
