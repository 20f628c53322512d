"""The journal template's sections: our default, a municipality's own, and the snapshot.

The default follows the course of an integration conversation (after Rebild's journal
template, in our own words): how things have gone, what has moved, the plan, the offers,
what was agreed and what happens next. The texts are plain Danish on purpose: they are
shown in Danish whatever the user's language, because the entry is a Danish case record.
"""

from __future__ import annotations

import re
from typing import TypedDict

from fremdrift.accounts.models import Municipality
from fremdrift.conversations.models import JournalTemplate

MAX_SECTIONS = 20
MAX_TITLE = 100
MAX_HELP = 300
MAX_TEXT = 10_000


class Section(TypedDict):
    key: str
    title: str
    help: str


class WrittenSection(TypedDict):
    key: str
    title: str
    text: str


DEFAULT_TEMPLATE_NAME = "Fremdrifts standardskabelon"
DEFAULT_SECTIONS: tuple[Section, ...] = (
    {
        "key": "status",
        "title": "Status siden sidst",
        "help": "Hvad er sket siden sidste samtale? Fx helbred, familie, bolig og danskskole.",
    },
    {
        "key": "progression",
        "title": "Progression",
        "help": "Hvad kan borgeren nu, som ikke lykkedes før? Brug gerne borgerens egne ord.",
    },
    {
        "key": "plan",
        "title": "Plan og delmål",
        "help": "Hvilket job eller hvilken uddannelse sigter vi mod? Hvad er næste delmål?",
    },
    {
        "key": "offers",
        "title": "Tilbud",
        "help": "Igangværende og kommende tilbud: praktik, løntilskud, IGU, kurser, dansk.",
    },
    {
        "key": "agreements",
        "title": "Aftaler",
        "help": "Hvad aftalte I? Skriv hvem der gør hvad, og hvornår.",
    },
    {
        "key": "next_steps",
        "title": "Næste skridt",
        "help": "Hvornår er næste samtale, og hvad skal være sket til den tid?",
    },
)


def active_template(municipality: Municipality | int) -> JournalTemplate | None:
    municipality_id = getattr(municipality, "pk", municipality)
    return JournalTemplate.objects.filter(municipality_id=municipality_id, active=True).first()


def template_version(municipality: Municipality | int) -> int:
    """The version of the template in use: its row's id (a save makes a new row), 0 for the
    default. The template's edit form carries it (core/versioning.py)."""
    template = active_template(municipality)
    return template.pk if template is not None else 0


def template_sections(municipality: Municipality | int) -> list[Section]:
    """The sections a new entry gets: the municipality's own, or our default."""
    template = active_template(municipality)
    if template is not None and template.sections:
        return [
            Section(key=s["key"], title=s["title"], help=s.get("help", ""))
            for s in template.sections
        ]
    return [Section(**s) for s in DEFAULT_SECTIONS]


def written_sections(template: list[Section], texts: dict[str, str]) -> list[WrittenSection]:
    """The snapshot stored on an entry: every section's title with the text written in it."""
    return [
        WrittenSection(key=s["key"], title=s["title"], text=(texts.get(s["key"]) or "").strip())
        for s in template
    ]


def has_text(sections: list[WrittenSection]) -> bool:
    return any(s["text"].strip() for s in sections)


_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})


def section_key(title: str, taken: set[str]) -> str:
    """A stable, ascii key for a new section, unique within the template."""
    base = re.sub(r"[^a-z0-9]+", "_", title.lower().translate(_DANISH)).strip("_")[:40] or "afsnit"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def parse_section_lines(text: str, current: list[Section]) -> list[dict[str, str]]:
    """Parse the editor's textarea: one section a line, "Titel | hjælpetekst".

    A title that exists already keeps its key, so renaming is the only change that gives a
    section a new key (old entries keep their own titles either way).
    """
    keys_by_title = {s["title"].casefold(): s["key"] for s in current}
    parsed = []
    for line in text.splitlines():
        if not line.strip():
            continue
        title, _sep, help_text = line.partition("|")
        entry = {"title": title.strip(), "help": help_text.strip()}
        key = keys_by_title.get(entry["title"].casefold())
        if key:
            entry["key"] = key
        parsed.append(entry)
    return parsed


def section_lines(sections: list[Section]) -> str:
    return "\n".join(f"{s['title']} | {s['help']}" if s["help"] else s["title"] for s in sections)
