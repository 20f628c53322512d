"""The fixed labels of the printed plan, printed in Danish and in the citizen's language.

Their translations are in the gettext catalogues under the context `borgerplan`
(citizens/texts.py): the printout carries two languages at once, whatever language the
user's interface is in. A label without a translation is printed in Danish only, and the
printout says so. The translations were written by the developers; the catalogue headers
name the languages an interpreter should check before production use.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from fremdrift.citizens.texts import CitizenTexts

PLAN_PRINT = CitizenTexts(
    "borgerplan",
    {
        "title": pgettext_lazy("borgerplan", "Min plan"),
        "name": pgettext_lazy("borgerplan", "Navn"),
        "printed_on": pgettext_lazy("borgerplan", "Udskrevet den"),
        "caseworker": pgettext_lazy("borgerplan", "Sagsbehandler"),
        "end_goal": pgettext_lazy("borgerplan", "Slutmål"),
        "job": pgettext_lazy("borgerplan", "Job"),
        "education": pgettext_lazy("borgerplan", "Uddannelse"),
        "note": pgettext_lazy("borgerplan", "Bemærkning"),
        "sub_goals": pgettext_lazy("borgerplan", "Delmål"),
        "target_date": pgettext_lazy("borgerplan", "Måldato"),
        "status": pgettext_lazy("borgerplan", "Status"),
        "not_started": pgettext_lazy("borgerplan", "Ikke startet"),
        "in_progress": pgettext_lazy("borgerplan", "I gang"),
        "reached": pgettext_lazy("borgerplan", "Nået"),
        "not_reached": pgettext_lazy("borgerplan", "Ikke nået"),
        "dropped": pgettext_lazy("borgerplan", "Droppet"),
        "offers": pgettext_lazy("borgerplan", "Tilbud"),
        "follow_up": pgettext_lazy("borgerplan", "Opfølgning"),
        "page": pgettext_lazy("borgerplan", "Side"),
        "contact": pgettext_lazy("borgerplan", "Kontakt"),
        "current_offers": pgettext_lazy("borgerplan", "Mine tilbud nu"),
        "next_conversation": pgettext_lazy("borgerplan", "Næste samtale senest"),
        "no_caseworker": pgettext_lazy("borgerplan", "Ingen sagsbehandler endnu"),
        "no_offers": pgettext_lazy("borgerplan", "Ingen tilbud lige nu"),
        "not_set": pgettext_lazy("borgerplan", "Ikke fastsat"),
    },
)
