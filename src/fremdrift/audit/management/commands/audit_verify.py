from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fremdrift.audit.chain import verify_chain


class Command(BaseCommand):
    help = "Kontrollér revisionsloggens hashkæde: afslører poster, der er ændret eller slettet."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, breaks = verify_chain()
        if breaks:
            for problem in breaks[:50]:
                self.stderr.write(f"Post {problem.seq}: {problem.reason}")
            raise CommandError(
                f"Revisionsloggen er IKKE intakt: {len(breaks)} brud fundet i {checked} poster."
            )
        self.stdout.write(self.style.SUCCESS(f"Revisionsloggen er intakt: {checked} poster."))
