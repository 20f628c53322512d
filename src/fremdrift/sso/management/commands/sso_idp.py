from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.roles import Role
from fremdrift.sso.forms import parse_role_mapping
from fremdrift.sso.services import identity_provider_save


class Command(BaseCommand):
    help = (
        "Sæt en kommunes login (SAML-identitetsudbyder) op eller ret det: det samme som "
        "driftsadministratorens side, fx fra en installationsscript."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality", help="kommunekode, fx 461")
        parser.add_argument("--operator", required=True, help="driftsadministratorens brugernavn")
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--metadata-file", type=Path)
        source.add_argument("--metadata-url", help="hentes nu og gemmes")
        parser.add_argument("--cvr", help="kommunens CVR-nummer")
        parser.add_argument("--host", action="append", default=None, help="vært (kan gentages)")
        parser.add_argument("--name-attribute")
        parser.add_argument("--email-attribute")
        parser.add_argument("--municipality-attribute")
        parser.add_argument("--role-attribute")
        parser.add_argument(
            "--role",
            action="append",
            default=None,
            help="'værdi = rolle', fx 'Fremdrift-Leder = leder' (kan gentages, i rækkefølge)",
        )
        parser.add_argument("--inactive", action="store_true", help="slå kommunens login fra")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"Ingen kommune med koden {options['municipality']}.")
        operator = User.objects.filter(
            username=options["operator"], role=Role.OPERATOR, is_active=True
        ).first()
        if operator is None:
            raise CommandError(f"Ingen aktiv driftsadministrator {options['operator']}.")
        try:
            provider = identity_provider_save(
                actor=operator,
                municipality=municipality,
                data=self._data(options),
                metadata_xml=(
                    options["metadata_file"].read_text(encoding="utf-8")
                    if options["metadata_file"]
                    else None
                ),
                fetch=bool(options["metadata_url"]),
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except OSError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"{municipality}s login er gemt: {provider.entity_id}.")
        )

    def _data(self, options: dict[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        names = {
            "cvr": "municipality_cvr",
            "metadata_url": "metadata_url",
            "name_attribute": "name_attribute",
            "email_attribute": "email_attribute",
            "municipality_attribute": "municipality_attribute",
            "role_attribute": "role_attribute",
        }
        for option, field in names.items():
            if options[option]:
                data[field] = options[option]
        if options["host"] is not None:
            data["hosts"] = "\n".join(options["host"])
        if options["role"] is not None:
            data["role_mapping"] = parse_role_mapping("\n".join(options["role"]))
        if options["inactive"]:
            data["is_active"] = False
        return data
