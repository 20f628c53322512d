"""The generic citizen journey: where every new method description starts (toolbox step 1B).

The participating municipalities' common model, as domain.md condenses it: the core of the
effort (the non-negotiable principles) and three phases at citizen level, each with its
time, the citizen's course, the internal and external roles and the tools. Written in our
own words. It is the document's first content, not interface text: the team rewrites it
for its own target group, so it stays Danish like the rest of the municipality's document.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GenericPhase:
    number: int
    name: str
    timespan: str
    citizen_level: str
    internal_roles: str
    external_roles: str
    tools: str


# One principle a line: the method description stores them so (MethodDescription.core_principles).
CORE_PRINCIPLES: tuple[str, ...] = (
    "Borgeren ved, hvad indsatsen går ud på, og hvad vi forventer af hinanden.",
    "Borgeren er med til at bestemme mål og næste skridt.",
    "Job og uddannelse er målet fra første samtale.",
    "Vi bygger på borgerens ressourcer og følger, hvad der flytter sig.",
)

PHASES: tuple[GenericPhase, ...] = (
    GenericPhase(
        number=1,
        name="I. Modtagelse og opstart",
        timespan="0-1 måned",
        citizen_level=(
            "Borgeren tages imod, og det praktiske kommer på plads.\n"
            "Første samtaler med sagsbehandler og virksomhedskonsulent.\n"
            "Kompetencerne afdækkes.\n"
            "Første tilbud og start på danskuddannelse.\n"
            "Introforløb om arbejdsmarkedet."
        ),
        internal_roles=(
            "Sagsbehandler: integrationskontrakt, de første samtaler og CV.\n"
            "Virksomhedskonsulent: finder den første praktik."
        ),
        external_roles=(
            "Anden aktør efter aftale.\n"
            "Bolig- og familieindsatsen.\n"
            "Sprogskolen.\n"
            "Frivillige, fx mentorer og foreninger."
        ),
        tools=(
            "Overleveringsskema\n"
            "Integrationskontrakt\n"
            "Samtaleguides\n"
            "Visualiseringer af forløbet\n"
            "CV\n"
            "Progressionsværktøjet\n"
            "Undervisningsmateriale"
        ),
    ),
    GenericPhase(
        number=2,
        name="II. Samtaler og indsatser",
        timespan="2-12 måneder",
        citizen_level=(
            "En sammenhængende virksomhedsrettet indsats: forberedende forløb, "
            "afklarings-, sprog-, branche-, opkvalificerings- og rekrutteringspraktik, "
            "løntilskud.\n"
            "Samtaler og opfølgning undervejs.\n"
            "Sideløbende indsatser og kurser.\n"
            "Revisitation til jobparat, når borgeren er klar."
        ),
        internal_roles=(
            "Sagsbehandler: myndighedssamtaler, tilbud om hjælp til andre udfordringer, CV.\n"
            "Virksomhedskonsulent: afstemmer forventninger, følger progressionen, besøger "
            "praktikvirksomhederne."
        ),
        external_roles=(
            "Opfølgning med anden aktør og sprogskolen.\nPraktik- og løntilskudsvirksomhederne."
        ),
        tools=(
            "Til medarbejdere: procesbeskrivelser og samtaleguides.\n"
            "Til borgeren: integrationskontrakt, progressionsværktøjet, visualisering af "
            "forløbet, kompetencekort.\n"
            "Til eksterne: information om tilbud og ordninger."
        ),
    ),
    GenericPhase(
        number=3,
        name="III. Afslutning og opfølgning",
        timespan="Efter 12 måneder",
        citizen_level=(
            "Generel vejledning, fx om økonomi.\n"
            "Job, IGU, uddannelse eller støtte til ægtefællen.\n"
            "Er borgeren ikke selvforsørgende, gentages fase II."
        ),
        internal_roles=(
            "Sagsbehandler: vurderer behovet, efterværn, afsluttende samtale og "
            "revisitation.\n"
            "Opfølgende samtaler med borger og virksomhed."
        ),
        external_roles="Virksomheden, hvor borgeren er ansat, eller uddannelsesstedet.",
        tools=(
            "Lovpligtig samtale om integrationskontrakten\n"
            "Afsluttende progressionsmåling\n"
            "Opdateret CV"
        ),
    ),
)
