from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fremdrift.results.statistics.errors import StatisticsImportError
from fremdrift.results.statistics.writer import import_statistics


class Command(BaseCommand):
    help = (
        "Indlæs en tabel fra Jobindsats (CSV eller XLSX) i tabellen med tal; "
        "se docs/statistics-import.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV- eller XLSX-fil eksporteret fra Jobindsats")
        parser.add_argument(
            "--extracted", help="udtrækningsdato (ÅÅÅÅ-MM-DD); uden: linjen 'Udtrukket' i filen"
        )
        parser.add_argument("--note", default="", help="bemærkning til indlæsningen")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        extracted_on = None
        if options["extracted"]:
            try:
                extracted_on = dt.date.fromisoformat(options["extracted"])
            except ValueError as error:
                raise CommandError(
                    f"Datoen '{options['extracted']}' kan ikke læses; skriv fx 2024-03-15."
                ) from error
        try:
            with path.open("rb") as data:
                summary = import_statistics(
                    data, file_name=path.name, extracted_on=extracted_on, note=options["note"]
                )
        except OSError as error:
            raise CommandError(f"Filen {path} kan ikke åbnes: {error.strerror}.") from error
        except StatisticsImportError as error:
            for problem in error.errors:
                self.stderr.write(problem)
            raise CommandError(f"{path.name} blev afvist. Intet er gemt.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name} er indlæst (udtrukket {summary.batch.extracted_on:%d-%m-%Y}): "
                f"{summary.values} tal gemt, {summary.rows_used} rækker brugt, "
                f"{summary.rows_skipped} sprunget over."
            )
        )
        for reason, count in summary.reasons():
            self.stdout.write(f"  {reason}: {count}")
        if summary.values_suppressed:
            self.stdout.write(
                f"  Tal ikke gemt, fordi tæller eller nævner er diskretioneret: "
                f"{summary.values_suppressed}"
            )
