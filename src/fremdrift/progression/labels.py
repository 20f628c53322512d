"""Fixed texts of the citizen's own form and of the printed questionnaire.

Their translations are in the gettext catalogues under the context `borgerskema`
(citizens/texts.py); the questions themselves come from the instrument definition. A text
missing in a language shows in Danish, and the page says so. Tigrinya and Somali were
written by the developers and need a native speaker's check, like the instrument's own
texts (docs/how-to-add-an-instrument.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import pgettext_lazy

from fremdrift.citizens.languages import CITIZEN_LANGUAGES, direction
from fremdrift.citizens.texts import CitizenTexts

# Each language named in itself, for the citizen's language menu.
OWN_NAMES: dict[str, str] = {
    "da": "Dansk",
    "en": "English",
    "ar": "العربية",
    "prs": "دری",
    "fa": "فارسی",
    "ti": "ትግርኛ",
    "so": "Soomaali",
    "uk": "Українська",
}

QUESTIONNAIRE = CitizenTexts(
    "borgerskema",
    {
        "question_of": pgettext_lazy("borgerskema", "Spørgsmål {n} af {total}"),
        "choose": pgettext_lazy(
            "borgerskema", "Vælg det tal, der passer bedst. 1 er lavest, 10 er højest."
        ),
        "or": pgettext_lazy("borgerskema", "Eller"),
        "next": pgettext_lazy("borgerskema", "Gem og gå videre"),
        "back": pgettext_lazy("borgerskema", "Tilbage"),
        "skip": pgettext_lazy("borgerskema", "Spring over"),
        "summary": pgettext_lazy("borgerskema", "Dine svar"),
        "agreed": pgettext_lazy("borgerskema", "Vi har aftalt svarene sammen"),
        "finish": pgettext_lazy("borgerskema", "Afslut"),
        "thanks": pgettext_lazy("borgerskema", "Tak. Dine svar er gemt."),
        "hand_back": pgettext_lazy("borgerskema", "Giv nu skærmen tilbage til din sagsbehandler."),
        "missing": pgettext_lazy(
            "borgerskema", "Denne tekst findes ikke på dit sprog endnu. Den vises på dansk."
        ),
        "name": pgettext_lazy("borgerskema", "Navn"),
        "date": pgettext_lazy("borgerskema", "Dato"),
        "answer": pgettext_lazy("borgerskema", "Svar"),
        "not_answered": pgettext_lazy("borgerskema", "Ikke besvaret"),
        "blank_hint": pgettext_lazy(
            "borgerskema",
            "Sæt ét kryds ved hvert spørgsmål: et tal fra 1 til 10 eller et af felterne til sidst.",
        ),
        "page": pgettext_lazy("borgerskema", "Side"),
    },
)


def labels_for(language: str) -> tuple[dict[str, str], bool]:
    """The texts in `language` with Danish for any missing, and whether any was missing."""
    found = QUESTIONNAIRE.in_language(language)
    danish = QUESTIONNAIRE.danish()
    return {key: found[key] or danish[key] for key in danish}, None in found.values()


@dataclass(frozen=True)
class FormLanguage:
    """A language of a form as a link shows it: its own name, and the interface's name for it."""

    code: str
    own_name: str
    local_name: str
    dir: str


def form_languages(codes: list[str]) -> list[FormLanguage]:
    """Each of `codes` named in itself and in the interface language (Danish by default).

    The own name carries its code and direction so a right-to-left name is laid out on its
    own and does not reorder the names around it; the local name is left out where it says
    the same (Dansk in Danish).
    """
    local = dict(CITIZEN_LANGUAGES)
    languages = []
    for code in codes:
        own_name = OWN_NAMES.get(code, code)
        local_name = str(local.get(code, ""))
        languages.append(
            FormLanguage(
                code=code,
                own_name=own_name,
                local_name="" if local_name == own_name else local_name,
                dir=direction(code),
            )
        )
    return languages
