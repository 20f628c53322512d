"""The citizens file: rows parsed, checked a batch at a time and written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fremdrift.audit.models import Action
from fremdrift.caseimport.context import Context, batches
from fremdrift.caseimport.formats import (
    CATEGORIES,
    CITIZEN_COLUMNS,
    CITIZEN_FIELDS,
    CITIZEN_FILE,
    IN_CHUNK,
    LANGUAGES,
    MAX_ID,
    NO,
    YES,
    masked_cpr,
    show,
)
from fremdrift.caseimport.reading import Row, records
from fremdrift.citizens.cpr import Cpr, parse_cpr
from fremdrift.citizens.cpr_storage import cpr_digest, cpr_encrypt
from fremdrift.citizens.models import Citizen
from fremdrift.citizens.selectors_moving import first_move
from fremdrift.citizens.services import comparable_value, takeover_errors
from fremdrift.core import clock


@dataclass
class CitizenRow:
    row: int
    external_id: str
    cpr_raw: str
    cpr: Cpr | None
    values: dict[str, Any]
    ok: bool


def import_citizens(ctx: Context, stream: IO[Any]) -> None:
    rows = (
        _parse_citizen(ctx, row_no, cells)
        for row_no, cells in records(ctx.errors, CITIZEN_FILE, stream, CITIZEN_COLUMNS)
    )
    for batch in batches(rows):
        _citizen_batch(ctx, batch)


def _parse_citizen(ctx: Context, row_no: int, cells: dict[str, str]) -> CitizenRow:
    row = Row(ctx.errors, CITIZEN_FILE, row_no, cells)
    external_id = row.text("borger_id", required=True, max_length=MAX_ID)
    cpr: Cpr | None = None
    if not cells["cpr"]:
        row.fail("cpr", _("Skal udfyldes."))
    else:
        try:
            cpr = parse_cpr(cells["cpr"])
        except ValidationError as error:
            row.fail(
                "cpr",
                _("CPR-nummeret %(cpr)s kan ikke bruges: %(reason)s")
                % {"cpr": masked_cpr(cells["cpr"]), "reason": " ".join(error.messages)},
            )
    values: dict[str, Any] = {
        "first_name": row.text("fornavn", required=True),
        "last_name": row.text("efternavn", required=True),
    }
    country = cells["oprindelsesland"].upper()
    if country not in ctx.country_codes:
        row.fail(
            "oprindelsesland",
            _(
                "'%(value)s' er ikke en landekode. Brug ISO 3166-koden med to bogstaver, "
                "fx SY, eller XS (statsløs) eller XX (ukendt)."
            )
            % {"value": show(cells["oprindelsesland"])},
        )
    values["country_of_origin"] = country
    values["category"] = row.choice("kategori", CATEGORIES)
    takeover = row.date("overtagelsesdato", required=True)
    for problem in takeover_errors(takeover, cpr.birth_date if cpr else None) if takeover else ():
        row.fail("overtagelsesdato", problem)
    values["takeover_date"] = takeover
    values["preferred_language"] = row.choice("foretrukket_sprog", LANGUAGES, default="da")
    interpreter = cells["tolk"].lower()
    if interpreter not in YES | NO:
        row.fail("tolk", _("'%(value)s' skal være ja eller nej.") % {"value": show(cells["tolk"])})
    values["interpreter_needed"] = interpreter in YES
    return CitizenRow(row_no, external_id, cells["cpr"], cpr, values, row.ok)


def _unscoped_cpr_owners(
    digests: list[str], municipality_id: int
) -> dict[str, tuple[int, int, str]]:
    """digest -> (id, municipality id, external id) of the row that makes the number taken
    for this municipality: its own row, or another municipality's whose case no recorded
    move ended (citizens.selectors_moving: a person who moved here has a row in each municipality).

    Deliberately across municipalities. Only whether the owner is in the actor's
    municipality ever reaches the user.
    """
    owners: dict[str, tuple[int, int, str]] = {}
    for start in range(0, len(digests), IN_CHUNK):
        rows = (
            Citizen.objects.filter(cpr_digest__in=digests[start : start + IN_CHUNK])
            .annotate(moved_on=first_move())
            .order_by("pk")
        )
        for pk, owner_mu, external_id, digest, moved in rows.values_list(
            "id", "municipality_id", "external_id", "cpr_digest", "moved_on"
        ):
            if owner_mu == municipality_id:
                owners[digest] = (pk, owner_mu, external_id)  # their own row comes first
            elif moved is None:
                owners.setdefault(digest, (pk, owner_mu, external_id))
    return owners


def _citizen_batch(ctx: Context, batch: list[CitizenRow]) -> None:
    mu = ctx.municipality
    digests = {r.row: cpr_digest(r.cpr.digits) for r in batch if r.cpr is not None}
    usable = _unrepeated(ctx, batch, digests)
    if not usable:
        return
    existing = {
        c.external_id: c
        for c in Citizen.objects.select_for_update().filter(
            municipality=mu, external_id__in=[r.external_id for r in usable]
        )
    }
    owners = _unscoped_cpr_owners([digests[r.row] for r in usable], mu.pk)
    adoptable = {
        pk for pk, owner_mu, owner_ext in owners.values() if owner_mu == mu.pk and not owner_ext
    }
    adopted = {c.pk: c for c in Citizen.objects.select_for_update().filter(pk__in=adoptable)}
    created: list[Citizen] = []
    updated: list[tuple[Citizen, list[str]]] = []
    for r in usable:
        digest = digests[r.row]
        found, current = _saved_citizen(ctx, r, digest, existing.get(r.external_id), owners)
        if not found:
            continue
        if current is None and digest in owners:
            # Registered by hand before the import: the import takes the citizen over.
            current = adopted[owners[digest][0]]
        if current is None:
            assert r.cpr is not None
            created.append(
                Citizen(
                    municipality=mu,
                    external_id=r.external_id,
                    cpr_digest=digest,
                    cpr_encrypted=cpr_encrypt(r.cpr.digits),
                    birth_date=r.cpr.birth_date,
                    gender=r.cpr.gender,
                    **r.values,
                )
            )
            continue
        changed = _update(current, r)
        if changed:
            updated.append((current, changed))
        else:
            ctx.result.citizens.unchanged += 1
    _write_citizens(ctx, created, updated)


def _unrepeated(ctx: Context, batch: list[CitizenRow], digests: dict[int, str]) -> list[CitizenRow]:
    """The batch's valid rows whose borger_id and CPR number no earlier row had."""
    id_repeats = ctx.scratch.record(
        "borger", [(r.external_id, r.row) for r in batch if r.external_id]
    )
    cpr_repeats = ctx.scratch.record("cpr", [(d, row) for row, d in digests.items()])
    usable = []
    for r in batch:
        if r.row in id_repeats:
            ctx.errors.add_at(
                CITIZEN_FILE,
                _("borger_id '%(id)s' står også i række %(first)s.")
                % {"id": show(r.external_id), "first": id_repeats[r.row]},
                r.row,
                "borger_id",
            )
        elif r.row in cpr_repeats:
            ctx.errors.add_at(
                CITIZEN_FILE,
                _("CPR-nummeret %(cpr)s står også i række %(first)s.")
                % {"cpr": masked_cpr(r.cpr_raw), "first": cpr_repeats[r.row]},
                r.row,
                "cpr",
            )
        elif r.ok:
            usable.append(r)
    return usable


def _saved_citizen(
    ctx: Context,
    r: CitizenRow,
    digest: str,
    current: Citizen | None,
    owners: dict[str, tuple[int, int, str]],
) -> tuple[bool, Citizen | None]:
    """(False, None) after adding the row's error when its borger_id or CPR number belongs
    to someone else; else (True, the citizen the row updates, or None: new or adopted)."""
    if current is not None and current.cpr_digest != digest:
        ctx.errors.add_at(
            CITIZEN_FILE,
            _(
                "borger_id '%(id)s' er allerede importeret med et andet CPR-nummer. "
                "Et CPR-nummer kan ikke ændres ved import."
            )
            % {"id": show(r.external_id)},
            r.row,
            "cpr",
        )
        return False, None
    owner = owners.get(digest)
    if current is not None or owner is None:
        return True, current
    owner_pk, owner_mu, owner_ext = owner
    if owner_mu != ctx.municipality.pk:
        ctx.foreign_matches.append((owner_pk, owner_mu, r.row))
        # Says nothing about where: the other municipality's data is not ours to show.
        ctx.errors.add_at(
            CITIZEN_FILE,
            _("CPR-nummeret %(cpr)s findes allerede i systemet.") % {"cpr": masked_cpr(r.cpr_raw)},
            r.row,
            "cpr",
        )
        return False, None
    if owner_ext:
        ctx.errors.add_at(
            CITIZEN_FILE,
            _("CPR-nummeret %(cpr)s hører allerede til borger_id '%(other)s'.")
            % {"cpr": masked_cpr(r.cpr_raw), "other": show(owner_ext)},
            r.row,
            "cpr",
        )
        return False, None
    return True, None


def _update(current: Citizen, r: CitizenRow) -> list[str]:
    """Set the row's values on the saved citizen; the names of those that changed."""
    changed = [
        name
        for name in CITIZEN_FIELDS
        if comparable_value(getattr(current, name)) != r.values[name]
    ]
    if current.external_id != r.external_id:
        changed.append("external_id")
    if changed:
        for name in CITIZEN_FIELDS:
            setattr(current, name, r.values[name])
        current.external_id = r.external_id
    return changed


def _write_citizens(
    ctx: Context, created: list[Citizen], updated: list[tuple[Citizen, list[str]]]
) -> None:
    Citizen.objects.bulk_create(created)
    now = clock.now()
    for citizen, _changed in updated:
        citizen.version += 1
        citizen.updated_at = now
    Citizen.objects.bulk_update(
        [citizen for citizen, _changed in updated],
        [*CITIZEN_FIELDS, "external_id", "version", "updated_at"],
    )
    fields = ["cpr", *CITIZEN_FIELDS, "external_id"]
    ctx.scratch.queue_audit(
        [
            (citizen.pk, Action.CREATE, "Import af sagsdata: borger oprettet", {"fields": fields})
            for citizen in created
        ]
        + [
            (citizen.pk, Action.UPDATE, "Import af sagsdata: borger ændret", {"fields": changed})
            for citizen, changed in updated
        ]
    )
    ctx.result.citizens.created += len(created)
    ctx.result.citizens.updated += len(updated)
