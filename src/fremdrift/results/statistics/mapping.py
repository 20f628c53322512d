"""Jobindsats' columns and categories, and how they make the figures M1-M3."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    pass


MAX_ERRORS = 50
MAX_FILE_SIZE = 20 * 1024 * 1024
NATIONAL = "Hele landet"
SUPPRESSED_MARKERS = ("-", "..")

NUMERATOR = "numerator"
DENOMINATOR = "denominator"
TOTAL = "I alt"


def normalise(text: str) -> str:
    """Labels and categories compare without case and surrounding or repeated spaces."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class FigureMapping:
    """Which values of one Jobindsats column make a figure's numerator and denominator.

    `numerator` is a list of groups: the numerator is the sum of one row per group, and the
    names within a group are spellings of the same category. `other` are the column's
    remaining Jobindsats categories: rows with them are skipped, anything else is an error.
    """

    figure: str
    column: str
    numerator: tuple[tuple[str, ...], ...]
    denominator: tuple[str, ...]
    other: tuple[str, ...]

    def part(self, value: str) -> tuple[str, int] | None:
        """(numerator or denominator, group) for a normalised value; None when unused."""
        if value in ("", normalise(TOTAL)):
            return (DENOMINATOR, 0)
        for group, names in enumerate(self.numerator):
            if value in {normalise(name) for name in names}:
                return (NUMERATOR, group)
        return None

    def allowed(self) -> list[str]:
        return [*(n for group in self.numerator for n in group), *self.denominator, *self.other]


FIGURE_MAPPINGS: tuple[FigureMapping, ...] = (
    FigureMapping(
        figure="M1",
        column="Status",
        numerator=(("Selvforsørgende",), ("Ordinær uddannelse",)),
        denominator=(TOTAL,),
        other=(
            "Offentlig forsørgelse",
            "Offentligt forsørget",
            "På offentlig forsørgelse",
            "Øvrige",
            "Uoplyst",
        ),
    ),
    FigureMapping(
        figure="M2",
        column="Visitationskategori",
        numerator=(("Jobparat", "Jobparate"),),
        denominator=(TOTAL,),
        other=("Aktivitetsparat", "Aktivitetsparate", "Ikke visiteret", "Uoplyst", "Øvrige"),
    ),
    FigureMapping(
        figure="M3",
        column="Indsats",
        numerator=(("Virksomhedsrettet aktivering", "Virksomhedsrettet indsats"),),
        denominator=(TOTAL,),
        other=(
            # The kinds of company-oriented offer are not added up: a table that has them
            # also has their total, which would then count twice.
            "Løntilskud",
            "Virksomhedspraktik",
            "Integrationsgrunduddannelse (IGU)",
            "IGU",
            "Nytteindsats",
            "Vejledning og opkvalificering",
            "Ordinær uddannelse",
            "Øvrig indsats",
            "Øvrige",
            "Ingen indsats",
            "Ikke i aktivering",
            "Uoplyst",
        ),
    ),
)
MAPPING_BY_COLUMN = {normalise(m.column): m for m in FIGURE_MAPPINGS}

BENEFIT_COLUMN = "Ydelse"
# M2 and M3 count people in the programme on integration benefit or a benefit that replaces
# it; these are summed when a table shows benefits one by one.
BENEFITS_OURS = ("Integrationsydelse", "Selvforsørgelses- og hjemrejseydelse", "Overgangsydelse")
BENEFITS_OTHER = (
    "A-dagpenge",
    "Arbejdsmarkedsydelse",
    "Barselsdagpenge",
    "Efterløn",
    "Fleksjob",
    "Førtidspension",
    "Introduktionsydelse",
    "Jobafklaringsforløb",
    "Kontanthjælp",
    "Ledighedsydelse",
    "Ressourceforløb",
    "Revalidering",
    "Forrevalidering",
    "Seniorpension",
    "Sygedagpenge",
    "Særlig uddannelsesydelse",
    "Tidlig pension",
    "Uddannelseshjælp",
)
# Breakdowns the product does not store: only their "I alt" rows are used.
PLAIN_BREAKDOWNS = ("Køn", "Herkomst", "Alder")
AREA_COLUMN = "Område"
PERIOD_COLUMN = "Periode"
COUNT_COLUMNS = ("Antal personer", "Antal fuldtidspersoner")
SHARE_COLUMNS = ("Andel (pct.)", "Andel (%)", "Andel")
BREAKDOWN_COLUMNS = (BENEFIT_COLUMN, *(m.column for m in FIGURE_MAPPINGS), *PLAIN_BREAKDOWNS)
KNOWN_COLUMNS = (AREA_COLUMN, PERIOD_COLUMN, *COUNT_COLUMNS, *SHARE_COLUMNS, *BREAKDOWN_COLUMNS)

SKIP_REASONS: dict[str, Promise] = {
    "suppressed": gettext_lazy("Tallet er diskretioneret eller mangler ('-' eller '..')"),
    "breakdown": gettext_lazy(
        "Opdelt på køn, herkomst, alder eller en anden kategori (kun totaler gemmes)"
    ),
    "other_category": gettext_lazy("En kategori, der ikke indgår i M1, M2 eller M3"),
    "share_total": gettext_lazy("Andelen for 'I alt' (nævneren er altid 100)"),
    "other_benefit": gettext_lazy("En anden ydelse end integrationsydelse og dens afløsere"),
}


KNOWN_VALUE_LABELS = (*COUNT_COLUMNS, SHARE_COLUMNS[0])
