"""Demo self-evaluation rounds and reflection notes, made through the real services.

The answers are synthetic but tell a story the gap chart can show: leaders see the
organisation and the leadership of the effort more positively than the employees do, and
the employees miss resources and sparring; where there was an earlier round, the employees'
view has moved up since then. Who answered is recorded as participants, as for real answers.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.utils import timezone

from fremdrift.accounts.models import Municipality, User
from fremdrift.core import clock
from fremdrift.instruments.response_services import current_version
from fremdrift.instruments.services import load_builtin_instruments
from fremdrift.toolbox.models import ReflectionNote, SelfEvaluationRound
from fremdrift.toolbox.reflection.services import note_add
from fremdrift.toolbox.selfeval.comparison import DONT_KNOW, USE
from fremdrift.toolbox.selfeval.services import answer_submit, group_for, round_close, round_open

# Where each theme stands, as the employees see it, on the 1-5 scale.
THEME_LEVEL = {
    "organisation": 2.9,
    "employees": 3.6,
    "tools": 3.0,
    "partners": 3.2,
    "leadership": 2.8,
}
# How much more positive the leaders are, per theme.
LEADER_LIFT = {
    "organisation": 0.9,
    "employees": 0.1,
    "tools": 0.3,
    "partners": 0.5,
    "leadership": 1.2,
}
# Statements that stand out: (leaders' extra, employees' extra).
TWISTS = {
    "lead_resources": (0.4, -0.8),
    "emp_sparring": (0.6, -0.6),
    "partners_strategy": (0.7, -0.2),
    "tools_progression": (-0.3, 0.2),
    "org_settings": (-0.2, 0.3),
}
# Employees answer "ved ikke" more often about leadership matters.
DONT_KNOW_CHANCE = {"leader": 0.03, "employee": 0.05}
DONT_KNOW_LEADERSHIP = 0.12
# After a year of work the employees see things somewhat brighter, the leaders a little.
LATER_LIFT = {"leader": 0.15, "employee": 0.45}
TAKE_PART = 0.85


def _season(day: dt.date) -> str:
    return "forår" if day.month <= 6 else "efterår"


def _point(rng: random.Random, mean: float) -> int:
    return min(5, max(1, round(rng.gauss(mean, 0.75))))


def demo_answers(
    rng: random.Random, sections: Sequence[dict], group: str, *, later: bool = False
) -> dict[str, int | str]:
    """One synthetic respondent's answers to every statement."""
    answers: dict[str, int | str] = {}
    for section in sections:
        theme = section["key"]
        for item in section["items"]:
            chance = DONT_KNOW_CHANCE[group]
            if group == "employee" and theme == "leadership":
                chance = DONT_KNOW_LEADERSHIP
            if rng.random() < chance:
                answers[item["key"]] = DONT_KNOW
                continue
            mean = THEME_LEVEL.get(theme, 3.0)
            leader_extra, employee_extra = TWISTS.get(item["key"], (0.0, 0.0))
            if group == "leader":
                mean += LEADER_LIFT.get(theme, 0.0) + leader_extra
            else:
                mean += employee_extra
            if later:
                mean += LATER_LIFT[group]
            answers[item["key"]] = _point(rng, mean)
    return answers


def _takers(rng: random.Random, users: Sequence[User]) -> list[User]:
    """Most of the group answers; never fewer than three when there are three to ask."""
    chosen = [u for u in users if rng.random() < TAKE_PART]
    rest = [u for u in users if u not in chosen]
    while len(chosen) < 3 and rest:
        chosen.append(rest.pop(0))
    return chosen


def build_demo_self_evaluation(
    *,
    municipality: Municipality,
    leaders: Sequence[User],
    employees: Sequence[User],
    rng: random.Random,
    opened_on: dt.date,
    previous: SelfEvaluationRound | None = None,
    close: bool = True,
) -> SelfEvaluationRound:
    """A round opened by the first leader, answered by most leaders and employees (each in
    the group their role gives), and closed three weeks later unless `close` is False."""
    version = current_version(municipality, USE)
    if version is None:
        load_builtin_instruments()
        version = current_version(municipality, USE)
    opener = leaders[0]
    evaluation = round_open(
        actor=opener,
        title=f"Selvevaluering {_season(opened_on)} {opened_on.year}",
        opened_on=opened_on,
        previous=previous,
        version=version,
    )
    later = evaluation.previous_id is not None
    sections = version.definition["sections"]  # type: ignore[union-attr]
    for user in [*_takers(rng, leaders), *_takers(rng, employees)]:
        group = group_for(user)
        if group is None or user.municipality_id != municipality.pk:
            continue
        answer_submit(
            actor=user,
            evaluation=evaluation,
            answers=demo_answers(rng, sections, group, later=later),
        )
    if close:
        closing = min(opened_on + dt.timedelta(days=21), clock.today())
        closed_at = timezone.make_aware(dt.datetime.combine(closing, dt.time(15, 30)))
        round_close(actor=opener, evaluation=evaluation, closed_at=closed_at)
    return evaluation


# (focus point, question, days before today, note) – synthetic workshop notes.
DEMO_NOTES = (
    (
        "early_company",
        "now",
        62,
        "Vi har talt i teamet: det tager typisk 6-8 uger, før en ny borger er i praktik. "
        "Målet er to uger. Visitationsmødet er flaskehalsen.",
    ),
    (
        "early_company",
        "start",
        20,
        "De jobparate med erfaring fra byggeri og rengøring kan sendes direkte i "
        "virksomhedspraktik, uden det forberedende kursus.",
    ),
    (
        "language_work",
        "more",
        41,
        "Aftale med sprogcentret om undervisning om eftermiddagen for borgere i praktik. "
        "Teamlederen tager kontakten inden næste måned.",
    ),
    (
        "job_focus",
        "now",
        41,
        "Første samtale handler stadig mest om det praktiske. Vi prøver at spørge til "
        "jobønsker allerede ved modtagelsen.",
    ),
    (
        "companies",
        "more",
        13,
        "Faste aftaler med tre virksomheder inden for lager og pleje: forventninger skrevet "
        "ned, og en fast kontaktperson hos os.",
    ),
    (
        "anchoring",
        "now",
        6,
        "Vi ser på tallene for jobparate og virksomhedsrettet aktivering på teammødet den "
        "første tirsdag i måneden.",
    ),
)


def build_demo_reflections(
    *, municipality: Municipality, authors: Sequence[User], today: dt.date
) -> list[ReflectionNote]:
    """A handful of dated notes from a few workshops, by the given authors in turn."""
    writers = [a for a in authors if a.municipality_id == municipality.pk]
    if not writers:
        return []
    notes = []
    for index, (point, question, days, text) in enumerate(DEMO_NOTES):
        notes.append(
            note_add(
                actor=writers[index % len(writers)],
                focus_point=point,
                question=question,
                text=text,
                written_on=today - dt.timedelta(days=days),
            )
        )
    return notes
