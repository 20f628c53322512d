"""A synthetic national series (Hele landet) for the demo, loaded through the real import.

The demo's municipalities are measured against a national average, so the demo needs one.
The numbers are invented: a few tens of thousands of people, shares that move only slightly
over the three years, and counts that drift the way a national stock does. They are written
as the two Jobindsats tables a facilitator would export (M1 has its own population, so it
cannot share a table with M2 and M3) and read back by `import_statistics`, so the demo also
shows the import's history and source notes.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass

from fremdrift.core.months import month_code, month_index
from fremdrift.results.statistics.export import format_number, write_csv
from fremdrift.results.statistics.mapping import NATIONAL
from fremdrift.results.statistics.writer import ImportSummary, import_statistics

FIGURES = ("M1", "M2", "M3")
MONTHS = 36
NOTE = "Syntetisk landsserie lavet af demogeneratoren; ikke rigtige tal fra Jobindsats.dk."

# Percent: (lowest and highest share at the baseline, lowest and highest change in the year
# after it). The change is small: the project municipalities are what moves.
_LEVELS = {
    "M1": ((25.0, 29.0), (0.4, 1.6)),
    "M2": ((52.0, 58.0), (0.5, 2.5)),
    "M3": ((33.0, 38.0), (0.3, 1.5)),
}


@dataclass(frozen=True)
class NationalSeries:
    """(numerator, denominator) per figure and month, from month `first` on."""

    first: int
    counts: dict[str, list[tuple[int, int]]]

    @property
    def last(self) -> int:
        return self.first + len(self.counts["M2"]) - 1

    def share(self, figure: str, month: int) -> float:
        numerator, denominator = self.counts[figure][month - self.first]
        return 100.0 * numerator / denominator


def last_complete_month(today: dt.date) -> int:
    return month_index(today) - 1


def national_series(rng: random.Random, today: dt.date, months: int = MONTHS) -> NationalSeries:
    """The last `months` complete months; the shares move little, most of it in the last year."""
    last = last_complete_month(today)
    first = last - months + 1
    baseline = last - 12
    # The stock of people in the programme on integration benefit shrinks slowly, with noise;
    # M1's population (everyone within 36 months of programme start) is larger.
    stock = rng.uniform(16_000, 22_000)
    drift = rng.uniform(-0.006, 0.002)
    m1_factor = rng.uniform(1.45, 1.7)
    paths = {}
    for figure, ((low, high), (up_low, up_high)) in _LEVELS.items():
        base = rng.uniform(low, high)
        change = rng.uniform(up_low, up_high)
        # A quarter of the year's pace before the baseline: a flat line that starts to move.
        slope_before, slope_after = change / 48, change / 12
        noise = 0.0
        path = []
        for month in range(first, last + 1):
            noise = 0.6 * noise + rng.gauss(0, 0.2)
            if month <= baseline:
                trend = base - slope_before * (baseline - month)
            else:
                trend = base + slope_after * (month - baseline)
            path.append(trend + noise)
        paths[figure] = path
    counts: dict[str, list[tuple[int, int]]] = {figure: [] for figure in FIGURES}
    for index in range(months):
        stock *= 1 + drift + rng.gauss(0, 0.004)
        denominators = {
            "M1": round(stock * m1_factor * (1 + rng.gauss(0, 0.003))),
            "M2": round(stock),
            "M3": round(stock),
        }
        for figure in FIGURES:
            denominator = denominators[figure]
            counts[figure].append((round(paths[figure][index] / 100 * denominator), denominator))
    return NationalSeries(first=first, counts=counts)


def national_tables(
    series: NationalSeries, rng: random.Random, extracted_on: dt.date
) -> list[tuple[str, bytes]]:
    """The series as two Jobindsats-style CSV files: (file name, content)."""
    dated = f"Udtrukket {extracted_on:%d-%m-%Y}"
    m1_rows: list[dict[str, str]] = []
    m23_rows: list[dict[str, str]] = []
    for index in range(len(series.counts["M2"])):
        period = month_code(series.first + index)
        m1_numerator, m1_total = series.counts["M1"][index]
        # Most of those who made it are in work; the rest in ordinary education.
        working = round(m1_numerator * rng.uniform(0.76, 0.84))
        for status, count in (
            ("I alt", m1_total),
            ("Selvforsørgende", working),
            ("Ordinær uddannelse", m1_numerator - working),
            ("Offentlig forsørgelse", m1_total - m1_numerator),
        ):
            m1_rows.append(
                {
                    "Område": NATIONAL,
                    "Periode": period,
                    "Status": status,
                    "Antal personer": format_number(count),
                }
            )
        job_ready, total = series.counts["M2"][index]
        company, _same_total = series.counts["M3"][index]
        guidance = round((total - company) * rng.uniform(0.35, 0.45))
        for category, effort, count in (
            ("I alt", "I alt", total),
            ("Jobparat", "I alt", job_ready),
            ("Aktivitetsparat", "I alt", total - job_ready),
            ("I alt", "Virksomhedsrettet aktivering", company),
            ("I alt", "Vejledning og opkvalificering", guidance),
            ("I alt", "Ingen indsats", total - company - guidance),
        ):
            m23_rows.append(
                {
                    "Område": NATIONAL,
                    "Periode": period,
                    "Visitationskategori": category,
                    "Indsats": effort,
                    "Antal personer": format_number(count),
                }
            )
    synthetic = "Syntetiske demotal i Jobindsats' format (ikke rigtige tal)"
    return [
        (
            "demo-landstal-m1.csv",
            write_csv(
                m1_rows,
                ["Område", "Periode", "Status", "Antal personer"],
                preamble=[
                    synthetic,
                    "Integrationsprogrammet: ikke-vestlige 18-64 år, højst 36 måneder efter "
                    "programstart, efter status",
                    dated,
                ],
            ),
        ),
        (
            "demo-landstal-m2-m3.csv",
            write_csv(
                m23_rows,
                ["Område", "Periode", "Visitationskategori", "Indsats", "Antal personer"],
                preamble=[
                    synthetic,
                    "Integrationsprogrammet, modtagere af integrationsydelse, efter "
                    "visitationskategori og indsats",
                    dated,
                ],
            ),
        ),
    ]


def import_national_series(
    series: NationalSeries, rng: random.Random, today: dt.date
) -> list[ImportSummary]:
    """Load the series through the real import, extracted on the first day of this month."""
    extracted_on = today.replace(day=1)
    return [
        import_statistics(io.BytesIO(content), file_name=name, extracted_on=extracted_on, note=NOTE)
        for name, content in national_tables(series, rng, extracted_on)
    ]
