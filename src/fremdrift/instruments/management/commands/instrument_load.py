from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fremdrift.accounts.models import Municipality
from fremdrift.instruments.services import instrument_version_load, load_builtin_instruments
from fremdrift.instruments.validation import InvalidDefinition


class Command(BaseCommand):
    help = "Indlæs et spørgeskema (YAML eller JSON), kontrolleret mod skemaet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", help="filer; uden filer: produktets egne")
        parser.add_argument("--municipality", help="kommunekode; uden: til alle kommuner")
        parser.add_argument("--publish", action="store_true", help="udgiv versionen med det samme")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"Ingen kommune med koden {options['municipality']}.")
        try:
            if not options["paths"]:
                versions = load_builtin_instruments(publish=True)
                for version in versions:
                    self.stdout.write(f"{version}: indlæst og udgivet")
                return
            for raw in options["paths"]:
                path = Path(raw)
                version, new = instrument_version_load(
                    text=path.read_text(encoding="utf-8"),
                    source=path.name,
                    municipality=municipality,
                    publish=options["publish"],
                )
                state = "indlæst" if new else "uændret"
                self.stdout.write(
                    f"{path.name}: {version} {state} ({version.get_status_display()})"
                )
        except InvalidDefinition as error:
            raise CommandError(f"Spørgeskemaet blev afvist:\n{error}") from error
