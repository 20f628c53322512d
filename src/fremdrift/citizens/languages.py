"""Languages citizens prefer to be spoken to in (ISO 639 codes; 'prs' is Dari)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CITIZEN_LANGUAGES: list[tuple[str, str]] = [
    ("da", _("Dansk")),
    ("en", _("Engelsk")),
    ("am", _("Amharisk")),
    ("ar", _("Arabisk")),
    ("prs", _("Dari")),
    ("fa", _("Farsi (persisk)")),
    ("fr", _("Fransk")),
    ("ku", _("Kurdisk (kurmanji)")),
    ("ps", _("Pashto")),
    ("ru", _("Russisk")),
    ("so", _("Somali")),
    ("tl", _("Tagalog")),
    # With a context: Django's own Danish catalogue has "Thai" as 'thai' (lower case, as
    # in running text), which a list entry must not be.
    ("th", pgettext_lazy("sprog", "Thai")),
    ("ti", _("Tigrinya")),
    ("tr", _("Tyrkisk")),
    ("uk", _("Ukrainsk")),
]

# Right-to-left scripts. Kurmanji (ku) is written in Latin script, left to right; Sorani
# (ckb) and Urdu (ur) would belong here if added (tests/citizens/test_languages.py says so).
RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps"})


def direction(language: str) -> str:
    """The HTML `dir` for text in `language`."""
    return "rtl" if language in RTL_LANGUAGES else "ltr"
