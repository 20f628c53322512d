from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fremdrift.accounts.models import User
from fremdrift.citizens.models import Citizen
from fremdrift.demo.generator import DEMO_PASSWORD, build_demo

# The logins printed on screen; every project municipality has the same pattern.
SHOWN_LOGINS = [
    "odense-sagsbehandler",
    "odense-virksomhedskonsulent",
    "odense-leder",
    "odense-administrator",
    "holbaek-sagsbehandler",
    "holbaek-leder",
    "facilitator",
    "admin",
]


class Command(BaseCommand):
    help = "Opret syntetiske demodata (kun i demotilstand)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2016)
        parser.add_argument(
            "--size",
            choices=["project", "country"],
            default="project",
            help="project: de 17 projektkommuner; country: alle 98 kommuner, ca. 100.000 borgere",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Gør intet, hvis der allerede er borgere."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demodata kan kun oprettes med DEMO_MODE=true.")
        if Citizen.objects.exists():
            if not options["if_empty"]:
                raise CommandError(
                    "Databasen har allerede borgere; demodata kræver en tom database."
                )
            self.stdout.write("Databasen har allerede data; demodata oprettes ikke igen.")
        else:
            summary = build_demo(seed=options["seed"], country=options["size"] == "country")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demodata oprettet: {summary.municipalities} kommuner, {summary.users} "
                    f"brugere, {summary.citizens} borgere (alle opdigtede)."
                )
            )
        self._print_logins()

    def _print_logins(self) -> None:
        users = User.objects.filter(is_demo_account=True, username__in=SHOWN_LOGINS)
        by_name = {user.username: user for user in users.select_related("municipality")}
        if not by_name:
            return
        self.stdout.write(f"\nDemo-logins (adgangskode for alle: {DEMO_PASSWORD}):")
        for username in SHOWN_LOGINS:
            user = by_name.get(username)
            if user is not None:
                place = user.municipality.name if user.municipality else "alle kommuner"
                self.stdout.write(f"  {username:<30} {user.get_role_display():<22} {place}")
        self.stdout.write("  Samme mønster i alle 17 projektkommuner, fx randers-leder.\n")
