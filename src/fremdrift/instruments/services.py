"""Loading and publishing instrument versions: the command and the upload page use these."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.db import transaction

from fremdrift.accounts.models import Municipality, User
from fremdrift.core import clock
from fremdrift.instruments.models import Instrument, InstrumentVersion, VersionStatus
from fremdrift.instruments.validation import InvalidDefinition, Problem, load_definition

DEFINITIONS = Path(__file__).resolve().parent / "definitions"


def checksum_of(definition: dict) -> str:
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def instrument_version_load(
    *,
    text: str,
    source: str,
    municipality: Municipality | None = None,
    actor: User | None = None,
    publish: bool = False,
) -> tuple[InstrumentVersion, bool]:
    """Validate and store a definition; returns the version and whether it was new.

    Loading the same content again changes nothing. A version number that exists with other
    content is refused once published (answers may point to it); a draft is replaced.
    """
    definition = load_definition(text, source=source)
    checksum = checksum_of(definition)
    name = definition["name"]["da"]
    with transaction.atomic():
        instrument, _ = Instrument.objects.get_or_create(
            municipality=municipality, key=definition["key"], defaults={"name": name}
        )
        if instrument.name != name:
            instrument.name = name
            instrument.save(update_fields=["name"])
        existing = InstrumentVersion.objects.filter(
            instrument=instrument, version=definition["version"]
        ).first()
        if existing is not None and existing.checksum == checksum:
            if publish and existing.status != VersionStatus.PUBLISHED:
                instrument_version_publish(version=existing)
            return existing, False
        if existing is not None and existing.status == VersionStatus.PUBLISHED:
            raise InvalidDefinition(
                source,
                [
                    Problem(
                        "version",
                        f"version {definition['version']} er udgivet og kan ikke ændres; "
                        "giv den nye udgave et højere versionsnummer",
                    )
                ],
            )
        version = existing or InstrumentVersion(
            instrument=instrument, version=definition["version"]
        )
        version.definition = definition
        version.checksum = checksum
        version.source = source[:200]
        version.created_by = actor
        version.save()
        if publish:
            instrument_version_publish(version=version)
    return version, True


def instrument_version_publish(*, version: InstrumentVersion) -> InstrumentVersion:
    version.status = VersionStatus.PUBLISHED
    version.published_at = clock.now()
    version.save(update_fields=["status", "published_at"])
    return version


def load_builtin_instruments(*, publish: bool = True) -> list[InstrumentVersion]:
    """The product's own instruments from definitions/ (the demo and a fresh install use it)."""
    loaded = []
    for path in sorted(DEFINITIONS.glob("*.yaml")):
        version, _ = instrument_version_load(
            text=path.read_text(encoding="utf-8"), source=path.name, publish=publish
        )
        loaded.append(version)
    return loaded
