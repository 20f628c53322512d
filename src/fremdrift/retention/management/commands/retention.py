"""`fremdrift retention`: erase what the municipalities' retention rules say is due.

`--dry-run` lists what would go: counts per municipality and the citizens' internal ids,
never a name. `--municipality CODE --years N` sets a municipality's rule (audited)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fremdrift.accounts.models import Municipality
from fremdrift.retention.selectors import years_for
from fremdrift.retention.services import retention_rule_set, retention_run


class Command(BaseCommand):
    help = "Anonymisér borgere, hvis sag sluttede for længere siden, end kommunens regel tillader."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis, hvad der ville blive slettet"
        )
        parser.add_argument("--municipality", help="Kommunekode, med --years")
        parser.add_argument("--years", type=int, help="Sæt kommunens regel (år)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["years"] is not None or options["municipality"]:
            self._set_rule(options["municipality"], options["years"])
            return
        result = retention_run(dry_run=options["dry_run"])
        names = dict(Municipality.objects.values_list("pk", "name"))
        codes = dict(Municipality.objects.values_list("pk", "code"))
        for mu, ids in result.due.items():
            where = f"{names[mu]} ({codes[mu]}), regel {years_for(mu)} år"
            if result.dry_run:
                listed = ", ".join(str(pk) for pk in ids)
                self.stdout.write(f"{where}: {len(ids)} borgere ville blive anonymiseret: {listed}")
            else:
                self.stdout.write(f"{where}: {result.erased.get(mu, 0)} borgere anonymiseret")
        verb = "ville blive anonymiseret" if result.dry_run else "anonymiseret"
        total = result.total if result.dry_run else sum(result.erased.values())
        self.stdout.write(f"I alt {total} borgere {verb}.")

    def _set_rule(self, code: str | None, years: int | None) -> None:
        if not code or years is None:
            raise CommandError("--municipality og --years hører sammen.")
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            raise CommandError(f"Ingen kommune med koden {code}.")
        try:
            retention_rule_set(actor=None, municipality=municipality, years=years)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"{municipality.name}: personoplysninger slettes {years} år efter sagens afslutning."
        )
