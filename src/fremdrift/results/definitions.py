"""Every key figure, defined once (architecture idea 3).

A definition says who is counted (population), who of them counts (numerator), when
(reference date or period), where the numbers come from (source) and in what unit. Pages,
reports, the PDF, the command and the API all show the definition from here, and
docs/figures.md lists the same texts (a test keeps them in step).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Unit:
    SHARE = "share"  # numerator / denominator, shown as a percentage
    COUNT = "count"  # numerator only
    DAYS = "days"  # a median in days; the denominator is how many it is the median of
    # A mean in hours per week: the numerator is the sum in tenths of an hour (whole numbers,
    # so a change's difference adds up exactly), the denominator how many it is the mean of.
    HOURS = "hours"


class Kind:
    STOCK = "stock"  # status on the reference date (the last day of the month)
    FLOW = "flow"  # events during the month
    COHORT = "cohort"  # the citizens taken over in the month, followed for a month


class Dim:
    TOTAL = ""
    TEAM = "team"
    AGE_GENDER = "age_gender"
    DURATION = "duration"


OWN_SOURCE = _(
    "Fremdrift: beregnet ud fra borgernes registrerede perioder (integrationsprogram, "
    "ydelse, visitation, tilbud og afgang) i kommunen."
)
STOCK_REFERENCE = _("Status på referencedatoen: den sidste dag i måneden.")
FLOW_REFERENCE = _("Hændelser i løbet af måneden (den 1. til den sidste dag).")

AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    # (label, first month of age, last month of age); ages in completed months.
    ("under 18", 0, 18 * 12 - 1),
    ("18-24", 18 * 12, 25 * 12 - 1),
    ("25-29", 25 * 12, 30 * 12 - 1),
    ("30-39", 30 * 12, 40 * 12 - 1),
    ("40-49", 40 * 12, 50 * 12 - 1),
    ("50-64", 50 * 12, 65 * 12 - 1),
    ("65+", 65 * 12, None),
)
DURATION_BANDS: tuple[tuple[str, int, int | None], ...] = (
    # (label, first completed month, last completed month) since the spell started.
    ("0-5", 0, 5),
    ("6-11", 6, 11),
    ("12-23", 12, 23),
    ("24-35", 24, 35),
    ("36+", 36, None),
)
DURATION_LABELS = {
    "0-5": _("Under 6 måneder"),
    "6-11": _("6-11 måneder"),
    "12-23": _("1-2 år"),
    "24-35": _("2-3 år"),
    "36+": _("3 år og mere"),
}
GENDER_LABELS = {"F": _("kvinder"), "M": _("mænd")}


@dataclass(frozen=True)
class Figure:
    code: str
    name: Promise
    population: Promise
    numerator: Promise
    unit: str
    kind: str = Kind.STOCK
    reference: Promise = STOCK_REFERENCE
    source: Promise = OWN_SOURCE
    breakdowns: tuple[str, ...] = ()
    objective: bool = False
    higher_is_better: bool = True
    # Whether a national average can be computed by adding up municipalities.
    additive: bool = True

    @property
    def is_share(self) -> bool:
        return self.unit == Unit.SHARE

    def shown_numerator(self, numerator: float | None) -> float | None:
        """The numerator as a reader counts it: hours, not the table's tenths of an hour."""
        if numerator is None or self.unit != Unit.HOURS:
            return numerator
        return numerator / 10

    def value(self, numerator: float | None, denominator: float | None) -> float | None:
        """The figure's value: a percentage for shares, else the numerator itself."""
        if numerator is None:
            return None
        if self.unit == Unit.SHARE:
            return None if not denominator else 100.0 * numerator / denominator
        if self.unit == Unit.HOURS:
            return None if not denominator else numerator / 10 / denominator
        return numerator


M1 = Figure(
    code="M1",
    name=_("Selvforsørgende eller i uddannelse inden for 36 måneder"),
    population=_(
        "Kommunens borgere fra et ikke-vestligt oprindelsesland, 18-64 år på referencedatoen, "
        "hvis integrationsprogram startede inden for de 36 måneder til og med "
        "referencedatoen. Borgere, der er flyttet fra kommunen på eller før referencedatoen, "
        "tælles ikke med. Programstart er den første programperiodes start."
    ),
    numerator=_(
        "De af dem, der på referencedatoen er selvforsørgende (en afgang til ordinært job og "
        "ingen ydelsesperiode) eller i ordinær uddannelse."
    ),
    unit=Unit.SHARE,
    breakdowns=(Dim.TEAM,),
    objective=True,
)
M2 = Figure(
    code="M2",
    name=_("Andel jobparate"),
    population=_(
        "Borgere, der på referencedatoen er i integrationsprogrammet og modtager "
        "integrationsydelse eller en ydelse, der afløser den (ydelsestyper markeret som "
        "integrationsydelse)."
    ),
    numerator=_("De af dem, der på referencedatoen er visiteret jobparate."),
    unit=Unit.SHARE,
    breakdowns=(Dim.TEAM,),
    objective=True,
)
M3 = Figure(
    code="M3",
    name=_("Andel i virksomhedsrettet tilbud"),
    population=M2.population,
    numerator=_(
        "De af dem, der på referencedatoen er i mindst ét tilbud, hvis tilbudstype tæller som "
        "virksomhedsrettet (praktik, løntilskud, IGU m.fl.). Overlappende tilbud tæller én gang."
    ),
    unit=Unit.SHARE,
    breakdowns=(Dim.TEAM,),
    objective=True,
)
IN_PROGRAMME = Figure(
    code="programme",
    name=_("Borgere i integrationsprogrammet"),
    population=_("Borgere i integrationsprogrammet på referencedatoen."),
    numerator=_("Antal, også fordelt på alder (fuldførte år) og køn."),
    unit=Unit.COUNT,
    breakdowns=(Dim.TEAM, Dim.AGE_GENDER),
)
JOB_READY = Figure(
    code="job_ready",
    name=_("Jobparate"),
    population=_("Borgere i integrationsprogrammet på referencedatoen."),
    numerator=_("Antal visiteret jobparate på referencedatoen."),
    unit=Unit.COUNT,
)
ACTIVITY_READY = Figure(
    code="activity_ready",
    name=_("Aktivitetsparate"),
    population=JOB_READY.population,
    numerator=_("Antal visiteret aktivitetsparate på referencedatoen."),
    unit=Unit.COUNT,
)
BENEFIT_SPELL = Figure(
    code="benefit_spell",
    name=_("På ydelse, efter varighed"),
    population=_(
        "Borgere i integrationsprogrammet, der modtager en ydelse på referencedatoen. Et "
        "forløb på ydelse er sammenhængende, så længe en ydelsesperiode følger dagen efter "
        "den forrige, også ved skift af ydelsestype."
    ),
    numerator=_("Antal fordelt på, hvor mange hele måneder det nuværende forløb har varet."),
    unit=Unit.COUNT,
    breakdowns=(Dim.DURATION,),
)
BENEFIT_MEDIAN = Figure(
    code="benefit_median",
    name=_("Varighed på ydelse, median"),
    population=BENEFIT_SPELL.population,
    numerator=_(
        "Medianen af antal dage fra forløbets start til referencedatoen (ved et lige antal "
        "gennemsnittet af de to midterste)."
    ),
    unit=Unit.DAYS,
    higher_is_better=False,
    additive=False,
)
COMPANY_NOW = Figure(
    code="company_now",
    name=_("I virksomhedsrettet tilbud"),
    population=_("Borgere i integrationsprogrammet på referencedatoen."),
    numerator=_(
        "Antal i mindst ét virksomhedsrettet tilbud på referencedatoen (overlappende tilbud "
        "tæller én gang)."
    ),
    unit=Unit.COUNT,
)
COMPANY_STARTED = Figure(
    code="company_started",
    name=_("Virksomhedsrettede tilbud startet"),
    population=_("Alle tilbud i kommunen af en tilbudstype, der tæller som virksomhedsrettet."),
    numerator=_("Antal tilbud med startdato i måneden."),
    unit=Unit.COUNT,
    kind=Kind.FLOW,
    reference=FLOW_REFERENCE,
)
INFLOW = Figure(
    code="inflow",
    name=_("Tilgang (overtagelser)"),
    population=_("Integrationsprogrammer i kommunen."),
    numerator=_("Antal programmer, der startede i måneden."),
    unit=Unit.COUNT,
    kind=Kind.FLOW,
    reference=FLOW_REFERENCE,
)
OUTFLOW_JOB = Figure(
    code="outflow_job",
    name=_("Afgang til job eller uddannelse"),
    population=_("Afgange registreret i kommunen."),
    numerator=_("Antal afgange til ordinært job eller ordinær uddannelse, der startede i måneden."),
    unit=Unit.COUNT,
    kind=Kind.FLOW,
    reference=FLOW_REFERENCE,
)
OUTFLOW_OTHER = Figure(
    code="outflow_other",
    name=_("Anden afgang"),
    population=OUTFLOW_JOB.population,
    numerator=_(
        "Antal andre afgange (gennemført IGU, flyttet, anden årsag), der startede i måneden."
    ),
    unit=Unit.COUNT,
    kind=Kind.FLOW,
    reference=FLOW_REFERENCE,
    higher_is_better=False,
)
FIRST_OFFER = Figure(
    code="first_offer",
    name=_("Første virksomhedsrettede tilbud inden for en måned"),
    population=_(
        "Borgere, hvis første integrationsprogram startede i måneden (overtagelsesårgangen)."
    ),
    numerator=_(
        "De af dem, hvis første virksomhedsrettede tilbud startede senest en måned efter "
        "programstart (samme dato måneden efter, eller månedens sidste dag, hvis den dato "
        "ikke findes)."
    ),
    unit=Unit.SHARE,
    kind=Kind.COHORT,
    reference=_("Programmer, der startede i måneden; tilbud frem til en måned derefter."),
)

# Placements and paid work (results.compute.flows): the offer categories that are paid work.
PAID_WORK_CATEGORIES = ("wage_subsidy", "igu")
PAID_WORK_MONTHS = 3
PLACEMENT_PAID = Figure(
    code="placement_paid",
    name=_("Praktikker, der førte til lønnet arbejde inden for tre måneder"),
    population=_(
        "Virksomhedsrettede tilbud af en tilbudstype, der foregår i en virksomhed, og som "
        "sluttede i måneden tre måneder før referencemåneden. Løntilskud og IGU er selv "
        "lønnet arbejde og tælles ikke som praktik her."
    ),
    numerator=_(
        "De af dem, hvor borgeren startede i løntilskud, IGU eller ordinært job (afgang til "
        "ordinært job) efter tilbuddets første dag og senest tre måneder efter dets sidste dag "
        "(samme dato tre måneder senere, eller den måneds sidste dag, hvis datoen ikke findes)."
    ),
    unit=Unit.SHARE,
    kind=Kind.COHORT,
    reference=_(
        "Tilbud, der sluttede i måneden tre måneder før; lønnet arbejde frem til tre måneder "
        "efter tilbuddets sidste dag. Tallet for en måned er derfor endeligt, når måneden er "
        "slut."
    ),
)
ACTIVATION_HOURS = Figure(
    code="activation_hours",
    name=_("Aktiveringstimer pr. uge, gennemsnit"),
    population=_(
        "Borgere i integrationsprogrammet på referencedatoen, hvis timer er kendt: hvert tilbud, "
        "der dækker datoen, har timer pr. uge registreret. En borger uden tilbud tæller med 0 "
        "timer. Borgere med et tilbud uden timer er ikke med; de tælles i 'Borgere med "
        "manglende aktiveringstimer'."
    ),
    numerator=_(
        "Gennemsnittet af borgernes timer pr. uge: timerne i alle tilbud, der dækker "
        "referencedatoen, lagt sammen (også overlappende tilbud), plus ordinære lønnede timer "
        "ved siden af, der dækker datoen."
    ),
    unit=Unit.HOURS,
)
ACTIVATION_MISSING = Figure(
    code="activation_missing",
    name=_("Borgere med manglende aktiveringstimer"),
    population=_("Borgere i integrationsprogrammet på referencedatoen."),
    numerator=_(
        "Antal med mindst ét tilbud, der dækker referencedatoen, uden registrerede timer pr. "
        "uge. De er ikke med i gennemsnittet af aktiveringstimer."
    ),
    unit=Unit.COUNT,
    higher_is_better=False,
)
# The work agreement and its follow-ups (results.placement_figures).
PLACEMENT_SOURCE = _(
    "Fremdrift: tilbudsperioderne i kommunen og praktikforløbenes arbejdsaftaler med "
    "underskrifter, aftalte opfølgningsdatoer og holdte opfølgninger."
)
PLACEMENT_AGREEMENT = Figure(
    code="placement_agreement",
    name=_("Andel praktikforløb med arbejdsaftale"),
    population=_(
        "Virksomhedsrettede tilbud af en tilbudstype, der foregår i en virksomhed (praktik, "
        "løntilskud, IGU, jobrotation m.fl.), og som er i gang på referencedatoen. Hvert "
        "forløb tæller for sig, også når en borger har flere."
    ),
    numerator=_(
        "De af dem, der har en underskrevet arbejdsaftale: en version, som arbejdsgiver, "
        "borger og jobkonsulent alle har skrevet under på, senest på referencedatoen (den dag "
        "den sidste skrev under). En kladde tæller ikke, for den er endnu ikke aftalt. En ny "
        "version, der stadig er kladde, ændrer ikke, at en tidligere version er underskrevet."
    ),
    unit=Unit.SHARE,
    source=PLACEMENT_SOURCE,
)
FOLLOW_UP_ON_TIME = Figure(
    code="follow_up_on_time",
    name=_("Andel praktikforløb fulgt op til tiden"),
    population=_(
        "Virksomhedsrettede tilbud af en tilbudstype, der foregår i en virksomhed (praktik, "
        "løntilskud, IGU, jobrotation m.fl.), med mindst én aftalt opfølgningsdato, hvis "
        "frist udløb i måneden. "
        "Fristen er 7 dage efter datoen. Datoerne er dem i den nyeste version af "
        "arbejdsaftalen (også en kladde, som på arbejdslisten). En dato efter forløbets "
        "sidste dag tæller ikke."
    ),
    numerator=_(
        "De af dem, hvor hver af disse datoer blev holdt til tiden: der blev holdt en "
        "opfølgning på forløbet (kontaktpersonens via link eller konsulentens) fra 7 dage før "
        "til 7 dage efter datoen. Opfølgningens dato er den dag, den blev holdt. Hver "
        "opfølgning tæller kun for én dato."
    ),
    unit=Unit.SHARE,
    kind=Kind.FLOW,
    reference=_(
        "Aftalte opfølgningsdatoer, hvis frist udløb i måneden (datoer fra 7 dage før "
        "månedens start til 7 dage før dens sidste dag). Alle fristerne er udløbet på "
        "referencedatoen, så en måneds tal er endeligt, når måneden er slut."
    ),
    source=PLACEMENT_SOURCE,
)
# The company figures the facilitator compares across municipalities besides the
# objectives.
COMPANY_FIGURES: tuple[Figure, ...] = (
    PLACEMENT_PAID,
    ACTIVATION_HOURS,
    ACTIVATION_MISSING,
    PLACEMENT_AGREEMENT,
    FOLLOW_UP_ON_TIME,
)

OBJECTIVES: tuple[Figure, ...] = (M1, M2, M3)
ZERO_POINT: tuple[Figure, ...] = (
    IN_PROGRAMME,
    BENEFIT_SPELL,
    BENEFIT_MEDIAN,
    JOB_READY,
    ACTIVITY_READY,
    COMPANY_NOW,
    COMPANY_STARTED,
    INFLOW,
    OUTFLOW_JOB,
    OUTFLOW_OTHER,
    FIRST_OFFER,
    *COMPANY_FIGURES,
)
FIGURES: dict[str, Figure] = {f.code: f for f in (*OBJECTIVES, *ZERO_POINT)}


def figure(code: str) -> Figure:
    """The figure with this code (case-insensitive for M1-M3); KeyError if there is none."""
    return FIGURES.get(code) or FIGURES[code.upper()]


def breakdown_label(dim: str, value: str, teams: dict[str, str] | None = None) -> str:
    if dim == Dim.TEAM:
        return (teams or {}).get(value) or (str(_("Uden team")) if value == "0" else value)
    if dim == Dim.DURATION:
        return str(DURATION_LABELS.get(value, value))
    if dim == Dim.AGE_GENDER:
        band, _sep, gender = value.partition(":")
        return f"{band} {_('år')}, {GENDER_LABELS.get(gender, gender)}"
    return value
