"""The country list of the citizen form: names in the active language, in its alphabet.

django-countries sorts by the name with its accents taken off, which puts 'Ålandsøerne'
among the A's; a Danish reader looks for Æ, Ø and Å after Z. The countries most of our
citizens come from (settings.COUNTRIES_FIRST) stand first, and again in their place.
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.utils.translation import get_language
from django_countries import countries

# Danish letters after z, in the order of the Danish alphabet.
_DANISH_LAST = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def collation_key(name: str, language: str | None = None) -> str:
    """A sort key for `name` as a dictionary in `language` orders it: case and accents do
    not count ('Côte' with 'Cote'); in Danish æ, ø and å come after z."""
    text = name.casefold()
    if (language or get_language() or "da").startswith("da"):
        text = text.translate(_DANISH_LAST)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def country_choices() -> list[tuple[str, str]]:
    """(code, name) for every country, named and sorted in the active language."""
    names = {code: str(name) for code, name in countries}
    language = get_language()
    ordered = sorted(names, key=lambda code: collation_key(names[code], language))
    first = [code for code in getattr(settings, "COUNTRIES_FIRST", []) if code in names]
    if not getattr(settings, "COUNTRIES_FIRST_REPEAT", False):
        ordered = [code for code in ordered if code not in first]
    return [(code, names[code]) for code in [*first, *ordered]]
