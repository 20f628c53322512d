"""Demo theories for Odense: a theory of change for the activity-ready (two versions) and a
programme theory for the job-ready, written through the real services so each has its
revision history. The texts are our own, meant to read like a team's workshop notes.

The history is spread over the weeks before `today`, as if the team had filled it in at a
few meetings: the services stamp each revision with the time it was written, and the demo
moves those stamps (and the documents' own) back afterwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from fremdrift.accounts.models import Municipality, User
from fremdrift.toolbox.models import (
    Horizon,
    Revision,
    Segment,
    TheoryItem,
    TheoryKind,
    TheoryOfChange,
    ToolboxDocument,
)
from fremdrift.toolbox.theory.services import (
    item_add,
    target_group_save,
    theory_create,
    theory_new_version,
    theory_set_shared,
)
from fremdrift.toolbox.theory.shape import dimension_names

ACTIVITY_READY_GROUP = {
    "purpose": (
        "Flere aktivitetsparate borgere skal tage de første skridt mod en arbejdsplads, så de "
        "på sigt kan forsørge sig selv og deres familie og få kolleger og et netværk."
    ),
    "can_wants": (
        "Har arbejdet i hjemlandet og vil gerne i gang, men mangler dansk og kendskab til, "
        "hvordan en dansk arbejdsplads fungerer."
    ),
    "can_not_wants": (
        "Kan godt løfte opgaver, men ser ikke arbejde som muligt lige nu, fx fordi der ikke "
        "er styr på pasning af børnene eller familien forventer noget andet."
    ),
    "cannot_wants": (
        "Ønsker et arbejde, men er holdt tilbage af helbred, følger af flugt eller meget kort "
        "skolegang."
    ),
    "cannot_not_wants": (
        "Har store helbredsmæssige eller sociale udfordringer og tror ikke selv på, at arbejde "
        "er realistisk. Kræver tæt kontakt og små skridt."
    ),
    "work_identity": (
        "Mange har arbejdet i landbrug, byggeri, rengøring eller i familiens butik. En del "
        "har aldrig haft et lønnet arbejde og ser sig ikke som arbejdskraft."
    ),
    "labour_market_experience": (
        "Ingen eller kort erfaring fra Danmark. Nogle har været i praktik, uden at det førte "
        "til mere."
    ),
    "education": (
        "Fra ingen skolegang til nogle års grundskole; få har en erhvervsuddannelse. De fleste "
        "er på de første moduler i danskuddannelsen."
    ),
    "job_search": (
        "Søger sjældent selv job og kender ikke uopfordrede ansøgninger. Møder som regel op "
        "til tilbud, men der er meget fravær på grund af sygdom."
    ),
    "family": (
        "Ofte forsørger for flere børn, og nogle er alene med dem. Bekymring for familie i "
        "hjemlandet fylder meget."
    ),
}

JOB_READY_GROUP = {
    "purpose": (
        "Jobparate borgere skal hurtigt i ordinært job eller IGU og blive der, så "
        "integrationsydelsen bliver en kort periode."
    ),
    "can_wants": (
        "Har erhvervserfaring og vil gerne arbejde; mangler kontakt til virksomhederne og et "
        "dansk CV."
    ),
    "can_not_wants": (
        "Kan arbejde, men holder fast i et fag fra hjemlandet, der ikke findes job i her, "
        "eller vil hellere på skole først."
    ),
    "cannot_wants": (
        "Motiveret, men sproget rækker endnu ikke til de job, de søger. Har brug for en "
        "arbejdsplads med plads til at lære."
    ),
    "cannot_not_wants": (
        "Få i denne gruppe; typisk borgere, der er visiteret jobparate for tidligt og bør "
        "revisiteres."
    ),
    "work_identity": "Stærk arbejdsidentitet, ofte som håndværkere, chauffører eller i handel.",
    "labour_market_experience": (
        "Flere års arbejde i hjemlandet; nogle har haft småjob eller praktik i Danmark."
    ),
    "education": (
        "Grundskole og for nogles vedkommende en faglig uddannelse, der ikke er anerkendt i "
        "Danmark."
    ),
    "job_search": "Søger aktivt, men mest via netværk og opslag på sociale medier.",
    "family": "Blandet: enlige unge mænd og familier, hvor begge voksne er i programmet.",
}

# (key, text, links to keys, figure, dimension): long first, as the team fills it in.
ChangeItems = Sequence[tuple[str, str, str, tuple[str, ...], str, str]]
CHANGE_ITEMS: ChangeItems = (
    ("L1", Horizon.LONG, "Flere aktivitetsparate borgere er i et virksomhedsrettet tilbud",
     (), "M3", ""),
    ("L2", Horizon.LONG, "Flere bliver selvforsørgende eller begynder på en ordinær "
     "uddannelse inden for tre år", (), "", ""),
    ("M1", Horizon.MEDIUM, "Borgeren søger selv praktik eller job med støtte fra "
     "virksomhedskonsulenten", ("L1", "L2"), "", "job_search"),
    ("M2", Horizon.MEDIUM, "Borgeren møder stabilt op i praktikken og holder egne aftaler",
     ("L1",), "", ""),
    ("M3", Horizon.MEDIUM, "Borgeren bruger dansk i hverdagen og på arbejdspladsen",
     ("L2",), "", ""),
    ("S1", Horizon.SHORT, "Borgeren ved, hvad en dansk arbejdsplads forventer, og kan se sig "
     "selv i et bestemt job", ("M1", "M2"), "", ""),
    ("S2", Horizon.SHORT, "Borgeren har en plan for pasning af børn og for helbredet, som gør "
     "det muligt at deltage", ("M2",), "", ""),
    ("S3", Horizon.SHORT, "Borgeren kender sine egne kompetencer og kan fortælle om dem",
     ("M1", "M3"), "", ""),
    ("A1", Horizon.ACTIVITY, "Kompetenceafklaring med kompetencekort i den første måned",
     ("S3",), "", ""),
    ("A2", Horizon.ACTIVITY, "Afklaringspraktik tæt på bopælen med en fast kontaktperson i "
     "virksomheden", ("S1", "S3"), "", ""),
    ("A3", Horizon.ACTIVITY, "Samtale hver sjette uge om næste skridt, med "
     "progressionsværktøjet som udgangspunkt", ("S1", "S2"), "", ""),
    ("A4", Horizon.ACTIVITY, "Sundhedsforløb og hjælp til at finde dagtilbud til børnene",
     ("S2",), "", ""),
)  # fmt: skip
CHANGE_V2_ITEM = (
    Horizon.ACTIVITY,
    "Danskundervisning med ord og situationer fra praktikstedet",
    ("S1", "S3"),
)

PROGRAMME_ITEMS: ChangeItems = (
    ("E1", Horizon.END_GOAL, "Jobparate borgere er i ordinært job eller IGU inden for det "
     "første år", (), "M1", ""),
    ("E2", Horizon.END_GOAL, "Borgere i job er stadig i arbejde et år efter", (), "", ""),
    ("D1", Horizon.SUB_GOAL, "Borgeren har et dansk CV og kan præsentere sig for en "
     "arbejdsgiver", ("E1",), "", ""),
    ("D2", Horizon.SUB_GOAL, "Borgeren har gennemført en praktik, der ender med et konkret "
     "jobtilbud", ("E1",), "M2", ""),
    ("D3", Horizon.SUB_GOAL, "Borgeren ved, hvad der skal til for at blive i et job: "
     "mødetider, sygemelding, samarbejde", ("E2",), "", ""),
    ("P1", Horizon.ACTIVITY, "Jobsamtaler med fokus på brancher, der mangler folk", ("D1",),
     "", ""),
    ("P2", Horizon.ACTIVITY, "Rekrutteringspraktik og løntilskud aftalt med virksomhederne",
     ("D2",), "", ""),
    ("P3", Horizon.ACTIVITY, "Mentor på arbejdspladsen de første måneder i job eller IGU",
     ("D3", "E2"), "", ""),
    ("P4", Horizon.ACTIVITY, "Værksted for CV og jobsøgning en gang om ugen", ("D1",), "", ""),
    ("K1", Horizon.MECHANISM, "Vi handler samme uge, når borgeren viser motivation for et "
     "bestemt job", ("P1", "P2"), "", ""),
    ("K2", Horizon.MECHANISM, "Faste aftaler med virksomhederne og afstemte forventninger "
     "før praktikken starter", ("P2", "P3"), "", ""),
    ("K3", Horizon.MECHANISM, "Borger, sagsbehandler og konsulent arbejder ud fra én fælles "
     "plan med små delmål", ("P1", "P4"), "", ""),
    ("K4", Horizon.MECHANISM, "Virksomhedskonsulenten kender branchen og har tid til at "
     "følge op", ("P2", "P3"), "", ""),
)  # fmt: skip


def _fill(
    author: User, theory: TheoryOfChange, items: ChangeItems, dimensions: dict[str, str]
) -> dict[str, TheoryItem]:
    made: dict[str, TheoryItem] = {}
    for key, horizon, text, links, figure, dimension in items:
        if dimension and dimension not in dimensions:
            dimension = ""  # a municipality whose instrument lacks the dimension
        made[key] = item_add(
            actor=author,
            theory=theory,
            horizon=horizon,
            text=text,
            leads_to=[made[k].pk for k in links],
            figure=figure,
            dimension=dimension,
        )
    return made


def backdate(document: ToolboxDocument, start: dt.datetime, step: dt.timedelta) -> None:
    """Spread the document's revisions from `start`, `step` apart (a few per meeting)."""
    revisions = Revision.objects.filter(
        document_type=document._meta.label_lower, document_id=document.pk
    ).order_by("number")
    when = start
    for index, revision in enumerate(revisions):
        Revision.objects.filter(pk=revision.pk).update(changed_at=when)
        # Items are added in bursts at a meeting; the next meeting is a week later.
        when += step if index % 5 != 4 else dt.timedelta(days=7)
    type(document).objects.filter(pk=document.pk).update(created_at=start, updated_at=when)


def build_demo_theories(
    *, municipality: Municipality, author: User, today: dt.date
) -> list[TheoryOfChange]:
    """Odense's demo theories: the theory of change for the activity-ready in versions 1 and
    2 (version 2 adds a language activity), and the programme theory for the job-ready,
    shared with the facilitator. `author` must be a manager in `municipality`.
    Returns them as [theory of change v1, theory of change v2, programme theory].

    Call it after the built-in instruments are loaded, so the progression dimension the
    demo binds exists (without it that one binding is left out)."""
    if author.municipality_id != municipality.pk:
        raise ValueError("the demo theories' author must work in the municipality")
    dimensions = dimension_names(municipality)
    with transaction.atomic():
        change = theory_create(
            actor=author,
            kind=TheoryKind.CHANGE,
            title="Forandringsteori: aktivitetsparate borgere",
            target_group="Aktivitetsparate borgere i integrationsprogrammet",
            segment=Segment.ACTIVITY_READY,
        )
        _group(author, change, ACTIVITY_READY_GROUP)
        made = _fill(author, change, CHANGE_ITEMS, dimensions)
        second = theory_new_version(actor=author, theory=change)
        copies = {i.text: i for i in second.items.all()}
        horizon, text, links = CHANGE_V2_ITEM
        item_add(
            actor=author,
            theory=second,
            horizon=horizon,
            text=text,
            leads_to=[copies[made[k].text].pk for k in links],
        )
        programme = theory_create(
            actor=author,
            kind=TheoryKind.PROGRAMME,
            title="Programteori: jobparate borgere",
            target_group="Jobparate borgere i integrationsprogrammet",
            segment=Segment.JOB_READY,
        )
        _group(author, programme, JOB_READY_GROUP)
        _fill(author, programme, PROGRAMME_ITEMS, dimensions)
        theory_set_shared(actor=author, theory=programme, shared=True)
    start = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=70), dt.time(9)))
    backdate(change, start, dt.timedelta(minutes=6))
    backdate(second, start + dt.timedelta(days=45), dt.timedelta(minutes=4))
    backdate(programme, start + dt.timedelta(days=20), dt.timedelta(minutes=5))
    return [change, second, programme]


def _group(author: User, theory: TheoryOfChange, group: dict[str, str]) -> None:
    data = {
        "title": theory.title,
        "target_group": theory.target_group,
        "segment": theory.segment,
        **group,
    }
    target_group_save(actor=author, theory=theory, data=data, expected_version=theory.edit_version)
