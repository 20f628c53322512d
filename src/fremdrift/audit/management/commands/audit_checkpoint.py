from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fremdrift.audit.checkpoints import directory, write_checkpoint


class Command(BaseCommand):
    help = (
        "Skriv et signeret kontrolpunkt for hver af revisionsloggens kæder (sidste post og "
        "hash) uden for databasen. Jobkøens worker gør det selv hver AUDIT_CHECKPOINT_MINUTES."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        written, refused = write_checkpoint()
        self.stdout.write(f"{len(written)} kontrolpunkter skrevet i {directory()}.")
        for problem in refused:
            self.stderr.write(f"{problem.where}: {problem.reason}")
        if refused:
            raise CommandError(
                f"{len(refused)} kæder er ændret siden deres sidste kontrolpunkt; kør "
                "`fremdrift audit_verify` og undersøg dem (docs/operations.md)."
            )
