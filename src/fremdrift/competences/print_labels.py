"""The fixed texts of the printed employer reference, in Danish, English or the citizen's
language (gettext context `kompetencekort`, looked up in an explicit language as the printed
plan's are: citizens/texts.py). A text without a translation is printed in Danish, and the
printout says so."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from fremdrift.citizens.texts import CitizenTexts

REFERENCE_PRINT = CitizenTexts(
    "kompetencekort",
    {
        "title": pgettext_lazy("kompetencekort", "Reference fra jobcentret"),
        "intro": pgettext_lazy(
            "kompetencekort",
            "Kompetencerne er vurderet sammen med borgeren, jobcentret og arbejdsgivere "
            "under praktik og job. Niveauet er den seneste vurdering.",
        ),
        "name": pgettext_lazy("kompetencekort", "Navn"),
        "contact": pgettext_lazy("kompetencekort", "Kontakt i jobcentret"),
        "printed_on": pgettext_lazy("kompetencekort", "Udskrevet den"),
        "professional": pgettext_lazy("kompetencekort", "Faglige kompetencer"),
        "personal": pgettext_lazy("kompetencekort", "Personlige kompetencer"),
        "education": pgettext_lazy("kompetencekort", "Uddannelse"),
        "experience": pgettext_lazy("kompetencekort", "Erhvervserfaring"),
        "competence": pgettext_lazy("kompetencekort", "Kompetence"),
        "level": pgettext_lazy("kompetencekort", "Niveau"),
        "assessed_by": pgettext_lazy("kompetencekort", "Vurderet af"),
        "years": pgettext_lazy("kompetencekort", "År"),
        "where": pgettext_lazy("kompetencekort", "Hvorfra"),
        "none": pgettext_lazy("kompetencekort", "Intet registreret"),
        "page": pgettext_lazy("kompetencekort", "Side"),
        "level_1": pgettext_lazy("kompetencekort", "Kan ikke endnu"),
        "level_2": pgettext_lazy("kompetencekort", "Kan med meget hjælp"),
        "level_3": pgettext_lazy("kompetencekort", "Kan med lidt hjælp"),
        "level_4": pgettext_lazy("kompetencekort", "Kan selv"),
        "level_5": pgettext_lazy("kompetencekort", "Kan lære andre det"),
        "origin_home": pgettext_lazy("kompetencekort", "Fra hjemlandet"),
        "origin_denmark": pgettext_lazy("kompetencekort", "Fra Danmark"),
        "role_citizen": pgettext_lazy("kompetencekort", "borgeren"),
        "role_consultant": pgettext_lazy("kompetencekort", "virksomhedskonsulent"),
        "role_caseworker": pgettext_lazy("kompetencekort", "sagsbehandler"),
        "role_employer": pgettext_lazy("kompetencekort", "arbejdsgiver"),
        "key_punctuality": pgettext_lazy("kompetencekort", "Stabilt fremmøde og til tiden"),
        "key_cooperation": pgettext_lazy("kompetencekort", "Samarbejde med kolleger"),
        "key_danish_at_work": pgettext_lazy("kompetencekort", "Dansk på arbejdspladsen"),
        "key_instructions": pgettext_lazy("kompetencekort", "Forstår og følger en instruktion"),
        "key_initiative": pgettext_lazy("kompetencekort", "Initiativ og selvstændighed"),
        "key_work_pace": pgettext_lazy("kompetencekort", "Arbejdstempo"),
        "key_quality": pgettext_lazy("kompetencekort", "Kvaliteten af arbejdet"),
        "key_agreed_tasks": pgettext_lazy("kompetencekort", "Mestrer de aftalte arbejdsopgaver"),
    },
)
