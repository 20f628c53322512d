"""Fixed texts the citizen reads in their own language, from the gettext catalogues.

The caseworker's interface stays Danish or English on the same screen, and the printed plan
carries Danish and the citizen's language side by side, so these texts are looked up in an
explicit language instead of the active one. Each set has a gettext context of its own
(`borgerskema`, `borgerplan`), so its entries never clash with the interface's. Catalogues
of the citizen languages hold only these contexts (scripts/compile_messages.py prunes the
rest). A text without a translation is shown in Danish, and the page says so.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import to_locale


class _Absent(gettext.NullTranslations):
    """The last fallback: an empty string says "no translation", as msgfmt never stores one."""

    def pgettext(self, context: str, message: str) -> str:
        return ""


@functools.cache
def _catalogue(language: str, locale_dir: str) -> gettext.NullTranslations:
    # Python's own gettext, not Django's merged catalogue: Django falls back to the msgid,
    # which cannot tell "not translated" from a translation that equals the Danish ("Job").
    found = gettext.translation(
        "django", locale_dir, languages=[to_locale(language)], fallback=True
    )
    found.add_fallback(_Absent())
    return found


@dataclass(frozen=True)
class CitizenTexts:
    """One set of fixed texts: a gettext context and the texts keyed by their use."""

    context: str
    texts: Mapping[str, Promise]

    def danish(self) -> dict[str, str]:
        # Danish is the source language: the msgid is the Danish text.
        with translation.override("da"):
            return {key: str(text) for key, text in self.texts.items()}

    def in_language(self, language: str) -> dict[str, str | None]:
        """Each text in `language`, None where its catalogue has no translation."""
        danish = self.danish()
        if language == "da":
            return dict(danish)
        catalogue = _catalogue(language, str(settings.LOCALE_PATHS[0]))
        return {key: catalogue.pgettext(self.context, text) or None for key, text in danish.items()}
