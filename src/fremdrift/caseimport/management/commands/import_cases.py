from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.roles import Role
from fremdrift.caseimport.importer import import_cases


class Command(BaseCommand):
    help = (
        "Importér borgere og perioder fra kommunens tidligere system (docs/import-formats.md). "
        "Alt eller intet: ved én fejl gemmes intet. Revisionslogposterne får kommunens første "
        "aktive administrator som bruger."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="kommunekode, fx 461")
        parser.add_argument("--citizens", required=True, type=Path, help="borgere.csv")
        parser.add_argument("--periods", type=Path, help="perioder.csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="kontrollér filerne uden at gemme noget"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"Ingen kommune med koden {options['municipality']}.")
        # A system import still needs a person in the audit log: the municipality's
        # longest-standing active administrator account stands for it.
        actor = (
            User.objects.filter(municipality=municipality, role=Role.ADMINISTRATOR, is_active=True)
            .order_by("date_joined", "id")
            .first()
        )
        if actor is None:
            raise CommandError(
                f"{municipality} har ingen aktiv administrator. Opret en med "
                "`fremdrift create_user --role administrator` først."
            )
        for name in ("citizens", "periods"):
            path = options[name]
            if path is not None and not path.is_file():
                raise CommandError(f"Filen {path} findes ikke.")
        with ExitStack() as files:
            citizens = files.enter_context(options["citizens"].open("rb"))
            periods = (
                files.enter_context(options["periods"].open("rb")) if options["periods"] else None
            )
            result = import_cases(
                actor=actor,
                citizens=citizens,
                periods=periods,
                dry_run=options["dry_run"],
                via="import_cases",
            )
        if not result.ok:
            for line in result.error_lines():
                self.stderr.write(line)
            raise CommandError(f"Filerne blev afvist: {result.error_count} fejl. Intet er gemt.")
        c, p = result.citizens, result.periods
        summary = (
            f"Borgere: {c.created} oprettet, {c.updated} ændret, {c.unchanged} uændret. "
            f"Perioder: {p.created} oprettet, {p.updated} ændret, {p.unchanged} uændret."
        )
        if result.dry_run:
            self.stdout.write(f"Kontrol uden fejl; intet er gemt. {summary}")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Importen er gennemført ({actor.username}). {summary}")
            )
