"""`fremdrift figures`: read a figure from the table (or rebuild the table), as JSON or CSV."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fremdrift.results.api import FigureQueryError, figure_rows, parse_query, rows_as_csv
from fremdrift.results.frozen import REASON_MAX, rebuild_finished_months
from fremdrift.results.refresh import bring_up_to_date, rebuild


class Command(BaseCommand):
    help = "Vis et nøgletal for en kommune og en periode (JSON eller CSV), eller genberegn alt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", help="Kommunekode, fx 461")
        parser.add_argument("--figure", help="Nøgletal, fx M1, M2, M3 eller programme")
        parser.add_argument("--from", dest="first", help="Første måned, fx 2018-01")
        parser.add_argument("--to", dest="last", help="Sidste måned, fx 2018-12")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Genberegn tabellen fra perioderne (afsluttede måneder står fast)",
        )
        parser.add_argument(
            "--rewrite-finished-months",
            action="store_true",
            help="Med --rebuild: genberegn også afsluttede måneder (skrives i revisionsloggen)",
        )
        parser.add_argument("--reason", default="", help="Hvorfor afsluttede måneder genberegnes")

    def handle(self, *args: object, **options: object) -> None:
        if options["rewrite_finished_months"] and not options["rebuild"]:
            raise CommandError("--rewrite-finished-months hører sammen med --rebuild.")
        if options["rebuild"]:
            started = time.perf_counter()
            rows = self._rebuild(options)
            self.stdout.write(
                f"Nøgletal genberegnet: {rows} rækker på {time.perf_counter() - started:.1f} s."
            )
            if not options["figure"]:
                return
        bring_up_to_date()
        params = {
            "figure": options["figure"] or "",
            "municipality": options["municipality"] or "",
            "from": options["first"] or "",
            "to": options["last"] or "",
        }
        try:
            query = parse_query(params, user=None)
        except FigureQueryError as exc:
            raise CommandError("\n".join(exc.errors.values())) from exc
        result = figure_rows(query)
        if options["format"] == "csv":
            self.stdout.write(rows_as_csv(result), ending="")
        else:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _rebuild(self, options: dict[str, object]) -> int:
        if not options["rewrite_finished_months"]:
            return rebuild()
        try:
            return rebuild_finished_months(reason=str(options["reason"]))
        except ValueError as exc:
            raise CommandError(
                f"Skriv med --reason, hvorfor afsluttede måneder genberegnes "
                f"(højst {REASON_MAX} tegn)."
            ) from exc
