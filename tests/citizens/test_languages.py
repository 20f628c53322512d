"""Each citizen language is written in the direction the world knows it by, so a language
added to CITIZEN_LANGUAGES cannot be printed and shown the wrong way round."""

from __future__ import annotations

from django.conf.locale import LANG_INFO

from fremdrift.citizens.languages import CITIZEN_LANGUAGES, RTL_LANGUAGES, direction

# Babel is not installed; Django's LANG_INFO knows the direction ("bidi") of most languages.
# These are the citizen languages it does not know, by the script each is written in.
# A new language that Django does not know must be added here, with its script.
NOT_IN_DJANGO = {
    "am": False,  # Amharic: Ge'ez (Ethiopic) script, left to right
    "prs": True,  # Dari: Perso-Arabic script, right to left
    "ku": False,  # Kurmanji: Latin script, left to right (Sorani, ckb, would be right to left)
    "ps": True,  # Pashto: Arabic script, right to left
    "so": False,  # Somali: Latin script, left to right
    "tl": False,  # Tagalog: Latin script, left to right
    "ti": False,  # Tigrinya: Ge'ez (Ethiopic) script, left to right
}


def _right_to_left(code: str) -> bool:
    if code in LANG_INFO and "bidi" in LANG_INFO[code]:
        return bool(LANG_INFO[code]["bidi"])
    assert code in NOT_IN_DJANGO, f"{code}: say in NOT_IN_DJANGO which way it is written"
    return NOT_IN_DJANGO[code]


def test_every_citizen_language_has_its_known_direction():
    for code, _name in CITIZEN_LANGUAGES:
        expected = "rtl" if _right_to_left(code) else "ltr"
        assert direction(code) == expected, code


def test_the_right_to_left_set_names_only_citizen_languages():
    assert RTL_LANGUAGES.issubset(code for code, _name in CITIZEN_LANGUAGES)


def test_the_table_says_what_django_does_not():
    # An entry Django has come to know is read from Django: the table must not contradict it.
    for code in NOT_IN_DJANGO:
        assert "bidi" not in LANG_INFO.get(code, {}), code


def test_django_knows_sorani_and_urdu_as_right_to_left():
    # Were they added as citizen languages, the first test would demand them in RTL_LANGUAGES.
    assert LANG_INFO["ckb"]["bidi"] and LANG_INFO["ur"]["bidi"]
