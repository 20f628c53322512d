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

The steps live beside this entry point: formats (columns, codes, limits), reading (records,
header, cells; the result), scratch (the temporary tables), citizens, periods and
period_checks (one citizen's periods against journey.rules), examples (the example files).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from django.db import transaction
from django_countries import countries

from fremdrift.accounts.models import User
from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from fremdrift.audit.models import Action
from fremdrift.audit.services import AuditItem, audit_record_many, audited_atomic
from fremdrift.caseimport.citizens import import_citizens
from fremdrift.caseimport.context import Context
from fremdrift.caseimport.formats import MAX_LISTED_ERRORS
from fremdrift.caseimport.periods import import_periods
from fremdrift.caseimport.reading import ImportResult
from fremdrift.caseimport.scratch import Scratch
from fremdrift.citizens.origin import STATELESS, UNKNOWN
from fremdrift.core import changes, clock
from fremdrift.core.progress import CountedLines
from fremdrift.core.tabular import ErrorCollector
from fremdrift.journey.benefit_types import benefit_types_for
from fremdrift.journey.offer_types import offer_types_for
from fremdrift.journey.retired_types import retired_by_type


def import_cases(
    *,
    actor: User,
    citizens: IO[Any],
    periods: IO[Any] | None = None,
    dry_run: bool = False,
    via: str = "upload",
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import the citizens file and, if given, the periods file into the actor's municipality.

    Nothing is saved when any row has an error, or on a dry run; the result lists the
    errors (the first MAX_LISTED_ERRORS) or counts what was (or would be) created, updated
    and left unchanged. `via` says in the audit entries how the import was started.
    `on_progress(lines read, errors so far)` is called now and then, for a progress page.
    """
    municipality_id = require(actor, Permission.IMPORT_CASES)
    result = ImportResult(dry_run=dry_run)
    errors = ErrorCollector(MAX_LISTED_ERRORS)
    if on_progress is not None:
        citizens, periods = _counted(citizens, periods, errors, on_progress)
    with audited_atomic():
        with Scratch() as scratch:
            context = Context(
                actor=actor,
                municipality=actor.municipality,
                errors=errors,
                scratch=scratch,
                result=result,
                via=via,
                today=clock.today(),
                benefit_types={t.code: t for t in benefit_types_for(actor.municipality_id)},
                offer_types={t.code: t for t in offer_types_for(actor.municipality_id)},
                country_codes=frozenset(code for code, _name in countries) | {STATELESS, UNKNOWN},
                retired=retired_by_type(actor.municipality_id),
            )
            import_citizens(context, citizens)
            if periods is not None:
                import_periods(context, periods)
            result.errors, result.error_count = errors.listed, errors.count
            changed = result.citizens.created + result.citizens.updated
            changed += result.periods.created + result.periods.updated
            if result.ok and not dry_run and changed:
                changes.reloaded(municipality_id)
                # Last, after the rebuild: the municipality's chain stays locked from here to
                # the commit only. Appended batch by batch rather than queued by
                # audited_atomic, so memory does not grow with the file.
                for entries in scratch.queued_audit():
                    _audit_many(context, entries)
        if not result.ok or dry_run:
            transaction.set_rollback(True)
    _audit_foreign_matches(context)
    return result


def _audit_foreign_matches(ctx: Context) -> None:
    """Each citizen of another municipality whose CPR number was in the file: an entry in
    that municipality's chain, naming who asked, in a transaction of its own after the
    import's (which a dry run or an error rolls back). The file's user learns only "exists"."""
    by_municipality: dict[int, list[AuditItem]] = {}
    for citizen_id, municipality_id, row in ctx.foreign_matches:
        by_municipality.setdefault(municipality_id, []).append(
            AuditItem(
                citizen_id,
                Action.CPR_MATCH,
                "Import i en anden kommune: CPR-nummeret blev fundet, borgeren ikke vist",
                {"import": ctx.via, "row": row, "dry_run": ctx.result.dry_run},
            )
        )
    if not by_municipality:
        return
    with audited_atomic():
        for municipality_id, items in sorted(by_municipality.items()):
            audit_record_many(actor=ctx.actor, municipality_id=municipality_id, items=items)


def _counted(
    citizens: IO[Any],
    periods: IO[Any] | None,
    errors: ErrorCollector,
    on_progress: Callable[[int, int], None],
) -> tuple[Any, Any]:
    """The two files read through line counters that report both files' lines together."""
    first = CountedLines(citizens, lambda n: on_progress(n, errors.count))
    if periods is None:
        return first, None
    return first, CountedLines(periods, lambda n: on_progress(first.count + n, errors.count))


def _audit_many(ctx: Context, entries: list[tuple[int, str, str, dict[str, Any]]]) -> None:
    """One audit entry per (citizen id, action, purpose, details), appended as one batch."""
    audit_record_many(
        actor=ctx.actor,
        municipality_id=ctx.municipality.pk,
        items=[
            AuditItem(citizen_id, action, purpose, {"import": ctx.via, **details})
            for citizen_id, action, purpose, details in entries
        ],
        now=True,
    )
