"""Demo progression readings at the demo conversations.

About every third month (the four yearly conversations), the caseworker scores all nine
dimensions and, at most of those conversations, the citizen scores their eight. Each
citizen has a starting level per dimension and a course: most improve slowly, some stall,
some fall back for a while. Citizens often rate themselves a little higher than their
caseworker does, and now and then the two are far apart. A few answers are "don't know" or
"not relevant", and a few are left unanswered.

Written with plain INSERTs (demo.bulk), like the conversations they belong to.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection, transaction

from fremdrift.conversations.models import Conversation
from fremdrift.core import clock
from fremdrift.demo.bulk import insert_rows, next_id, reset_sequences
from fremdrift.instruments.models import Answer, InstrumentVersion, Response

MIN_DAYS_BETWEEN = 80
BATCH = 20_000
# Courses: (share, change per reading); a fallback turns negative for two readings.
IMPROVING, STALLING, FALLING_BACK = "improving", "stalling", "falling_back"
_RESPONSE_COLUMNS = (
    "id", "municipality_id", "version_id", "instrument_id", "citizen_id", "conversation_id",
    "respondent", "taken_on", "agreed_together", "language", "recorded_by_id",
    "created_at", "updated_at", "completed_at",
)  # fmt: skip
_ANSWER_COLUMNS = ("id", "municipality_id", "response_id", "item", "value", "special")


def build_demo_readings(
    *,
    rng: random.Random,
    version: InstrumentVersion,
    languages: dict[int, str],
    municipality_ids: list[int],
) -> int:
    """Readings at the conversations of `municipality_ids`; returns how many responses.

    `languages` gives each citizen's preferred language (the citizen's form uses it when
    the instrument has it).
    """
    items = {r["key"]: [i["key"] for i in version.items_for(r["key"])] for r in
             version.definition["respondents"]}  # fmt: skip
    all_items = [i["key"] for i in version.items()]
    specials = version.definition["scale"].get("special_answers", [])
    ops = connection.ops
    now = clock.now()
    stamp = str(now.replace(tzinfo=None)) if connection.vendor == "sqlite" else now
    response_id, answer_id = next_id(Response), next_id(Answer)
    responses: list[tuple] = []
    answers: list[tuple] = []
    created = 0
    conversations = (
        Conversation.objects.filter(municipality_id__in=municipality_ids)
        .order_by("citizen_id", "held_on", "id")
        .values_list("id", "citizen_id", "municipality_id", "held_on", "held_by_id")
        .iterator(chunk_size=5000)
    )
    with transaction.atomic():
        state: _Citizen | None = None
        for conversation_id, citizen_id, municipality_id, held_on, held_by in conversations:
            if state is None or state.citizen_id != citizen_id:
                state = _Citizen(rng, citizen_id, all_items)
            if not state.due(held_on):
                continue
            state.step(rng)
            taken = ops.adapt_datefield_value(held_on)
            language = languages.get(citizen_id, "da")
            if language not in version.definition["languages"]:
                language = "da"
            agreed = rng.random() < 0.3
            for respondent in ("caseworker", "citizen"):
                if respondent == "citizen" and rng.random() < 0.15:
                    continue  # the citizen's own reading was not taken this time
                responses.append(
                    (response_id, municipality_id, version.pk, version.instrument_id,
                     citizen_id, conversation_id, respondent, taken, agreed,
                     language if respondent == "citizen" else "da", held_by, stamp, stamp,
                     stamp)
                )  # fmt: skip
                for item in items[respondent]:
                    value, special = state.answer(rng, item, respondent, specials)
                    if value is None and not special:
                        continue
                    answers.append((answer_id, municipality_id, response_id, item, value, special))
                    answer_id += 1
                response_id += 1
                created += 1
            if len(answers) >= BATCH:
                _flush(responses, answers)
        _flush(responses, answers)
        reset_sequences(Response, Answer)
    return created


def _flush(responses: list[tuple], answers: list[tuple]) -> None:
    insert_rows(Response, _RESPONSE_COLUMNS, responses)
    insert_rows(Answer, _ANSWER_COLUMNS, answers)
    responses.clear()
    answers.clear()


class _Citizen:
    """One citizen's course through the readings."""

    def __init__(self, rng: random.Random, citizen_id: int, items: list[str]) -> None:
        self.citizen_id = citizen_id
        self.last: dt.date | None = None
        x = rng.random()
        self.course = IMPROVING if x < 0.65 else STALLING if x < 0.85 else FALLING_BACK
        self.fall_at = rng.randint(2, 5)
        self.readings = 0
        self.level = {item: rng.uniform(1.5, 5.5) for item in items}
        # Citizens tend to rate themselves higher; a few see it quite differently.
        self.bias = rng.choice((0, 0.5, 1, 1, 1.5, 2)) + (rng.random() < 0.1) * 2.5

    def due(self, day: dt.date) -> bool:
        if self.last is not None and (day - self.last).days < MIN_DAYS_BETWEEN:
            return False
        self.last = day
        return True

    def step(self, rng: random.Random) -> None:
        self.readings += 1
        if self.readings == 1:
            return
        if self.course == IMPROVING:
            drift = 0.55
        elif self.course == STALLING:
            drift = 0.05
        else:
            drift = -0.8 if self.fall_at <= self.readings < self.fall_at + 2 else 0.45
        for item in self.level:
            self.level[item] = min(10.0, max(1.0, self.level[item] + drift + rng.gauss(0, 0.45)))

    def answer(
        self, rng: random.Random, item: str, respondent: str, specials: list[str]
    ) -> tuple[int | None, str]:
        x = rng.random()
        if x < 0.01:
            return None, ""
        if x < 0.05 and specials:
            return None, rng.choice(specials)
        score = self.level[item] + (self.bias if respondent == "citizen" else 0)
        return int(min(10, max(1, round(score + rng.gauss(0, 0.6))))), ""
