"""The periods file: rows parsed, grouped by citizen, checked a batch at a time and written."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import IO, Any

from django.db import connection
from django.utils.translation import gettext as _

from fremdrift.audit.models import Action
from fremdrift.caseimport import formats
from fremdrift.caseimport.context import Context
from fremdrift.caseimport.formats import (
    FIXED_CODES,
    KINDS,
    MAX_ID,
    PERIOD_COLUMNS,
    PERIOD_FIELDS,
    PERIOD_FILE,
    show,
)
from fremdrift.caseimport.period_checks import Fresh, PeriodRow, check_group
from fremdrift.caseimport.reading import Row, records
from fremdrift.citizens.models import Citizen
from fremdrift.companies.models import Company
from fremdrift.core import clock
from fremdrift.journey.models import Period
from fremdrift.journey.types import PeriodKind

_CVR = re.compile(r"^\d{8}$")


def import_periods(ctx: Context, stream: IO[Any]) -> None:
    rows = (
        _parse_period(ctx, row_no, cells)
        for row_no, cells in records(ctx.errors, PERIOD_FILE, stream, PERIOD_COLUMNS)
    )
    batch: list[list[PeriodRow]] = []
    batch_rows = 0
    group: list[PeriodRow] = []
    for row in rows:
        if not row.citizen_id:
            continue  # its borger_id is missing or too long, which is reported
        if group and row.citizen_id == group[0].citizen_id:
            group.append(row)
            continue
        # A citizen's periods are checked together, so a batch ends between citizens only.
        if group:
            batch.append(group)
            batch_rows += len(group)
        if batch_rows >= formats.BATCH_SIZE:
            _period_batch(ctx, batch)
            batch, batch_rows = [], 0
        group = [row]
    if group:
        batch.append(group)
    if batch:
        _period_batch(ctx, batch)


def _parse_period(ctx: Context, row_no: int, cells: dict[str, str]) -> PeriodRow:
    row = Row(ctx.errors, PERIOD_FILE, row_no, cells)
    external_id = row.text("periode_id", required=True, max_length=MAX_ID)
    citizen_id = row.text("borger_id", required=True, max_length=MAX_ID)
    parsed = PeriodRow(
        row=row_no,
        external_id=external_id,
        # A borger_id that cannot be one belongs to no citizen (its error is reported).
        citizen_id=citizen_id if len(citizen_id) <= MAX_ID else "",
        ok=True,
    )
    kind = row.choice("art", KINDS)
    parsed.kind = kind
    code = cells["type"]
    if kind == PeriodKind.PROGRAMME:
        parsed.code = "programme"
        if code not in ("", "programme"):
            row.fail("type", _("Integrationsprogrammet har ingen type; lad feltet stå tomt."))
    elif kind == PeriodKind.BENEFIT:
        parsed.benefit_type = _typed(row, ctx.benefit_types, kind)
    elif kind == PeriodKind.OFFER:
        parsed.offer_type = _typed(row, ctx.offer_types, kind)
    elif kind in FIXED_CODES:
        parsed.code = code
        if code not in FIXED_CODES[kind]:
            _unknown_type(row, kind, FIXED_CODES[kind])
    parsed.start = row.date("start", required=True)
    parsed.end = row.date("slut")
    parsed.planned_end = row.date("planlagt_slut")
    _refuse_retired(ctx, row, parsed)
    parsed.hours_per_week = row.decimal("timer_pr_uge")
    parsed.cvr = cells["cvr"].replace(" ", "")
    if parsed.cvr and not _CVR.match(parsed.cvr):
        row.fail("cvr", _("Et CVR-nummer har 8 cifre."))
    if parsed.cvr and kind and kind != PeriodKind.OFFER:
        row.fail("cvr", _("Kun tilbud kan have en virksomhed."))
    parsed.module = row.text("modul", max_length=20)
    if parsed.module and kind and kind != PeriodKind.OFFER:
        row.fail("modul", _("Kun danskuddannelse har moduler."))
    parsed.reason = row.text("begrundelse", max_length=2000)
    parsed.ok = row.ok
    return parsed


def _refuse_retired(ctx: Context, row: Row, parsed: PeriodRow) -> None:
    """A type the municipality retired may not start a period from its retirement day; the
    periods before it keep it."""
    kind = parsed.offer_type or parsed.benefit_type
    if kind is None or parsed.start is None:
        return
    field = "offer_type" if parsed.offer_type is not None else "benefit_type"
    day = ctx.retired.get((field, kind.pk))
    if day is not None and day <= parsed.start:
        message = _("Typen '%(code)s' er udgået i kommunen fra %(day)s.")
        row.fail("type", message % {"code": show(kind.code), "day": f"{day:%d.%m.%Y}"})


def _typed(row: Row, types: dict[str, Any], kind: str) -> Any:
    found = types.get(row.cells["type"])
    if found is None:
        _unknown_type(row, kind, sorted(types))
    return found


def _unknown_type(row: Row, kind: str, allowed: Sequence[str]) -> None:
    value = row.cells["type"]
    message = (
        _("'%(value)s' er ikke en type for art '%(kind)s'. Tilladte typer: %(allowed)s.")
        if value
        else _("Skal udfyldes for art '%(kind)s'. Tilladte typer: %(allowed)s.")
    )
    row.fail("type", message % {"value": show(value), "kind": kind, "allowed": ", ".join(allowed)})


def _period_batch(ctx: Context, groups: list[list[PeriodRow]]) -> None:
    mu = ctx.municipality
    rows = [r for g in groups for r in g]
    group_repeats = ctx.scratch.record("gruppe", [(g[0].citizen_id, g[0].row) for g in groups])
    _refuse_repeated_ids(ctx, rows)
    ids = [g[0].citizen_id for g in groups]
    citizens = {
        c.external_id: c
        for c in Citizen.objects.select_for_update().filter(municipality=mu, external_id__in=ids)
    }
    failed_in_file = ctx.scratch.lookup("borger", [i for i in ids if i not in citizens])
    owners = {
        ext: (pk, citizen_pk, citizen_ext)
        for ext, pk, citizen_pk, citizen_ext in Period.objects.filter(
            municipality=mu, external_id__in=[r.external_id for r in rows if r.external_id]
        ).values_list("external_id", "id", "citizen_id", "citizen__external_id")
    }
    saved: dict[int, list[Period]] = defaultdict(list)
    for period in Period.objects.filter(citizen__in=citizens.values()).select_related(
        "offer_type", "benefit_type", "company"
    ):
        saved[period.citizen_id].append(period)
    companies = {
        c.cvr: c
        for c in Company.objects.filter(municipality=mu, cvr__in={r.cvr for r in rows if r.cvr})
    }
    created: list[Period] = []
    updated: list[Period] = []
    audits: list[tuple[Citizen, list[Fresh]]] = []
    for group in groups:
        citizen = _group_citizen(ctx, group, group_repeats, citizens, failed_in_file)
        if citizen is None:
            continue
        before = ctx.errors.count
        fresh = check_group(ctx, citizen, group, saved[citizen.pk], owners, companies)
        if ctx.errors.count > before:
            continue
        changes = [f for f in fresh if f.original is None or f.changed]
        ctx.result.periods.unchanged += len(fresh) - len(changes)
        for f in changes:
            if f.original is None:
                f.period.pk = None  # the stand-in id used by the rules
                created.append(f.period)
            else:
                updated.append(f.period)
        if changes:
            audits.append((citizen, changes))
    _insert_periods(created)
    Period.objects.bulk_update(updated, [name.removesuffix("_id") for name in PERIOD_FIELDS])
    _queue_audit(ctx, audits)
    ctx.result.periods.created += len(created)
    ctx.result.periods.updated += len(updated)


def _refuse_repeated_ids(ctx: Context, rows: list[PeriodRow]) -> None:
    """A periode_id seen in an earlier row fails its row."""
    id_repeats = ctx.scratch.record(
        "periode", [(r.external_id, r.row) for r in rows if r.external_id]
    )
    for r in rows:
        if r.row in id_repeats:
            r.ok = False
            ctx.errors.add_at(
                PERIOD_FILE,
                _("periode_id '%(id)s' står også i række %(first)s.")
                % {"id": show(r.external_id), "first": id_repeats[r.row]},
                r.row,
                "periode_id",
            )


def _group_citizen(
    ctx: Context,
    group: list[PeriodRow],
    group_repeats: dict[int, int],
    citizens: dict[str, Citizen],
    failed_in_file: dict[str, int],
) -> Citizen | None:
    """The citizen whose periods the group is, or None after adding the group's errors."""
    first = group[0]
    if first.row in group_repeats:
        ctx.errors.add_at(
            PERIOD_FILE,
            _(
                "En borgers perioder skal stå samlet i filen, men borger_id '%(id)s' "
                "stod også i række %(first)s."
            )
            % {"id": show(first.citizen_id), "first": group_repeats[first.row]},
            first.row,
            "borger_id",
        )
        return None
    citizen = citizens.get(first.citizen_id)
    if citizen is None and first.citizen_id not in failed_in_file:
        # (A citizen whose row in borgere.csv failed has its error there.)
        for r in group:
            ctx.errors.add_at(
                PERIOD_FILE,
                _("borger_id '%(id)s' findes hverken i borgere.csv eller blandt kommunens borgere.")
                % {"id": show(r.citizen_id)},
                r.row,
                "borger_id",
            )
    return citizen


def _queue_audit(ctx: Context, audits: list[tuple[Citizen, list[Fresh]]]) -> None:
    """One audit entry per citizen whose periods the batch created or changed."""
    ctx.scratch.queue_audit(
        [
            (
                citizen.pk,
                Action.UPDATE,
                "Import af sagsdata: perioder",
                {
                    "periods_created": [f.source.external_id for f in changes if not f.original],
                    "periods_updated": {
                        f.source.external_id: f.changed for f in changes if f.original is not None
                    },
                },
            )
            for citizen, changes in audits
        ]
    )


_INSERT_COLUMNS = (
    "municipality_id",
    "citizen_id",
    *PERIOD_FIELDS,
    "external_id",
    "created_by_id",
    "created_at",
)


def _insert_periods(periods: list[Period]) -> None:
    """INSERT the checked periods with executemany.

    The ORM's bulk_create prepares every value field by field, which was half the time of
    an import; these values have been checked by the rules and only need adapting to the
    database's types.
    """
    if not periods:
        return
    ops = connection.ops
    quote = ops.quote_name
    now = ops.adapt_datetimefield_value(clock.now())
    day = ops.adapt_datefield_value
    hours_field = Period._meta.get_field("hours_per_week")
    rows = [
        (
            p.municipality_id,
            p.citizen_id,
            p.kind,
            p.code,
            p.benefit_type_id,
            p.offer_type_id,
            day(p.start),
            day(p.end),
            day(p.planned_end),
            p.reason,
            hours_field.get_db_prep_save(p.hours_per_week, connection),
            p.company_id,
            p.module,
            p.external_id,
            p.created_by_id,
            now,
        )
        for p in periods
    ]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names are ours, values bound
        quote(Period._meta.db_table),
        ", ".join(quote(column) for column in _INSERT_COLUMNS),
        ", ".join(["%s"] * len(_INSERT_COLUMNS)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
