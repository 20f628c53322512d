from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.roles import Role


class Command(BaseCommand):
    help = (
        "Opret en bruger, fx kommunens første administrator. Adgangskoden spørges om, "
        "eller læses fra FREMDRIFT_PASSWORD."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--municipality", help="kommunekode, fx 461 (ikke for facilitator)")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"Ingen kommune med koden {options['municipality']}.")
        user = User(
            username=options["username"],
            role=options["role"],
            municipality=municipality,
            first_name=options["first_name"],
            last_name=options["last_name"],
        )
        password = os.environ.get("FREMDRIFT_PASSWORD") or getpass.getpass("Adgangskode: ")
        try:
            user.full_clean(exclude=["password"])
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        user.set_password(password)
        user.save()
        self.stdout.write(self.style.SUCCESS(f"Brugeren {user.username} er oprettet."))
