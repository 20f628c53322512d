"""Phrases for the demo's journal entries: short, plain Danish, invented, about no one.

Each section has phrases for the first half year ("early") and for later ("late"); the demo
picks one or two and fills the {placeholders} from the lists below.
"""

from __future__ import annotations

WORKPLACES = (
    "et supermarked",
    "et plejecenter",
    "en tømrervirksomhed",
    "et rengøringsfirma",
    "en kantine",
    "et lager",
    "en børnehave",
    "et hotel",
    "et gartneri",
    "et cykelværksted",
    "et vaskeri",
    "en bager",
    "et autoværksted",
    "et pizzeria",
    "en genbrugsplads",
)
TRADES = (
    "rengøring",
    "lager og logistik",
    "køkken",
    "pleje",
    "byggeri",
    "detailhandel",
    "gartneri",
    "transport",
    "hotel",
    "pædagogisk arbejde",
)
OFFERS = (
    "virksomhedspraktik",
    "løntilskud",
    "en IGU-stilling",
    "et branchekursus",
    "en sprogpraktik",
    "et kursus i arbejdsmiljø",
)
COURSES = (
    "truckcertifikat",
    "hygiejnebevis",
    "førstehjælp",
    "kørekort",
    "et kursus i rengøringsteknik",
    "AMU-kursus i lager",
)
EXTRAS = ("mentor", "virksomhedskonsulent", "sprogskolens vejleder", "sundhedskonsulent")

PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "status": {
        "early": (
            "Borgeren er ved at falde på plads i boligen.",
            "Børnene er startet i skole og dagtilbud, og det fylder meget i hverdagen.",
            "Borgeren er startet på danskuddannelsen og møder stabilt op.",
            "Borgeren har været syg en uge, men er tilbage på sprogskolen.",
            "Praktiske ting med bank, læge og digital post er nu på plads.",
            "Borgeren har haft travlt med papirer til familiesammenføring.",
            "Borgeren fortæller, at det er svært at sove, men at det går bedre.",
        ),
        "late": (
            "Praktikken i {workplace} er gået godt siden sidst.",
            "Borgeren har haft fravær på sprogskolen på grund af sygdom i familien.",
            "Borgeren har bestået en modultest på danskuddannelsen.",
            "Hverdagen fungerer, og borgeren møder stabilt op.",
            "Borgeren er flyttet til en større bolig, og transporten er blevet længere.",
            "Borgeren har søgt {count} job siden sidst og været til én samtale.",
            "Borgeren har haft en hård periode, men har holdt fast i aftalerne.",
        ),
    },
    "progression": {
        "early": (
            "Borgeren forstår mere dansk og svarer selv på enkle spørgsmål.",
            "Borgeren har selv booket tid hos lægen.",
            "Borgeren kender nu vejen til jobcentret og sprogskolen.",
            "Borgeren har udfyldt sit CV sammen med os.",
            "Borgeren er mere sikker på, hvad der forventes i integrationsprogrammet.",
        ),
        "late": (
            "Arbejdsgiveren fremhæver, at borgeren er stabil og hjælpsom.",
            "Borgeren taler mere dansk på arbejdspladsen end før.",
            "Borgeren klarer nu selv opgaverne uden instruktion.",
            "Borgeren har fået mere tro på at kunne få et job inden for {trade}.",
            "Borgeren bruger selv Jobnet og holder sit CV opdateret.",
            "Fremmødet er steget fra tre til fem dage om ugen.",
            "Borgeren tager mere ansvar for at melde fravær.",
        ),
    },
    "plan": {
        "early": (
            "Målet er job inden for {trade}. Første delmål er en praktik.",
            "Borgeren vil gerne arbejde med {trade}. Vi starter med at afklare kompetencer.",
            "Delmål: mødestabilitet på sprogskolen og et færdigt CV.",
            "Målet er ordinært job inden for et år. Næste delmål er en virksomhedspraktik.",
        ),
        "late": (
            "Målet er stadig job inden for {trade}. Næste delmål er {hours} timer om ugen.",
            "Delmålet om praktik er nået. Nyt delmål er løntimer i samme virksomhed.",
            "Borgeren overvejer uddannelse. Delmål: afklare optagelseskrav.",
            "Næste delmål er {course}, som åbner flere job inden for {trade}.",
            "Planen er uændret: job inden for {trade} med løntimer som næste skridt.",
        ),
    },
    "offers": {
        "early": (
            "Danskuddannelse, modul {module}, {school_hours} timer om ugen.",
            "Intro-forløb i jobcentret og danskuddannelse.",
            "Aftalt {offer} i {workplace} fra næste måned.",
            "Borgeren er meldt til et kort forløb om arbejdsmarkedet i Danmark.",
        ),
        "late": (
            "{offer} i {workplace}, {hours} timer om ugen, forlænget {weeks} uger.",
            "Danskuddannelse ved siden af praktikken, modul {module}.",
            "Borgeren er startet på {course}.",
            "{offer} i {workplace} er afsluttet. Ny praktik undersøges.",
            "IGU-forløb i {workplace} med skoleuger.",
        ),
    },
    "agreements": {
        "early": (
            "Borgeren tager papirer om tidligere arbejde med næste gang.",
            "Vi aftalte, at borgeren selv ringer, hvis der er fravær.",
            "Jobcentret sender henvisning til praktik. Borgeren møder til opstart.",
            "Borgeren skriver tre af sine styrker ned til næste gang.",
        ),
        "late": (
            "Virksomhedskonsulenten følger op i virksomheden om {weeks} uger.",
            "Borgeren søger mindst to job om ugen og viser dem næste gang.",
            "Vi taler med arbejdsgiveren om løntimer, før praktikken slutter.",
            "Borgeren melder sig til {course}. Jobcentret betaler.",
            "Borgeren holder CV'et opdateret på Jobnet.",
        ),
    },
    "next_steps": {
        "early": (
            "Næste samtale om cirka seks uger.",
            "Opfølgning, når praktikken er startet.",
            "Næste samtale med tolk om cirka en måned.",
        ),
        "late": (
            "Næste samtale om cirka tre måneder, eller før hvis praktikken stopper.",
            "Trepartssamtale med arbejdsgiveren om {weeks} uger.",
            "Næste samtale, når kurset er slut.",
            "Opfølgning på løntimer ved næste samtale.",
        ),
    },
}

CORRECTION_REASONS = (
    "Forkert dato for praktikstart",
    "Forkert antal timer om ugen",
    "Tilbuddet var skrevet forkert",
    "Rettet efter samtale med borgeren",
)
