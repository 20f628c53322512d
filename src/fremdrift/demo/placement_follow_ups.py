"""Demo follow-ups by the companies' contact persons, and the citizens' competence cards.

On each agreed follow-up date that has passed, the contact person answered the follow-up
instrument through a link (most of the time: some dates were missed): the rows the link's
service writes (the used link, the instrument's response about the placement with the
contact person as respondent, the follow-up with what to work on next). Scores rise over
time; for the placements chosen to reach their wage point (demo.placements) the latest
follow-up scores every competence at the agreement's level.

The competence card of each citizen in a placement gets an entry of each kind, assessed by
the citizen, the consultant and the employer, and the follow-ups' scores as the employer's
assessments, the rows competences.services.record_follow_up_assessments writes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import random
from collections.abc import Sequence

from django.utils import translation

from fremdrift.accounts.models import Municipality
from fremdrift.companies.follow_up_services import CONTACT_PERSON, link_days
from fremdrift.companies.models import FollowUp, FollowUpLink
from fremdrift.companies.wage_point import COMPETENCES
from fremdrift.competences.models import Assessment, Competence
from fremdrift.competences.vocabulary import FOLLOW_UP_KEYS, AssessorRole, Kind, Origin
from fremdrift.demo.placements import (
    PLACEMENT_MUNICIPALITIES,
    WORK,
    DemoPlacement,
    at,
    build_municipality_placements,
    company_of,
)
from fremdrift.instruments.models import Answer, InstrumentVersion, Response

HELD_SHARE = 0.85  # the rest of the agreed dates passed without a follow-up
NEXT_FOCUS = (
    "Øve dansk i pauserne og spørge, når noget er uklart.",
    "Arbejde lidt hurtigere, når der er travlt, uden at kvaliteten falder.",
    "Sige til, hvis en opgave er færdig, og selv finde den næste.",
    "Huske at melde fravær til mentor før kl. 7.",
    "Lære maskinen at kende, så hjælpen kan trappes ned.",
    "Tage flere opgaver på egen hånd.",
)
EDUCATION = (
    ("Grundskole, 9 år", 9),
    ("Gymnasium", 12),
    ("Uddannet automekaniker", 3),
    ("Et år på universitetet (økonomi)", 1),
    ("Sygeplejerskeuddannelse", 4),
)
JOBS_AT_HOME = (
    "Lagerarbejder", "Kok i restaurant", "Frisør", "Landmand", "Chauffør", "Syerske",
    "Tømrer", "Butiksassistent", "Mekaniker",
)  # fmt: skip


@dataclasses.dataclass
class Built:
    placements: int = 0
    follow_ups: int = 0
    competences: int = 0
    assessments: int = 0


def build_demo_placements(*, seed: int, today: dt.date, version: InstrumentVersion) -> Built:
    """Placements, agreements, follow-ups and competence cards in the three municipalities
    (those of them in the data set), from a random stream of their own."""
    rng = random.Random(f"placements-{seed}")
    built = Built()
    municipalities = Municipality.objects.filter(code__in=PLACEMENT_MUNICIPALITIES)
    for municipality in sorted(
        municipalities, key=lambda m: PLACEMENT_MUNICIPALITIES.index(m.code)
    ):
        placements = build_municipality_placements(rng, municipality, today)
        built.placements += len(placements)
        made = build_follow_ups_and_cards(rng, placements, version, today)
        built.follow_ups += made.follow_ups
        built.competences += made.competences
        built.assessments += made.assessments
    return built


def build_follow_ups_and_cards(
    rng: random.Random,
    placements: Sequence[DemoPlacement],
    version: InstrumentVersion,
    today: dt.date,
) -> Built:
    built = Built()
    seen: set[int] = set()
    for item in placements:
        held = _follow_ups(rng, item, version, today) if item.signed else []
        built.follow_ups += len(held)
        if item.period.citizen_id in seen:
            continue  # one card per citizen: their first placement here fills it
        seen.add(item.period.citizen_id)
        competences, assessments = _card(rng, item, held)
        built.competences += competences
        built.assessments += assessments
    return built


# (date, scores, contact person's name)
Held = tuple[dt.date, dict[str, int], str]


def _follow_ups(
    rng: random.Random, item: DemoPlacement, version: InstrumentVersion, today: dt.date
) -> list[Held]:
    days = [d for d in item.dates if d <= today]
    if not item.reach:
        days = [d for d in days if rng.random() < HELD_SHARE]
    level = item.level
    target = math.ceil(level.wage_point_score) if level and level.wage_point_score else 4
    # Each competence starts low and rises; a reach placement climbs to the level by its
    # latest follow-up, the others keep Danish at work (which comes last) under it.
    start = {
        key: rng.uniform(2.0, 3.0) if item.reach else rng.uniform(1.0, 2.6) for key in COMPETENCES
    }
    held: list[Held] = []
    last = len(days) - 1
    for index, day in enumerate(days):
        scores = {}
        for key in COMPETENCES:
            if item.reach:
                value = start[key] + (target + 0.4 - start[key]) * index / max(last, 1)
            else:
                value = start[key] + index * rng.uniform(0.5, 1.0)
            score = min(5, max(1, round(value)))
            if item.reach and index == last:
                score = max(score, target)
            elif not item.reach and key == "danish_at_work":
                score = min(score, target - 1)
            scores[key] = score
        held.append((day, scores, item.contact.name))
        _save_follow_up(rng, item, version, day, scores)
    return held


def _save_follow_up(
    rng: random.Random,
    item: DemoPlacement,
    version: InstrumentVersion,
    day: dt.date,
    scores: dict[str, int],
) -> None:
    placement = item.placement
    answered = at(day, 13)
    response = Response.objects.create(
        municipality_id=placement.municipality_id,
        version=version,
        instrument_id=version.instrument_id,
        citizen_id=item.period.citizen_id,
        placement=placement,
        respondent=CONTACT_PERSON,
        taken_on=day,
        language="da",
        recorded_by=item.consultant,
        completed_at=answered,
    )
    Answer.objects.bulk_create(
        Answer(municipality_id=placement.municipality_id, response=response, item=key, value=value)
        for key, value in scores.items()
    )
    follow_up = FollowUp.objects.create(
        municipality_id=placement.municipality_id,
        placement=placement,
        response=response,
        next_focus=rng.choice(NEXT_FOCUS),
        contact_person=item.contact,
        created_at=answered,
    )
    sent = answered - dt.timedelta(days=2)
    # A used link, as the link's service leaves it; its token was never shown to anyone.
    FollowUpLink.objects.create(
        municipality_id=placement.municipality_id,
        placement=placement,
        contact_person=item.contact,
        token_hash=hashlib.sha256(rng.randbytes(32)).hexdigest(),
        created_by=item.consultant,
        created_at=sent,
        expires_at=sent + dt.timedelta(days=link_days()),
        used_at=answered,
        follow_up=follow_up,
    )


def _card(rng: random.Random, item: DemoPlacement, held: list[Held]) -> tuple[int, int]:
    """The citizen's card: an entry of each kind, and the follow-ups' scores."""
    period, consultant = item.period, item.consultant
    citizen_name = period.citizen.full_name
    adviser = consultant.get_full_name()
    start = period.start
    trade = WORK.get(company_of(period).industry, (("Praktik",), ()))[0][0]
    home_job = rng.choice(JOBS_AT_HOME)
    education, years = rng.choice(EDUCATION)
    left_home = period.citizen.takeover_date.year - 1
    # (competence, its assessments as (level, role, name, date))
    entries: list[tuple[Competence, list[tuple[int | None, str, str, dt.date]]]] = []

    def entry(kind: str, title: str, assessed: list, **fields: object) -> None:
        entries.append((Competence(kind=kind, title=title, **fields), assessed))

    entry(Kind.PROFESSIONAL, f"{trade}: de daglige opgaver", [
        (2, AssessorRole.CITIZEN, citizen_name, start),
        (3, AssessorRole.CONSULTANT, adviser, start + dt.timedelta(days=7)),
    ])  # fmt: skip
    entry(Kind.EDUCATION, education, [(None, AssessorRole.CITIZEN, citizen_name, start)],
          origin=Origin.HOME, year_from=left_home - 6 - years, year_to=left_home - 6)  # fmt: skip
    entry(Kind.EXPERIENCE, home_job, [(None, AssessorRole.CITIZEN, citizen_name, start)],
          origin=Origin.HOME, year_from=left_home - 5, year_to=left_home)  # fmt: skip
    entry(Kind.EXPERIENCE, f"Praktik hos {company_of(period).name}",
          [(None, AssessorRole.CONSULTANT, adviser, start)], origin=Origin.DENMARK,
          year_from=start.year)  # fmt: skip
    for key in FOLLOW_UP_KEYS:
        assessed = [
            (scores[key], AssessorRole.EMPLOYER, name, day)
            for day, scores, name in held
            if key in scores
        ]
        if key == "danish_at_work":
            assessed.insert(0, (2, AssessorRole.CITIZEN, citizen_name, start))
        if assessed:
            entry(FOLLOW_UP_KEYS[key][0], _danish(key), assessed, key=key)
    return _save_card(item, entries)


def _danish(key: str) -> str:
    with translation.override("da"):
        return str(FOLLOW_UP_KEYS[key][1])


def _save_card(item: DemoPlacement, entries: list) -> tuple[int, int]:
    period = item.period
    competences = []
    for competence, assessed in entries:
        latest = max(assessed, key=lambda a: a[3])
        competence.municipality_id = period.municipality_id
        competence.citizen_id = period.citizen_id
        competence.level = latest[0]
        competence.assessed_on = latest[3]
        competence.created_by = item.consultant
        competence.created_at = at(assessed[0][3], 11)
        competences.append(competence)
    Competence.objects.bulk_create(competences)
    rows = [
        Assessment(
            municipality_id=period.municipality_id,
            competence=competence,
            level=level,
            assessor_role=role,
            assessor_name=name,
            assessed_on=day,
            source=(
                f"Opfølgning i praktik hos {company_of(period).name} {day:%d.%m.%Y}"
                if role == AssessorRole.EMPLOYER
                else "Kompetencekortet"
            ),
            # Scores sent through a link were entered by no one on the staff.
            recorded_by=None if role == AssessorRole.EMPLOYER else item.consultant,
            created_at=at(day, 14),
        )
        for competence, (_, assessed) in zip(competences, entries, strict=True)
        for level, role, name, day in assessed
    ]
    Assessment.objects.bulk_create(rows)
    return len(competences), len(rows)
