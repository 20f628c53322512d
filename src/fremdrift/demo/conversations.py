"""Demo conversations: a plausible, synthetic history for each demo citizen.

From the takeover date to `today`: a conversation about every six weeks in the first half
year (the rule of at least four), then about every three months. Some are skipped, and
some citizens' histories stop months ago, so the deadline views have overdue citizens to
show. Each conversation has a signed journal entry in our default template, written from
the phrase lists in phrases.py; a few entries have a signed correction.

Written in batches of plain INSERTs; the same rng state gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from django.db import connection, transaction
from django.utils import timezone

from fremdrift.accounts.models import User
from fremdrift.citizens.models import Citizen
from fremdrift.conversations.models import (
    Conversation,
    ConversationForm,
    EntryStatus,
    JournalEntry,
)
from fremdrift.conversations.sections import DEFAULT_SECTIONS
from fremdrift.core import clock
from fremdrift.demo import phrases as ph
from fremdrift.demo.bulk import insert_rows, next_id, reset_sequences

BATCH = 10_000
HALF_YEAR = dt.timedelta(days=182)
# Share of citizens whose conversations stopped some months ago (overdue in the demo).
STOPPED_SHARE = 0.12
CORRECTED_SHARE = 0.015
# Entries are drawn from a pool of texts written once per run: the same fill values run
# through all sections of one entry, and the load stays fast for 100,000 citizens.
POOL_SIZE = 2000
# 80 % in person, 12 % by phone, 8 % by video.
_FORMS = tuple(
    str(f) for f in (ConversationForm.IN_PERSON, ConversationForm.PHONE, ConversationForm.DIGITAL)
)
_SIGNED = str(EntryStatus.SIGNED)


def build_demo_conversations(
    *,
    rng: random.Random,
    citizens: list[Citizen],
    today: dt.date,
    authors_by_municipality: dict[int, list[User]],
    last_days: dict[int, dt.date] | None = None,
) -> int:
    """Create conversations with signed entries for `citizens`; returns how many.

    `last_days` gives, per citizen id, the last day in the programme of citizens who have
    left it: their conversations stop there.

    Expects to run alone (the demo command loads an empty register): ids are handed out
    from the current maximum, and rows are inserted with plain INSERTs, because the ORM's
    per-value preparation would make the country-sized set (about 900,000 conversations)
    take minutes. The values are ours and valid by construction.
    """
    loader = _Loader(rng, now=clock.now())
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        for citizen in citizens:
            author_id = _author_id(rng, citizen, authors_by_municipality)
            if author_id is None:
                continue
            until = min(today, (last_days or {}).get(citizen.pk, today))
            for held_on in _schedule(rng, citizen.takeover_date, until):
                loader.add(citizen, held_on, author_id, _at(rng, held_on, tz))
            if len(loader.conversations) >= BATCH:
                loader.flush()
        loader.flush()
        loader.reset_sequences()
    return loader.created


def _author_id(rng: random.Random, citizen: Citizen, authors: dict[int, list[User]]) -> int | None:
    if citizen.caseworker_id:
        return citizen.caseworker_id
    staff = authors.get(citizen.municipality_id) or []
    return rng.choice(staff).pk if staff else None


def _schedule(rng: random.Random, takeover: dt.date, today: dt.date) -> Iterator[dt.date]:
    r = rng.random
    end = today
    if r() < STOPPED_SHARE:
        end = today - dt.timedelta(days=100 + int(r() * 120))
    day = takeover + dt.timedelta(days=2 + int(r() * 11))
    while True:
        # Conversations are held on weekdays.
        if day.weekday() >= 5:
            day += dt.timedelta(days=7 - day.weekday())
        if day > end:
            return
        yield day
        # About six weeks apart in the first half year, then about three months.
        step = 35 + int(r() * 15) if day - takeover < HALF_YEAR else 75 + int(r() * 31)
        if r() < 0.05:
            step *= 2  # a conversation that did not happen
        day += dt.timedelta(days=step)


def _at(rng: random.Random, day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    minutes = int(rng.random() * 8 * 60)  # between 8 and 16
    return dt.datetime.combine(day, dt.time(8 + minutes // 60, minutes % 60), tzinfo=tz)


def _fill(rng: random.Random) -> dict[str, object]:
    return {
        "workplace": rng.choice(ph.WORKPLACES),
        "trade": rng.choice(ph.TRADES),
        "offer": rng.choice(ph.OFFERS),
        "course": rng.choice(ph.COURSES),
        "hours": rng.choice((8, 10, 12, 15, 20, 25, 30, 37)),
        "school_hours": rng.choice((6, 9, 12, 15)),
        "weeks": rng.choice((2, 4, 6, 8, 13)),
        "module": rng.randint(1, 6),
        "count": rng.randint(2, 12),
    }


def _sections(rng: random.Random, stage: str) -> list[dict[str, str]]:
    values = _fill(rng)
    sections = []
    for section in DEFAULT_SECTIONS:
        phrases = ph.PHRASES[section["key"]][stage]
        picked = rng.sample(phrases, k=1 if rng.random() < 0.6 else 2)
        text = " ".join(p.format(**values) for p in picked)
        sections.append({"key": section["key"], "title": section["title"], "text": text})
    return sections


def _corrected(rng: random.Random, sections: list[dict[str, str]]) -> list[dict[str, str]]:
    corrected = [dict(s) for s in sections]
    changed = rng.choice([s for s in corrected if s["key"] in ("offers", "plan", "agreements")])
    changed["text"] = rng.choice(ph.PHRASES[changed["key"]]["late"]).format(**_fill(rng))
    return corrected


class _Loader:
    """Collects rows and writes them in batches with executemany."""

    def __init__(self, rng: random.Random, *, now: dt.datetime) -> None:
        self.rng, self.now = rng, now
        self.created = 0
        self.conversation_id = next_id(Conversation)
        self.entry_id = next_id(JournalEntry)
        self.conversations: list[tuple[object, ...]] = []
        self.entries: list[tuple[object, ...]] = []
        ops = connection.ops
        self.date = ops.adapt_datefield_value
        if connection.vendor == "sqlite":
            # What ops.adapt_datetimefield_value does, without its checks per value.
            db_tz = connection.timezone
            self.time = lambda value: str(value.astimezone(db_tz).replace(tzinfo=None))
        else:
            self.time = ops.adapt_datetimefield_value
        self.pool = {
            stage: [
                (sections, ops.adapt_json_value(sections, None))
                for sections in (_sections(rng, stage) for _ in range(POOL_SIZE))
            ]
            for stage in ("early", "late")
        }

    def add(self, citizen: Citizen, held_on: dt.date, author_id: int, written: dt.datetime) -> None:
        # Hot loop for ~900,000 rows: plain random() rather than randint/choices.
        r = self.rng.random
        interpreter = r() < (0.9 if citizen.interpreter_needed else 0.03)
        others = ["tolk"] if interpreter else []
        if r() < 0.2:
            others.append(ph.EXTRAS[int(r() * len(ph.EXTRAS))])
        x = r()
        form = _FORMS[0] if x < 0.8 else _FORMS[1] if x < 0.92 else _FORMS[2]
        written = min(written, self.now)
        signed = written + dt.timedelta(minutes=5 + int(r() * 86))
        if r() < 0.3:
            signed += dt.timedelta(days=1 + int(r() * 4))
        signed = min(signed, self.now)
        conversation_id, self.conversation_id = self.conversation_id, self.conversation_id + 1
        municipality_id = citizen.municipality_id
        written_at = self.time(written)
        self.conversations.append(
            (conversation_id, municipality_id, citizen.pk, self.date(held_on), form,
             interpreter, ", ".join(others), author_id, written_at)
        )  # fmt: skip
        stage = "early" if held_on - citizen.takeover_date < HALF_YEAR else "late"
        sections, encoded = self.pool[stage][int(r() * POOL_SIZE)]
        ids = (conversation_id, municipality_id, citizen.pk, author_id)
        entry_id = self._entry(ids, encoded, self.time(signed), written_at)
        if r() < CORRECTED_SHARE:
            at = self.time(min(signed + dt.timedelta(days=1 + int(r() * 10)), self.now))
            corrected = connection.ops.adapt_json_value(_corrected(self.rng, sections), None)
            reason = self.rng.choice(ph.CORRECTION_REASONS)
            self._entry(ids, corrected, at, at, corrects=entry_id, reason=reason)
        self.created += 1

    def _entry(
        self,
        ids: tuple[int, int, int, int],
        sections: object,
        signed_at: object,
        written_at: object,
        *,
        corrects: int | None = None,
        reason: str = "",
    ) -> int:
        conversation_id, municipality_id, citizen_id, author_id = ids
        entry_id, self.entry_id = self.entry_id, self.entry_id + 1
        self.entries.append(
            (entry_id, municipality_id, conversation_id, citizen_id, sections, _SIGNED,
             author_id, author_id, signed_at, corrects, reason, written_at, signed_at)
        )  # fmt: skip
        return entry_id

    def flush(self) -> None:
        insert_rows(Conversation, _CONVERSATION_COLUMNS, self.conversations)
        # Rows are in id order, so an original is inserted before its correction.
        insert_rows(JournalEntry, _ENTRY_COLUMNS, self.entries)
        self.conversations, self.entries = [], []

    def reset_sequences(self) -> None:
        reset_sequences(Conversation, JournalEntry)


_CONVERSATION_COLUMNS = (
    "id", "municipality_id", "citizen_id", "held_on", "form", "interpreter_used",
    "participants", "held_by_id", "created_at",
)  # fmt: skip
_ENTRY_COLUMNS = (
    "id", "municipality_id", "conversation_id", "citizen_id", "sections", "status",
    "written_by_id", "signed_by_id", "signed_at", "corrects_id", "correction_reason",
    "created_at", "updated_at",
)  # fmt: skip
