"""Demo plans: an end goal, a few plausible sub-goals and some follow-up notes per citizen.

Called by the demo generator with its seeded `rng`, so the same seed gives the same plans.
Statuses agree with the dates: goals whose target date has passed are reached, not reached
or dropped; later goals are not started or in progress. Offers are not linked here (the
demo's offers are built separately).
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from fremdrift.accounts.models import User
from fremdrift.citizens.models import Citizen
from fremdrift.plans.models import EndGoal, FollowUpNote, Plan, SubGoal, SubGoalStatus

BATCH = 2000

JOB_FIELDS: dict[str, list[str]] = {
    "Rengøring": ["Tage AMU-kursus i professionel rengøring"],
    "Lager og logistik": ["Tage truckcertifikat", "Gennemføre praktik på et lager"],
    "Køkken og kantine": ["Tage hygiejnekursus", "Gennemføre praktik i et storkøkken"],
    "Pleje og omsorg": ["Tage kursus i forflytning", "Gennemføre praktik på et plejecenter"],
    "Byggeri": ["Tage sikkerhedskursus til byggepladsen", "Gennemføre praktik hos en murer"],
    "Transport": ["Tage kørekort til lastbil", "Tage kvalifikationsbevis som chauffør"],
    "Detailhandel": ["Gennemføre praktik i en dagligvarebutik"],
    "Landbrug og gartneri": ["Gennemføre praktik i et gartneri"],
    "Hotel og restaurant": ["Gennemføre praktik på et hotel"],
}
EDUCATION_FIELDS: dict[str, list[str]] = {
    "SOSU-assistent": ["Bestå optagelsesprøven til SOSU-skolen", "Tage grundforløb 2"],
    "SOSU-hjælper": ["Tage grundforløb 2 på SOSU-skolen"],
    "Erhvervsuddannelse som smed": ["Finde en praktikplads som smed", "Tage grundforløb 1"],
    "Erhvervsuddannelse som tømrer": ["Finde en praktikplads som tømrer"],
    "Pædagogisk assistent": ["Gennemføre praktik i en børnehave"],
    "Ernæringsassistent": ["Gennemføre praktik i et storkøkken"],
}
COMMON_GOALS = [
    "Bestå Danskuddannelse 2 modul 3",
    "Bestå Danskuddannelse 3 modul 2",
    "Skrive et CV med jobkonsulenten",
    "Gennemføre praktik i 13 uger",
    "Tage kørekort",
    "Søge 5 job om ugen",
    "Møde stabilt i praktikken hver dag i fire uger",
    "Lære at bruge Jobnet og MitID på egen hånd",
    "Komme til jobsamtale hos en virksomhed",
    "Få afklaret helbredet hos egen læge",
    "Finde pasning til børnene",
    "Arbejde 15 timer om ugen i løntilskud",
]
PLAN_NOTES = [
    "Har arbejdet på et lager i hjemlandet.",
    "Ønsker deltid i starten på grund af børnene.",
    "Vil gerne i arbejde hurtigt og er meget motiveret.",
    "Har brug for tolk ved samtalerne, men forstår meget dansk.",
    "Har en uddannelse fra hjemlandet, som ikke er godkendt i Danmark.",
]
NOTES: dict[str, list[str]] = {
    SubGoalStatus.IN_PROGRESS: [
        "Er godt i gang og møder stabilt.",
        "Går langsommere end planlagt. Vi har aftalt ekstra støtte fra mentor.",
        "Har været til første samtale med virksomheden. Opfølgning om fire uger.",
    ],
    SubGoalStatus.REACHED: [
        "Delmålet er nået. Næste skridt blev aftalt ved samtalen.",
        "Bestået. Borgeren er glad og klar til næste delmål.",
    ],
    SubGoalStatus.NOT_REACHED: [
        "Nåede det ikke til måldatoen på grund af sygdom i familien. Nyt delmål aftales.",
        "Praktikstedet lukkede, så delmålet blev ikke nået.",
    ],
}


def build_demo_plans(
    *,
    rng: random.Random,
    citizens: list[Citizen],
    today: dt.date,
    authors_by_municipality: dict[int, list[User]],
) -> int:
    """Create plans for most of `citizens`; returns the number of plans created."""
    plans: list[Plan] = []
    goals_by_plan: list[list[SubGoal]] = []
    for citizen in citizens:
        days_in = (today - citizen.takeover_date).days
        # A plan is made in the first weeks; the newest citizens often have none yet.
        if rng.random() > (0.9 if days_in >= 21 else 0.3):
            continue
        authors = authors_by_municipality.get(citizen.municipality_id, [])
        # By id: reading `citizen.caseworker` would cost a query per citizen.
        author_id = citizen.caseworker_id or (rng.choice(authors).pk if authors else None)
        plan, goals = _plan(rng, citizen, today, author_id)
        plans.append(plan)
        goals_by_plan.append(goals)
    Plan.objects.bulk_create(plans, batch_size=BATCH)
    sub_goals = []
    for plan, goals in zip(plans, goals_by_plan, strict=True):
        for goal in goals:
            goal.plan = plan
            sub_goals.append(goal)
    SubGoal.objects.bulk_create(sub_goals, batch_size=BATCH)
    notes = _notes(rng, sub_goals, today, authors_by_municipality)
    FollowUpNote.objects.bulk_create(notes, batch_size=BATCH)
    return len(plans)


def _plan(
    rng: random.Random, citizen: Citizen, today: dt.date, author_id: int | None
) -> tuple[Plan, list[SubGoal]]:
    education = rng.random() < 0.25
    fields = EDUCATION_FIELDS if education else JOB_FIELDS
    field = rng.choice(list(fields))
    made = min(today, citizen.takeover_date + dt.timedelta(days=rng.randint(7, 45)))
    plan = Plan(
        municipality_id=citizen.municipality_id,
        citizen=citizen,
        end_goal=EndGoal.EDUCATION if education else EndGoal.JOB,
        field=field,
        note=rng.choice(PLAN_NOTES) if rng.random() < 0.3 else "",
        updated_by_id=author_id,
        # Made in the first weeks after takeover, not on the day the demo was built.
        updated_at=timezone.make_aware(dt.datetime.combine(made, dt.time(10))),
    )
    count = rng.randint(2, 5)
    texts = [*rng.sample(COMMON_GOALS, count - 1), rng.choice(fields[field])]
    # Target dates spread over the first 18 months, in order, one to four months apart.
    target = citizen.takeover_date + dt.timedelta(days=rng.randint(30, 90))
    goals = []
    started = False
    for order, text in enumerate(texts):
        status, started = _status(rng, target, today, citizen.takeover_date, started)
        goals.append(
            SubGoal(
                municipality_id=citizen.municipality_id,
                text=text,
                target_date=target,
                status=status,
                order=order,
                updated_by_id=author_id,
            )
        )
        target += dt.timedelta(days=rng.randint(30, 120))
    return plan, goals


def _status(
    rng: random.Random, target: dt.date, today: dt.date, takeover: dt.date, started: bool
) -> tuple[str, bool]:
    """A status consistent with the dates; `started` tells if a later goal is in progress."""
    if target < today:
        roll = rng.random()
        if roll < 0.6:
            return SubGoalStatus.REACHED, started
        return (SubGoalStatus.NOT_REACHED if roll < 0.85 else SubGoalStatus.DROPPED), started
    # The first goal ahead is usually being worked on once the citizen has been here a while.
    if (today - takeover).days > 20 and not started and rng.random() < 0.75:
        return SubGoalStatus.IN_PROGRESS, True
    if started and rng.random() < 0.2:
        return SubGoalStatus.IN_PROGRESS, True
    return SubGoalStatus.NOT_STARTED, started


def _notes(
    rng: random.Random,
    sub_goals: list[SubGoal],
    today: dt.date,
    authors_by_municipality: dict[int, list[User]],
) -> list[FollowUpNote]:
    notes = []
    for goal in sub_goals:
        texts = NOTES.get(goal.status)
        authors = authors_by_municipality.get(goal.municipality_id)
        if not texts or not authors or rng.random() < 0.5:
            continue
        takeover = goal.plan.citizen.takeover_date
        last = min(today, goal.target_date)
        first = max(takeover, last - dt.timedelta(days=90))
        span = (last - first).days
        if span < 0:
            continue
        for _ in range(rng.randint(1, 2)):
            notes.append(
                FollowUpNote(
                    municipality_id=goal.municipality_id,
                    sub_goal=goal,
                    noted_on=first + dt.timedelta(days=rng.randint(0, span)),
                    text=rng.choice(texts),
                    written_by=rng.choice(authors),
                )
            )
    return notes
