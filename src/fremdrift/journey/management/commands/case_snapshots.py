"""`fremdrift case_snapshots`: build, bring up to date or check the board's case snapshots."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fremdrift.accounts.models import Municipality
from fremdrift.journey.snapshot_services import inconsistencies, rebuild, refresh_expired

SHOWN = 20  # mismatches printed; the count says how many there are


class Command(BaseCommand):
    help = (
        "Byg tavlens og arbejdslisternes udledte borgerrækker (--rebuild), bring de udløbne "
        "up to date (--refresh, fx hver nat), eller kontrollér dem mod perioderne (--check)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--rebuild", action="store_true", help="Udled alle borgere igen")
        action.add_argument(
            "--refresh", action="store_true", help="Udled de rækker, der ikke gælder i dag"
        )
        action.add_argument(
            "--check", action="store_true", help="Sammenlign rækkerne med en frisk udledning"
        )
        parser.add_argument("--municipality", help="Kun denne kommune (kode, fx 461)")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality_id = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"Ingen kommune med koden {options['municipality']}.")
            municipality_id = municipality.pk
        started = time.perf_counter()
        if options["rebuild"]:
            count = rebuild(municipality_id=municipality_id)
            self.stdout.write(
                f"Udledt for {count} borgere på {time.perf_counter() - started:.1f} s."
            )
        elif options["refresh"]:
            count = refresh_expired(municipality_id=municipality_id)
            self.stdout.write(f"{count} udløbne rækker udledt igen.")
        else:
            self._check(municipality_id)

    def _check(self, municipality_id: int | None) -> None:
        found = inconsistencies(municipality_id=municipality_id, missing=False)
        for mismatch in found[:SHOWN]:
            self.stderr.write(str(mismatch))
        if found:
            raise CommandError(
                f"{len(found)} borgeres rækker afviger fra perioderne: kør --rebuild."
            )
        self.stdout.write(self.style.SUCCESS("Rækkerne stemmer med perioderne."))
