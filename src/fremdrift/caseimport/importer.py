"""Case data from the system a municipality moves from: citizens and their periods, as CSV.

The format is described in docs/import-formats.md. How the import is built:

- All or nothing. The whole import runs in one transaction. Every row is validated and
  valid rows are written as the files are read, so later rows are checked against the
  state the earlier ones leave (a period finds the citizen created a few thousand rows
  before). When any error was found, or on a dry run, the transaction is rolled back.
- Flat memory. Rows are read with csv.reader from the file's lines, decoded one by one, and
  handled in batches of BATCH_SIZE; existing citizens and periods are looked up per batch. What
  must be remembered across the whole file (which ids, CPR numbers and citizens have been
  seen, and in which row; the audit entries to append) is kept in temporary tables in the
  database, not in Python.
- Same rules as typed data. Each period goes through journey.rules (fields, overlap,
  inside the programme). The periods file lists each citizen's periods together, so a
  citizen's periods from the file and those already saved are checked as one set.
- Idempotent. `borger_id` and `periode_id` are kept as `external_id`; a row whose values
  equal what is saved changes nothing and writes no audit entry.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.audit.models import Action
from fremdrift.audit.services import AuditItem, audit_record_many
from fremdrift.citizens.cpr import Cpr, parse_cpr
from fremdrift.citizens.cpr_storage import cpr_digest, cpr_encrypt
from fremdrift.citizens.languages import CITIZEN_LANGUAGES
from fremdrift.citizens.models import Category, Citizen
from fremdrift.citizens.origin import STATELESS, UNKNOWN
from fremdrift.citizens.services import comparable_value, takeover_errors
from fremdrift.companies.models import Company
from fremdrift.core import changes, clock
from fremdrift.journey.models import BenefitType, OfferType, Period
from fremdrift.journey.rules import (
    check_inside_programme,
    check_no_overlap,
    check_period_fields,
    describe,
)
from fremdrift.journey.types import Absence, Outcome, PeriodKind, Visitation

BATCH_SIZE = 1000
MAX_LISTED_ERRORS = 100
# Parameters per IN (...) list: well below SQLite's and PostgreSQL's limits.
_IN_CHUNK = 500

CITIZEN_FILE = "borgere.csv"
PERIOD_FILE = "perioder.csv"

CITIZEN_COLUMNS = (
    "borger_id",
    "cpr",
    "fornavn",
    "efternavn",
    "oprindelsesland",
    "kategori",
    "overtagelsesdato",
    "foretrukket_sprog",
    "tolk",
)
PERIOD_COLUMNS = (
    "periode_id",
    "borger_id",
    "art",
    "type",
    "start",
    "slut",
    "planlagt_slut",
    "timer_pr_uge",
    "cvr",
    "modul",
    "begrundelse",
)

# Citizen fields the import sets, in the order of the file's columns.
CITIZEN_FIELDS = (
    "first_name",
    "last_name",
    "country_of_origin",
    "category",
    "takeover_date",
    "preferred_language",
    "interpreter_needed",
)
PERIOD_FIELDS = (
    "kind",
    "code",
    "benefit_type_id",
    "offer_type_id",
    "start",
    "end",
    "planned_end",
    "reason",
    "hours_per_week",
    "company_id",
    "module",
)
# journey.rules key its errors by model field; the import names the file's column.
_RULE_COLUMNS = {
    "start": "start",
    "end": "slut",
    "planned_end": "planlagt_slut",
    "code": "type",
    "benefit_type": "type",
    "offer_type": "type",
    "company": "cvr",
    "module": "modul",
    "reason": "begrundelse",
    "hours_per_week": "timer_pr_uge",
}

FIXED_CODES: dict[str, list[str]] = {
    PeriodKind.PROGRAMME: ["programme"],
    PeriodKind.VISITATION: list(Visitation.values),
    PeriodKind.ABSENCE: list(Absence.values),
    PeriodKind.OUTCOME: list(Outcome.values),
}
KINDS = list(PeriodKind.values)
CATEGORIES = list(Category.values)
LANGUAGES = [code for code, _name in CITIZEN_LANGUAGES]
YES = frozenset({"ja", "j", "1", "true", "sand"})
NO = frozenset({"nej", "n", "0", "false", "falsk", ""})
_CPR_LIKE = re.compile(r"(?<!\d)(\d{6})[- ]?\d{4}(?!\d)")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DANISH_DATE = re.compile(r"^\d{2}-\d{2}-\d{4}$")
_CVR = re.compile(r"^\d{8}$")
MAX_TEXT = 100
MAX_ID = 64  # external_id's length; a CPR digest (hex SHA-256) has the same


# --- Result and errors ---------------------------------------------------------------------


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    citizens: Counts = field(default_factory=Counts)
    periods: Counts = field(default_factory=Counts)
    errors: list[str] = field(default_factory=list)  # the first MAX_LISTED_ERRORS
    error_count: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def more_errors(self) -> int:
        return self.error_count - len(self.errors)

    def error_lines(self) -> list[str]:
        """The listed errors, and a last line counting the rest."""
        tail = (
            [_("og %(count)s fejl mere") % {"count": self.more_errors}] if self.more_errors else []
        )
        return [*self.errors, *tail]


class _Errors:
    def __init__(self, result: ImportResult) -> None:
        self.result = result

    @property
    def count(self) -> int:
        return self.result.error_count

    def add(self, file: str, message: str, row: int | None = None, column: str = "") -> None:
        self.result.error_count += 1
        if len(self.result.errors) >= MAX_LISTED_ERRORS:
            return
        names = {"file": file, "row": row, "column": column, "message": message}
        if row is not None and column:
            text = _("%(file)s, række %(row)s, kolonne '%(column)s': %(message)s") % names
        elif row is not None:
            text = _("%(file)s, række %(row)s: %(message)s") % names
        else:
            text = _("%(file)s: %(message)s") % names
        self.result.errors.append(text)


def show(value: str) -> str:
    """A cell's value as an error may quote it: any CPR number in it masked, long text cut."""
    text = _CPR_LIKE.sub(lambda m: f"{m.group(1)}-XXXX", value)
    return text if len(text) <= 40 else text[:37] + "..."


def masked_cpr(raw: str) -> str:
    """The CPR number as the product shows it (DDMMYY-XXXX), never the last four digits."""
    digits = re.sub(r"\D", "", raw)
    return f"{digits[:6]}-XXXX" if len(digits) >= 6 else "XXXXXX-XXXX"


# --- Reading -------------------------------------------------------------------------------


def _lines(stream: IO[Any]) -> Iterator[str]:
    """The file's lines as text, decoded one by one.

    Line by line rather than through io.TextIOWrapper, which decodes ahead in blocks: a byte
    that is not UTF-8 then fails on the line that holds it, so the error names its row.
    """
    if isinstance(stream, io.TextIOBase):
        yield from stream
        return
    for number, raw in enumerate(stream):
        # Spreadsheets write a byte order mark first when they save "CSV UTF-8".
        yield (raw.removeprefix(codecs.BOM_UTF8) if number == 0 else raw).decode("utf-8")


def _records(
    errors: _Errors, file: str, stream: IO[Any], columns: Sequence[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column: stripped value}) for each non-blank row; the header is row 1.

    Rows are records as a spreadsheet shows them, so a quoted value with a line break in it
    does not shift the numbers.
    """
    row_no = 0
    try:
        reader = csv.reader(_lines(stream), delimiter=";")
        header = next(reader, None)
        row_no = 1
        index = _header(errors, file, header, columns)
        if index is None:
            return
        for row_no, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header or ()):
                errors.add(
                    file,
                    ngettext(
                        "Rækken har %(found)s felt, men overskriften har %(expected)s.",
                        "Rækken har %(found)s felter, men overskriften har %(expected)s.",
                        len(row),
                    )
                    % {"found": len(row), "expected": len(header or ())},
                    row_no,
                )
                continue
            yield row_no, {name: row[i].strip() for name, i in index.items()}
    except UnicodeDecodeError:
        errors.add(
            file,
            _("Filen er ikke gemt som UTF-8. Gem den som 'CSV UTF-8' og prøv igen."),
            row_no + 1,
        )
    except csv.Error as error:
        errors.add(
            file, _("Rækken kan ikke læses som CSV (%(error)s).") % {"error": error}, row_no + 1
        )


def _header(
    errors: _Errors, file: str, header: list[str] | None, columns: Sequence[str]
) -> dict[str, int] | None:
    if not header or not any(cell.strip() for cell in header):
        errors.add(file, _("Filen er tom. Første række skal være overskriften."))
        return None
    names = [cell.strip().lower() for cell in header]
    if len(names) == 1 and "," in names[0]:
        errors.add(file, _("Felterne skal være adskilt af semikolon (;), ikke komma."), 1)
        return None
    problems = []
    missing = [c for c in columns if c not in names]
    unknown = [n for n in names if n not in columns]
    twice = sorted({n for n in names if names.count(n) > 1})
    if missing:
        problems.append(_("Kolonnen mangler: %(names)s.") % {"names": ", ".join(missing)})
    if unknown:
        problems.append(
            _("Ukendt kolonne: %(names)s.") % {"names": ", ".join(show(n) for n in unknown)}
        )
    if twice:
        problems.append(_("Kolonnen står to gange: %(names)s.") % {"names": ", ".join(twice)})
    if problems:
        expected = _("Overskriften skal være: %(columns)s") % {"columns": ";".join(columns)}
        errors.add(file, " ".join([*problems, expected]), 1)
        return None
    return {name: names.index(name) for name in columns}


class _Row:
    """One row's cells, parsed column by column; each problem is an error naming the cell."""

    def __init__(self, errors: _Errors, file: str, row: int, cells: dict[str, str]) -> None:
        self.errors, self.file, self.row, self.cells = errors, file, row, cells
        self.ok = True

    def fail(self, column: str, message: str) -> None:
        self.ok = False
        self.errors.add(self.file, message, self.row, column)

    def text(self, column: str, *, required: bool = False, max_length: int = MAX_TEXT) -> str:
        value = self.cells[column]
        if required and not value:
            self.fail(column, _("Skal udfyldes."))
        elif len(value) > max_length:
            self.fail(column, _("Højst %(max)s tegn.") % {"max": max_length})
        return value

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        value = self.cells[column]
        if not value:
            if required:
                self.fail(column, _("Skal udfyldes (ÅÅÅÅ-MM-DD)."))
            return None
        try:
            if _ISO_DATE.match(value):
                return dt.date.fromisoformat(value)
            if _DANISH_DATE.match(value):
                return dt.datetime.strptime(value, "%d-%m-%Y").date()
        except ValueError:
            pass
        self.fail(
            column,
            _("%(value)s er ikke en dato. Skriv ÅÅÅÅ-MM-DD, fx 2024-03-01.")
            % {"value": show(value)},
        )
        return None

    def choice(self, column: str, allowed: Sequence[str], *, default: str | None = None) -> str:
        value = self.cells[column]
        if not value and default is not None:
            return default
        if not value:
            self.fail(
                column,
                _("Skal udfyldes. Tilladte værdier: %(allowed)s.")
                % {"allowed": ", ".join(allowed)},
            )
        elif value not in allowed:
            self.fail(
                column,
                _("'%(value)s' er ikke en af de tilladte værdier: %(allowed)s.")
                % {"value": show(value), "allowed": ", ".join(allowed)},
            )
        return value

    def decimal(self, column: str) -> Decimal | None:
        value = self.cells[column].replace(",", ".")
        if not value:
            return None
        try:
            number = Decimal(value)
            rounded = number.quantize(Decimal("0.1")) if number.is_finite() else None
        except InvalidOperation:
            rounded = None
        if rounded is None:
            self.fail(column, _("%(value)s er ikke et tal.") % {"value": show(self.cells[column])})
            return None
        if rounded != number:
            self.fail(column, _("Højst én decimal, fx 37,5."))
            return None
        return rounded


# --- Memory across the file ----------------------------------------------------------------


class _Scratch:
    """The import's memory of the whole file, in temporary tables rather than in Python.

    `caseimport_seen`: which ids, CPR digests and citizens the files have shown so far, and
    in which row. `caseimport_audit`: the audit entries to append when the import succeeds.
    Both live inside the import's transaction only, and are dropped at its end.
    """

    SEEN = "caseimport_seen"
    AUDIT = "caseimport_audit"

    def __enter__(self) -> _Scratch:
        pg = connection.vendor == "postgresql"
        suffix = " ON COMMIT DROP" if pg else ""
        with connection.cursor() as cursor:
            for table in (self.SEEN, self.AUDIT):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.SEEN} (tag VARCHAR(10) NOT NULL, "
                f"ident VARCHAR({MAX_ID}) NOT NULL, row_no INTEGER NOT NULL, "
                f"PRIMARY KEY (tag, ident)){suffix}"
            )
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.AUDIT} "
                f"(n {'BIGSERIAL' if pg else 'INTEGER'} PRIMARY KEY, citizen_id BIGINT NOT NULL, "
                f"action VARCHAR(20) NOT NULL, purpose VARCHAR(200) NOT NULL, "
                f"details TEXT NOT NULL){suffix}"
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            with connection.cursor() as cursor:
                for table in (self.SEEN, self.AUDIT):
                    cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def queue_audit(self, entries: Sequence[tuple[int, str, str, dict[str, Any]]]) -> None:
        """Keep (citizen id, action, purpose, details) for the audit log, in this order."""
        if entries:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {self.AUDIT} (citizen_id, action, purpose, details) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s)",
                    [
                        (pk, str(action), purpose, json.dumps(details))
                        for pk, action, purpose, details in entries
                    ],
                )

    def queued_audit(self) -> Iterator[list[tuple[int, str, str, dict[str, Any]]]]:
        """The queued entries in the order they were queued, a batch at a time."""
        after = 0
        with connection.cursor() as cursor:
            while True:
                cursor.execute(
                    f"SELECT n, citizen_id, action, purpose, details FROM {self.AUDIT} "  # noqa: S608
                    "WHERE n > %s ORDER BY n LIMIT %s",
                    [after, BATCH_SIZE],
                )
                rows = cursor.fetchall()
                if not rows:
                    return
                after = rows[-1][0]
                yield [(pk, action, purpose, json.loads(d)) for _n, pk, action, purpose, d in rows]

    def lookup(self, tag: str, idents: Iterable[str]) -> dict[str, int]:
        """The row each of `idents` was first seen in, for those seen before."""
        found: dict[str, int] = {}
        # A longer id is an error already (and no saved row has one).
        unique = sorted({ident for ident in idents if len(ident) <= MAX_ID})
        with connection.cursor() as cursor:
            for start in range(0, len(unique), _IN_CHUNK):
                chunk = unique[start : start + _IN_CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT ident, row_no FROM {self.SEEN} "  # noqa: S608 - our table name
                    f"WHERE tag = %s AND ident IN ({marks})",
                    [tag, *chunk],
                )
                found.update(dict(cursor.fetchall()))
        return found

    def record(self, tag: str, items: Sequence[tuple[str, int]]) -> dict[int, int]:
        """Record (ident, row) in file order; return {row: first row} for each repeat."""
        earlier = self.lookup(tag, (ident for ident, _row in items))
        repeats: dict[int, int] = {}
        new: list[tuple[str, str, int]] = []
        for ident, row in items:
            if len(ident) > MAX_ID:
                continue
            if ident in earlier:
                repeats[row] = earlier[ident]
            else:
                earlier[ident] = row
                new.append((tag, ident, row))
        if new:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {self.SEEN} (tag, ident, row_no) VALUES (%s, %s, %s)",  # noqa: S608
                    new,
                )
        return repeats


# --- The import ----------------------------------------------------------------------------


@dataclass
class _Context:
    actor: User
    municipality: Municipality
    errors: _Errors
    scratch: _Scratch
    result: ImportResult
    via: str
    today: dt.date
    benefit_types: dict[str, BenefitType]
    offer_types: dict[str, OfferType]
    country_codes: frozenset[str]


def import_cases(
    *,
    actor: User,
    citizens: IO[Any],
    periods: IO[Any] | None = None,
    dry_run: bool = False,
    via: str = "upload",
) -> ImportResult:
    """Import the citizens file and, if given, the periods file into the actor's municipality.

    Nothing is saved when any row has an error, or on a dry run; the result lists the
    errors (the first MAX_LISTED_ERRORS) or counts what was (or would be) created, updated
    and left unchanged. `via` says in the audit entries how the import was started.
    """
    municipality_id = require(actor, Permission.IMPORT_CASES)
    result = ImportResult(dry_run=dry_run)
    with transaction.atomic():
        with _Scratch() as scratch:
            context = _Context(
                actor=actor,
                municipality=actor.municipality,
                errors=_Errors(result),
                scratch=scratch,
                result=result,
                via=via,
                today=clock.today(),
                benefit_types={t.code: t for t in BenefitType.objects.all()},
                offer_types={t.code: t for t in OfferType.objects.all()},
                country_codes=frozenset(code for code, _name in countries) | {STATELESS, UNKNOWN},
            )
            _import_citizens(context, citizens)
            if periods is not None:
                _import_periods(context, periods)
            changed = result.citizens.created + result.citizens.updated
            changed += result.periods.created + result.periods.updated
            if result.ok and not dry_run and changed:
                changes.reloaded(municipality_id)
                # Last: every audited request locks the chain's head, so it stays locked
                # from here to the commit only, not for the whole import.
                for entries in scratch.queued_audit():
                    _audit_many(context, entries)
        if not result.ok or dry_run:
            transaction.set_rollback(True)
    return result


def _batches(items: Iterable[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _audit_many(ctx: _Context, entries: list[tuple[int, str, str, dict[str, Any]]]) -> None:
    """One audit entry per (citizen id, action, purpose, details), appended as one batch."""
    audit_record_many(
        actor=ctx.actor,
        municipality_id=ctx.municipality.pk,
        items=[
            AuditItem(citizen_id, action, purpose, {"import": ctx.via, **details})
            for citizen_id, action, purpose, details in entries
        ],
    )


# --- Citizens ------------------------------------------------------------------------------


@dataclass
class _CitizenRow:
    row: int
    external_id: str
    cpr_raw: str
    cpr: Cpr | None
    values: dict[str, Any]
    ok: bool


def _import_citizens(ctx: _Context, stream: IO[Any]) -> None:
    rows = (
        _parse_citizen(ctx, row_no, cells)
        for row_no, cells in _records(ctx.errors, CITIZEN_FILE, stream, CITIZEN_COLUMNS)
    )
    for batch in _batches(rows):
        _citizen_batch(ctx, batch)


def _parse_citizen(ctx: _Context, row_no: int, cells: dict[str, str]) -> _CitizenRow:
    row = _Row(ctx.errors, CITIZEN_FILE, row_no, cells)
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
    return _CitizenRow(row_no, external_id, cells["cpr"], cpr, values, row.ok)


def _unscoped_cpr_owners(digests: list[str]) -> dict[str, tuple[int, int, str]]:
    """digest -> (id, municipality id, external id) in any municipality.

    Deliberately across municipalities: a CPR number is unique in the whole database. Only
    whether the owner is in the actor's municipality ever reaches the user.
    """
    owners: dict[str, tuple[int, int, str]] = {}
    for start in range(0, len(digests), _IN_CHUNK):
        rows = Citizen.objects.filter(cpr_digest__in=digests[start : start + _IN_CHUNK])
        for pk, municipality_id, external_id, digest in rows.values_list(
            "id", "municipality_id", "external_id", "cpr_digest"
        ):
            owners[digest] = (pk, municipality_id, external_id)
    return owners


def _citizen_batch(ctx: _Context, batch: list[_CitizenRow]) -> None:
    errors, mu = ctx.errors, ctx.municipality
    digests = {r.row: cpr_digest(r.cpr.digits) for r in batch if r.cpr is not None}
    id_repeats = ctx.scratch.record(
        "borger", [(r.external_id, r.row) for r in batch if r.external_id]
    )
    cpr_repeats = ctx.scratch.record("cpr", [(d, row) for row, d in digests.items()])
    usable = []
    for r in batch:
        if r.row in id_repeats:
            errors.add(
                CITIZEN_FILE,
                _("borger_id '%(id)s' står også i række %(first)s.")
                % {"id": show(r.external_id), "first": id_repeats[r.row]},
                r.row,
                "borger_id",
            )
        elif r.row in cpr_repeats:
            errors.add(
                CITIZEN_FILE,
                _("CPR-nummeret %(cpr)s står også i række %(first)s.")
                % {"cpr": masked_cpr(r.cpr_raw), "first": cpr_repeats[r.row]},
                r.row,
                "cpr",
            )
        elif r.ok:
            usable.append(r)
    if not usable:
        return
    existing = {
        c.external_id: c
        for c in Citizen.objects.select_for_update().filter(
            municipality=mu, external_id__in=[r.external_id for r in usable]
        )
    }
    owners = _unscoped_cpr_owners([digests[r.row] for r in usable])
    adoptable = {
        pk for pk, owner_mu, owner_ext in owners.values() if owner_mu == mu.pk and not owner_ext
    }
    adopted = {c.pk: c for c in Citizen.objects.select_for_update().filter(pk__in=adoptable)}
    created: list[Citizen] = []
    updated: list[tuple[Citizen, list[str]]] = []
    for r in usable:
        digest = digests[r.row]
        current = existing.get(r.external_id)
        owner = owners.get(digest)
        if current is not None and current.cpr_digest != digest:
            errors.add(
                CITIZEN_FILE,
                _(
                    "borger_id '%(id)s' er allerede importeret med et andet CPR-nummer. "
                    "Et CPR-nummer kan ikke ændres ved import."
                )
                % {"id": show(r.external_id)},
                r.row,
                "cpr",
            )
            continue
        if current is None and owner is not None:
            _pk, owner_mu, owner_ext = owner
            if owner_mu != mu.pk:
                # Says nothing about where: the other municipality's data is not ours to show.
                errors.add(
                    CITIZEN_FILE,
                    _("CPR-nummeret %(cpr)s findes allerede i systemet.")
                    % {"cpr": masked_cpr(r.cpr_raw)},
                    r.row,
                    "cpr",
                )
                continue
            if owner_ext:
                errors.add(
                    CITIZEN_FILE,
                    _("CPR-nummeret %(cpr)s hører allerede til borger_id '%(other)s'.")
                    % {"cpr": masked_cpr(r.cpr_raw), "other": show(owner_ext)},
                    r.row,
                    "cpr",
                )
                continue
            # Registered by hand before the import: the import takes the citizen over.
            current = adopted[owner[0]]
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
        changed = [
            name
            for name in CITIZEN_FIELDS
            if comparable_value(getattr(current, name)) != r.values[name]
        ]
        if current.external_id != r.external_id:
            changed.append("external_id")
        if not changed:
            ctx.result.citizens.unchanged += 1
            continue
        for name in CITIZEN_FIELDS:
            setattr(current, name, r.values[name])
        current.external_id = r.external_id
        updated.append((current, changed))
    _write_citizens(ctx, created, updated)


def _write_citizens(
    ctx: _Context, created: list[Citizen], updated: list[tuple[Citizen, list[str]]]
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


# --- Periods -------------------------------------------------------------------------------


@dataclass
class _PeriodRow:
    row: int
    external_id: str
    citizen_id: str  # the file's borger_id
    ok: bool
    kind: str = ""
    code: str = ""
    benefit_type: BenefitType | None = None
    offer_type: OfferType | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    planned_end: dt.date | None = None
    hours_per_week: Decimal | None = None
    cvr: str = ""
    module: str = ""
    reason: str = ""


@dataclass
class _Fresh:
    """A file row as the period it becomes, checked against the citizen's other periods."""

    source: _PeriodRow
    period: Period
    original: Period | None
    changed: list[str]


def _import_periods(ctx: _Context, stream: IO[Any]) -> None:
    rows = (
        _parse_period(ctx, row_no, cells)
        for row_no, cells in _records(ctx.errors, PERIOD_FILE, stream, PERIOD_COLUMNS)
    )
    batch: list[list[_PeriodRow]] = []
    batch_rows = 0
    group: list[_PeriodRow] = []
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
        if batch_rows >= BATCH_SIZE:
            _period_batch(ctx, batch)
            batch, batch_rows = [], 0
        group = [row]
    if group:
        batch.append(group)
    if batch:
        _period_batch(ctx, batch)


def _parse_period(ctx: _Context, row_no: int, cells: dict[str, str]) -> _PeriodRow:
    row = _Row(ctx.errors, PERIOD_FILE, row_no, cells)
    external_id = row.text("periode_id", required=True, max_length=MAX_ID)
    citizen_id = row.text("borger_id", required=True, max_length=MAX_ID)
    parsed = _PeriodRow(
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


def _typed(row: _Row, types: dict[str, Any], kind: str) -> Any:
    found = types.get(row.cells["type"])
    if found is None:
        _unknown_type(row, kind, sorted(types))
    return found


def _unknown_type(row: _Row, kind: str, allowed: Sequence[str]) -> None:
    value = row.cells["type"]
    message = (
        _("'%(value)s' er ikke en type for art '%(kind)s'. Tilladte typer: %(allowed)s.")
        if value
        else _("Skal udfyldes for art '%(kind)s'. Tilladte typer: %(allowed)s.")
    )
    row.fail("type", message % {"value": show(value), "kind": kind, "allowed": ", ".join(allowed)})


def _period_batch(ctx: _Context, groups: list[list[_PeriodRow]]) -> None:
    errors, mu = ctx.errors, ctx.municipality
    rows = [r for g in groups for r in g]
    group_repeats = ctx.scratch.record("gruppe", [(g[0].citizen_id, g[0].row) for g in groups])
    id_repeats = ctx.scratch.record(
        "periode", [(r.external_id, r.row) for r in rows if r.external_id]
    )
    for r in rows:
        if r.row in id_repeats:
            r.ok = False
            errors.add(
                PERIOD_FILE,
                _("periode_id '%(id)s' står også i række %(first)s.")
                % {"id": show(r.external_id), "first": id_repeats[r.row]},
                r.row,
                "periode_id",
            )
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
    audits: list[tuple[Citizen, list[_Fresh]]] = []
    for group in groups:
        first = group[0]
        if first.row in group_repeats:
            errors.add(
                PERIOD_FILE,
                _(
                    "En borgers perioder skal stå samlet i filen, men borger_id '%(id)s' "
                    "stod også i række %(first)s."
                )
                % {"id": show(first.citizen_id), "first": group_repeats[first.row]},
                first.row,
                "borger_id",
            )
            continue
        citizen = citizens.get(first.citizen_id)
        if citizen is None:
            if first.citizen_id not in failed_in_file:  # else its row in borgere.csv failed
                for r in group:
                    errors.add(
                        PERIOD_FILE,
                        _(
                            "borger_id '%(id)s' findes hverken i borgere.csv eller blandt "
                            "kommunens borgere."
                        )
                        % {"id": show(r.citizen_id)},
                        r.row,
                        "borger_id",
                    )
            continue
        before = errors.count
        fresh = _check_group(ctx, citizen, group, saved[citizen.pk], owners, companies)
        if errors.count > before:
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
    ctx.result.periods.created += len(created)
    ctx.result.periods.updated += len(updated)


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


def _check_group(
    ctx: _Context,
    citizen: Citizen,
    group: list[_PeriodRow],
    saved: list[Period],
    owners: dict[str, tuple[int, int, str]],
    companies: dict[str, Company],
) -> list[_Fresh]:
    """The group's rows as periods, each checked by journey.rules like a typed-in period."""
    errors = ctx.errors
    by_pk = {p.pk: p for p in saved}
    fresh: list[_Fresh] = []
    overridden: set[int] = set()
    for r in group:
        if r.external_id in owners:
            # The file replaces the saved version, even when this row fails: checked against
            # its old values, the other rows would get errors the file does not have.
            overridden.add(owners[r.external_id][0])
        if not r.ok:
            continue
        company = companies.get(r.cvr) if r.cvr else None
        if r.cvr and company is None:
            errors.add(
                PERIOD_FILE,
                _(
                    "Der er ingen virksomhed med CVR-nummer %(cvr)s i kommunens "
                    "virksomhedsregister. Opret den under Virksomheder først."
                )
                % {"cvr": r.cvr},
                r.row,
                "cvr",
            )
            continue
        original = None
        if r.external_id in owners:
            pk, owner_pk, owner_ext = owners[r.external_id]
            if owner_pk != citizen.pk:
                errors.add(
                    PERIOD_FILE,
                    _(
                        "periode_id '%(id)s' hører til borger_id '%(other)s'. En periode "
                        "kan ikke flyttes til en anden borger."
                    )
                    % {"id": show(r.external_id), "other": show(owner_ext)},
                    r.row,
                    "periode_id",
                )
                continue
            original = by_pk[pk]
        period = Period(
            # New periods get a stand-in id (negative, unique in the file), because the
            # rules tell periods apart by id; it is cleared before saving.
            pk=original.pk if original else -r.row,
            municipality_id=citizen.municipality_id,
            citizen_id=citizen.pk,
            kind=r.kind,
            code=r.code,
            benefit_type_id=r.benefit_type.pk if r.benefit_type else None,
            offer_type_id=r.offer_type.pk if r.offer_type else None,
            start=r.start,
            end=r.end,
            planned_end=r.planned_end,
            reason=r.reason,
            hours_per_week=r.hours_per_week,
            company_id=company.pk if company else None,
            module=r.module,
            external_id=r.external_id,
            created_by_id=original.created_by_id if original else ctx.actor.pk,
        )
        # The rules read the types and the company; ids alone would cost a query each.
        for name, related in (
            ("benefit_type", r.benefit_type),
            ("offer_type", r.offer_type),
            ("company", company),
        ):
            if related is not None:
                setattr(period, name, related)
        try:
            check_period_fields(period)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.add(PERIOD_FILE, " ".join(messages), r.row, _RULE_COLUMNS.get(key, "art"))
            continue
        changed = (
            [n for n in PERIOD_FIELDS if getattr(period, n) != getattr(original, n)]
            if original
            else []
        )
        fresh.append(_Fresh(r, period, original, [n.removesuffix("_id") for n in changed]))
    kept = [p for p in saved if p.pk not in overridden]
    every = kept + [f.period for f in fresh]
    for index, f in enumerate(fresh):
        # Each pair once: against what is saved and against the file's earlier rows.
        earlier = {id(g.period): g.source.row for g in fresh[:index]}
        for other in kept + [g.period for g in fresh[:index]]:
            try:
                check_no_overlap(f.period, [other])
            except ValidationError as error:
                where = (
                    _("række %(row)s") % {"row": earlier[id(other)]}
                    if id(other) in earlier
                    else _("allerede i Fremdrift")
                )
                name = describe(other)
                message = " ".join(error.messages).replace(name, f"{name} ({where})", 1)
                errors.add(PERIOD_FILE, message, f.source.row, "start")
        try:
            check_inside_programme(f.period, [p for p in every if p is not f.period])
        except ValidationError as error:
            errors.add(PERIOD_FILE, " ".join(error.messages), f.source.row, "start")
    programme_rows = [f.source.row for f in fresh if f.period.kind == PeriodKind.PROGRAMME]
    if programme_rows:
        # A changed programme must still hold the offers already saved for the citizen.
        for offer in (p for p in kept if p.kind == PeriodKind.OFFER):
            try:
                check_inside_programme(offer, [p for p in every if p is not offer])
            except ValidationError as error:
                errors.add(
                    PERIOD_FILE,
                    _("%(offer)s (allerede i Fremdrift): %(message)s")
                    % {"offer": describe(offer), "message": " ".join(error.messages)},
                    programme_rows[0],
                    "slut",
                )
    return fresh


# --- Example files -------------------------------------------------------------------------

# Synthetic people only: the names are made up for the example, and the example is meant to
# be replaced by the municipality's own export.
# fmt: off
EXAMPLE_CITIZENS: list[tuple[str, ...]] = [
    ("B-1001", "010190-1232", "Amal", "Eksempel", "SY", "refugee", "2025-09-01", "ar", "ja"),
    ("B-1002", "150385-1241", "Yonas", "Prøvesen", "ER", "family_reunified", "2025-10-15", "ti",
     "ja"),
    ("B-1003", "220792-0156", "Olena", "Testenko", "UA", "refugee", "2025-11-03", "uk", "nej"),
]
EXAMPLE_PERIODS: list[tuple[str, ...]] = [
    ("P-1", "B-1001", "programme", "", "2025-09-01", "", "2026-08-31", "", "", "", ""),
    ("P-2", "B-1001", "benefit", "selvforsoergelsesydelse", "2025-09-01", "", "", "", "", "", ""),
    ("P-3", "B-1001", "visitation", "job_ready", "2025-09-01", "", "", "", "", "", ""),
    ("P-4", "B-1001", "offer", "du2", "2025-09-15", "", "2026-06-30", "15", "", "Modul 2", ""),
    ("P-5", "B-1002", "programme", "", "2025-10-15", "", "2026-10-14", "", "", "", ""),
    ("P-6", "B-1002", "visitation", "activity_ready", "2025-10-15", "", "", "", "", "",
     "Dokumenteret behov for afklaring af helbred"),
    ("P-7", "B-1002", "absence", "sick", "2025-12-01", "2025-12-19", "", "", "", "", ""),
    ("P-8", "B-1003", "programme", "", "2025-11-03", "2026-02-27", "2026-11-02", "", "", "", ""),
    ("P-9", "B-1003", "outcome", "ordinary_job", "2026-03-02", "", "", "37", "", "", ""),
]
# fmt: on
EXAMPLES = {
    "borgere": (CITIZEN_COLUMNS, EXAMPLE_CITIZENS),
    "perioder": (PERIOD_COLUMNS, EXAMPLE_PERIODS),
}


def example_csv(kind: str) -> str:
    """The example file `kind` ("borgere" or "perioder") in the import format."""
    columns, rows = EXAMPLES[kind]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()
