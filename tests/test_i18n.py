"""The interface is Danish with English through gettext: every string must be translated."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib

import fremdrift

PACKAGE = Path(fremdrift.__file__).parent
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
_TEMPLATE_STRINGS = re.compile(r"""\{% translate (["'])(.+?)\1""")


def _template_msgids() -> set[str]:
    found = set()
    for template in PACKAGE.rglob("templates/**/*.html"):
        found |= {m.group(2) for m in _TEMPLATE_STRINGS.finditer(template.read_text())}
    return found


def _python_msgids() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts or "management" in path.parts:
            continue  # commands speak Danish to operators; migrations are not shown
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def test_english_catalogue_is_complete():
    po = polib.pofile(str(PO))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert len(po.translated_entries()) > 100


def test_every_string_in_code_and_templates_is_in_the_catalogue():
    msgids = {entry.msgid for entry in polib.pofile(str(PO))}
    missing = sorted((_template_msgids() | _python_msgids()) - msgids)
    assert missing == [], "run `make messages` and translate"


def test_compiled_catalogue_matches_the_source():
    po = {
        e.msgid: e.msgstr for e in polib.pofile(str(PO)).translated_entries() if not e.msgid_plural
    }
    mo = {e.msgid: e.msgstr for e in polib.mofile(str(MO)) if not e.msgid_plural}
    assert po == mo, "run `make messages` to recompile django.mo"
