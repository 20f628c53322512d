"""Compile every locale's django.po to django.mo with polib (no GNU gettext needed).

The .mo files are committed, so a fresh machine needs no gettext to show English. The
interface is offered in Danish and English; the other locales are citizen languages and keep
only the texts a citizen reads (citizens/texts.py), so this prunes what makemessages adds.
"""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "src" / "fremdrift" / "locale"
INTERFACE_LOCALES = {"en"}
CITIZEN_CONTEXTS = {"borgerskema", "borgerplan", "borgerindsigt", "kompetencekort"}


def main() -> None:
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        po = polib.pofile(str(po_path))
        if po_path.parent.parent.name not in INTERFACE_LOCALES:
            for entry in [e for e in po if e.msgctxt not in CITIZEN_CONTEXTS]:
                po.remove(entry)
            po.save()
        missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"{po_path.relative_to(LOCALE)}: {po.percent_translated()}% oversat")
        for msgid in missing:
            print(f"  mangler: {msgid[:70]!r}")


if __name__ == "__main__":
    main()
