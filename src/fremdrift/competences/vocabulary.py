"""The card's fixed words: the kinds of entry, origins, the level scale, who assessed, and
the competences the placement follow-up scores (their keys are shared with the follow-up
instrument, issue 16)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PROFESSIONAL = "professional", _("Faglige kompetencer")
    PERSONAL = "personal", _("Personlige kompetencer")
    EDUCATION = "education", _("Uddannelse")
    EXPERIENCE = "experience", _("Erhvervserfaring")


# Professional and personal competences are scored; education and experience are facts.
LEVELLED = frozenset({Kind.PROFESSIONAL, Kind.PERSONAL})
# Education and experience have years and a place they were gained.
DATED = frozenset({Kind.EDUCATION, Kind.EXPERIENCE})


class Origin(models.TextChoices):
    HOME = "home", _("Fra hjemlandet")
    DENMARK = "denmark", _("Fra Danmark")


class AssessorRole(models.TextChoices):
    CITIZEN = "citizen", _("borgeren")
    CONSULTANT = "consultant", _("virksomhedskonsulent")
    CASEWORKER = "caseworker", _("sagsbehandler")
    EMPLOYER = "employer", _("arbejdsgiver")


LEVEL_MIN, LEVEL_MAX = 1, 5


class Level(models.IntegerChoices):
    """The follow-up's scale, in plain words: what the citizen can do at work."""

    NOT_YET = 1, _("1 – Kan ikke endnu")
    MUCH_HELP = 2, _("2 – Kan med meget hjælp")
    SOME_HELP = 3, _("3 – Kan med lidt hjælp")
    ON_OWN = 4, _("4 – Kan selv")
    TEACHES = 5, _("5 – Kan lære andre det")


# The follow-up instrument's items (issue 16's shared names), each a competence on the card.
# The Danish name is stored as the entry's title (a record reads the same in any language);
# the card shows the translated label.
FOLLOW_UP_KEYS: dict[str, tuple[Kind, object]] = {
    "punctuality": (Kind.PERSONAL, _("Stabilt fremmøde og til tiden")),
    "cooperation": (Kind.PERSONAL, _("Samarbejde med kolleger")),
    "danish_at_work": (Kind.PERSONAL, _("Dansk på arbejdspladsen")),
    "instructions": (Kind.PERSONAL, _("Forstår og følger en instruktion")),
    "initiative": (Kind.PERSONAL, _("Initiativ og selvstændighed")),
    "work_pace": (Kind.PROFESSIONAL, _("Arbejdstempo")),
    "quality": (Kind.PROFESSIONAL, _("Kvaliteten af arbejdet")),
    "agreed_tasks": (Kind.PROFESSIONAL, _("Mestrer de aftalte arbejdsopgaver")),
}
KEY_ORDER = {key: index for index, key in enumerate(FOLLOW_UP_KEYS)}
