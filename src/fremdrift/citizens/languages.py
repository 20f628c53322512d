"""Languages citizens prefer to be spoken to in (ISO 639 codes; 'prs' is Dari)."""

from django.utils.translation import gettext_lazy as _

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
    ("th", _("Thai")),
    ("ti", _("Tigrinya")),
    ("tr", _("Tyrkisk")),
    ("uk", _("Ukrainsk")),
]

# Right-to-left scripts. Kurmanji (ku) is written in Latin script, left to right.
RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps"})


def direction(language: str) -> str:
    """The HTML `dir` for text in `language`."""
    return "rtl" if language in RTL_LANGUAGES else "ltr"
