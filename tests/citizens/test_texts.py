"""The citizen's fixed texts come from the gettext catalogues, looked up in an explicit
language, with "not translated" told apart from a translation that equals the Danish."""

from pathlib import Path

import polib

import fremdrift
from fremdrift.audit.access_report import ACCESS_REPORT
from fremdrift.citizens.languages import CITIZEN_LANGUAGES
from fremdrift.competences.print_labels import REFERENCE_PRINT
from fremdrift.plans.print_labels import PLAN_PRINT
from fremdrift.progression.labels import QUESTIONNAIRE, labels_for

LOCALE = Path(fremdrift.__file__).parent / "locale"


def test_a_translation_equal_to_the_danish_counts_as_translated():
    english = PLAN_PRINT.in_language("en")
    assert english["job"] == "Job" and english["status"] == "Status"
    assert None not in english.values()


def test_a_language_without_the_texts_is_shown_in_danish_and_said():
    labels, missing = labels_for("tr")  # Turkish has the plan's labels, not the form's
    assert missing
    assert labels["next"] == "Gem og gå videre"
    labels, missing = labels_for("ar")
    assert not missing and labels["next"] == "احفظ وتابع"


def test_the_interface_language_does_not_leak_into_the_citizens_texts(settings):
    settings.LANGUAGE_CODE = "en"
    assert QUESTIONNAIRE.danish()["thanks"] == "Tak. Dine svar er gemt."
    assert labels_for("uk")[0]["thanks"] == "Дякуємо. Ваші відповіді збережено."


def test_citizen_catalogues_hold_only_the_citizens_texts():
    contexts = {
        QUESTIONNAIRE.context,
        PLAN_PRINT.context,
        ACCESS_REPORT.context,
        REFERENCE_PRINT.context,
    }
    for code, _name in CITIZEN_LANGUAGES:
        if code in ("da", "en"):
            continue
        po = polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))
        assert {entry.msgctxt for entry in po} == contexts, code
        compiled = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
        mo = polib.mofile(str(LOCALE / code / "LC_MESSAGES" / "django.mo"))
        assert {(e.msgctxt, e.msgid): e.msgstr for e in mo} == compiled, code
