"""What works in employment-oriented integration: the focus points the team reflects on.

Toolbox step 0 starts from the project's knowledge synthesis. The focus points below are its
main lessons, written in our own words with a short explanation, and each has reflection
questions for the team (which of this do we already do, what does it take to get more of
it, where do we start). The team's dated notes to a question are ReflectionNote rows, keyed
by the focus point's and the question's keys here: keys must never change once used.

KL's ten decisive elements are here too, with the self-evaluation statements that ask about
each of them (the instrument's items cannot carry the element themselves).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Question:
    key: str
    text: str | Promise


@dataclass(frozen=True)
class FocusPoint:
    key: str
    title: str | Promise
    explanation: str | Promise
    questions: tuple[Question, ...]

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)


FOCUS_POINTS: tuple[FocusPoint, ...] = (
    FocusPoint(
        key="early_company",
        title=_("Tidligt ud på en arbejdsplads"),
        explanation=_(
            "Borgere, der hurtigt kommer i praktik, løntilskud eller job på en rigtig "
            "arbejdsplads, kommer oftere og hurtigere i varigt arbejde end dem, der først skal "
            "igennem lange forløb i kursusregi. Arbejdspladsen er både målet og det sted, hvor "
            "borgeren lærer mest."
        ),
        questions=(
            Question(
                "now",
                _("Hvor mange uger går der i dag, før en ny borger er ude på en arbejdsplads?"),
            ),
            Question(
                "more",
                _("Hvad holder borgerne tilbage i forberedende forløb, og hvad kan vi fjerne?"),
            ),
            Question("start", _("Hvilken gruppe borgere kan vi allerede nu sende tidligere ud?")),
        ),
    ),
    FocusPoint(
        key="language_work",
        title=_("Dansk ved siden af arbejdet"),
        explanation=_(
            "Sproget læres bedst, når det bruges. Danskundervisning, der kan passes ind ved "
            "siden af praktik eller job, og sprog, der trænes på arbejdspladsen, virker bedre "
            "end at vente med arbejdet, til sproget er på plads."
        ),
        questions=(
            Question(
                "now",
                _("Kan vores borgere i dag gå til dansk og være i praktik samme uge?"),
            ),
            Question(
                "more",
                _("Hvad skal sprogskolen og vi aftale, for at undervisningen passer med arbejdet?"),
            ),
            Question(
                "start",
                _("Hvordan kan virksomhederne hjælpe med at træne dansk i det daglige arbejde?"),
            ),
        ),
    ),
    FocusPoint(
        key="job_focus",
        title=_("Tydeligt jobfokus fra første dag"),
        explanation=_(
            "Når både borger og medarbejder fra første samtale taler om job som målet, bliver "
            "forventningerne klare, og resten af forløbet peger samme vej. Det gælder også "
            "borgere, der har andre udfordringer end ledighed."
        ),
        questions=(
            Question("now", _("Handler vores første samtale med borgeren om job? Hvordan?")),
            Question(
                "more",
                _(
                    "Hvad skal der til, for at alle i teamet forventer, at borgerne kan komme "
                    "i job?"
                ),
            ),
            Question(
                "start", _("Hvilke ord og redskaber kan gøre jobmålet tydeligt for borgeren?")
            ),
        ),
    ),
    FocusPoint(
        key="competences",
        title=_("Byg på det, borgeren kan"),
        explanation=_(
            "En grundig afklaring af borgerens erfaring, uddannelse og ønsker gør det muligt at "
            "finde det rette match. Indsatsen virker bedst, når borgeren er med til at sætte "
            "målene og kan se sig selv i dem."
        ),
        questions=(
            Question(
                "now",
                _("Hvordan finder vi i dag ud af, hvad borgeren kan og har arbejdet med før?"),
            ),
            Question("more", _("Hvor kommer borgerens egne ønsker til udtryk i planen?")),
            Question(
                "start",
                _("Hvilke kompetencer overser vi, fordi de ikke står på papir?"),
            ),
        ),
    ),
    FocusPoint(
        key="follow_up",
        title=_("Tæt opfølgning og en fast kontakt"),
        explanation=_(
            "Hyppige samtaler og en fast person, borgeren og virksomheden kan gå til, holder "
            "forløbet i gang og fanger problemer, før en praktik går i stå. Opfølgningen skal "
            "have et mål: hvad er næste skridt mod løn?"
        ),
        questions=(
            Question(
                "now",
                _("Hvem ringer virksomheden til, hvis noget går galt i en praktik hos os?"),
            ),
            Question(
                "more",
                _("Hvor ofte følger vi op, og bruger vi opfølgningen til at aftale næste skridt?"),
            ),
            Question(
                "start",
                _("Hvilke borgere har brug for en mentor eller tættere kontakt end i dag?"),
            ),
        ),
    ),
    FocusPoint(
        key="companies",
        title=_("Virksomhederne som samarbejdspartnere"),
        explanation=_(
            "Virksomheder, der kender jobcentret og får det, de er lovet, tager gerne imod "
            "flere. En klar strategi for, hvilke brancher og virksomheder vi samarbejder med, "
            "og faste aftaler om forventninger gør det lettere at skabe ordinære job."
        ),
        questions=(
            Question(
                "now",
                _("Hvilke virksomheder samarbejder vi godt med i dag, og hvorfor?"),
            ),
            Question(
                "more",
                _("Hvordan får vi flere praktikker til at ende i løntimer eller ansættelse?"),
            ),
            Question(
                "start",
                _("Hvilke brancher mangler folk, og hvem hos os tager kontakten?"),
            ),
        ),
    ),
    FocusPoint(
        key="parallel",
        title=_("Helbred og hverdag sideløbende med arbejdet"),
        explanation=_(
            "Mange borgere har helbredsproblemer, traumer eller et familieliv, der skal passes. "
            "Indsatser for det skal køre samtidig med den jobrettede indsats, ikke i stedet "
            "for den, så borgeren ikke står stille, mens det andet bliver løst."
        ),
        questions=(
            Question(
                "now",
                _(
                    "Hvilke borgere venter i dag på at blive klar, før de kommer ud på en "
                    "arbejdsplads?"
                ),
            ),
            Question(
                "more",
                _("Hvordan kan sundhedsindsatser og job planlægges i samme forløb?"),
            ),
            Question(
                "start",
                _("Hvem skal vi samarbejde tættere med om borgere med helbredsudfordringer?"),
            ),
        ),
    ),
    FocusPoint(
        key="further_away",
        title=_("Også dem, der er længst fra arbejdsmarkedet"),
        explanation=_(
            "Familiesammenførte og mange kvinder har ofte mindre erfaring fra arbejdsmarkedet. "
            "De har brug for en indsats, der er tænkt til dem, med små skridt og tydelige "
            "delmål, men med samme forventning om, at vejen fører til job."
        ),
        questions=(
            Question(
                "now",
                _("Hvordan ser resultaterne ud for kvinderne og de familiesammenførte hos os?"),
            ),
            Question(
                "more",
                _("Hvilke delmål giver mening for borgere uden erhvervserfaring?"),
            ),
            Question(
                "start",
                _("Hvilke virksomheder kunne være et godt første skridt for denne gruppe?"),
            ),
        ),
    ),
    FocusPoint(
        key="anchoring",
        title=_("Ledelse, resultater og forankring"),
        explanation=_(
            "Indsatsen holder, når ledelsen følger resultaterne, taler om dem med teamet og "
            "bruger dem til at justere. Nye arbejdsgange skal forankres i den daglige drift, så "
            "de ikke forsvinder med et projekt eller en medarbejder."
        ),
        questions=(
            Question(
                "now",
                _("Hvilke tal ser vi på sammen, og hvor ofte?"),
            ),
            Question(
                "more",
                _("Hvad skal der til, for at det nye bliver en fast del af hverdagen?"),
            ),
            Question(
                "start",
                _("Hvad er det første, vi vil følge op på, og hvem har ansvaret?"),
            ),
        ),
    ),
)

_BY_KEY = {point.key: point for point in FOCUS_POINTS}


def focus_point(key: str) -> FocusPoint | None:
    return _BY_KEY.get(key)


def question_of(focus_key: str, question_key: str) -> Question | None:
    point = focus_point(focus_key)
    return point.question(question_key) if point else None


# KL's ten decisive elements of an effective effort (numbered as KL numbers them).
KL_ELEMENTS: dict[int, str | Promise] = {
    1: _("En fælles grundværdi"),
    2: _("Politisk ejerskab og prioritering"),
    3: _("Resultatorientering"),
    4: _("Hurtig og kvalificeret visitation"),
    5: _("Borgeren i centrum"),
    6: _("Innovation og mod til at tage chancer"),
    7: _("Tværfagligt blik og én fælles plan"),
    8: _("Relevante kompetencer"),
    9: _("Fysiske rammer, der inviterer til dialog"),
    10: _("En klar strategi for samarbejdet med virksomheder"),
}

# The self-evaluation statements (fremdrift-selvevaluering.yaml) that ask about each element.
KL_ELEMENT_OF_ITEM: dict[str, int] = {
    "org_value": 1,
    "lead_political": 2,
    "lead_results": 3,
    "tools_visitation": 4,
    "emp_citizen_centre": 5,
    "org_innovation": 6,
    "org_one_plan": 7,
    "emp_competences": 8,
    "emp_sparring": 8,
    "org_settings": 9,
    "partners_strategy": 10,
}
