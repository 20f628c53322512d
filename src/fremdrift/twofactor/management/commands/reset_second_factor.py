"""`fremdrift reset_second_factor <username>`: for the accounts no municipality's
administrator can reset (the facilitator, the operator, the administrators themselves)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fremdrift.accounts.models import User
from fremdrift.twofactor.services import reset_second_factor_by_command


class Command(BaseCommand):
    help = "Nulstil en brugers totrinsbekræftelse; brugeren opsætter den igen ved næste login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Ingen bruger med brugernavnet {options['username']!r}.")
        reset_second_factor_by_command(user=user)
        self.stdout.write(
            f"Totrinsbekræftelsen for {user.username} er nulstillet. "
            "Brugeren opsætter den igen ved næste login."
        )
