"""The checked figures stored in one transaction: import_statistics."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from fremdrift.core.tabular import seekable
from fremdrift.core.texts import length_error
from fremdrift.results.models import FigureValue, Source, StatisticsImport
from fremdrift.results.statistics.errors import StatisticsImportError
from fremdrift.results.statistics.mapping import SKIP_REASONS
from fremdrift.results.statistics.reader import Reader, StoredValues
from fremdrift.results.versions import bump

if TYPE_CHECKING:
    from fremdrift.accounts.models import User

# Rows per executemany: a bounded list in memory, few round trips.
INSERT_BATCH = 5000
# Months per delete: well under SQLite's limit on a statement's parameters.
DELETE_MONTHS = 500


@dataclass
class ImportSummary:
    batch: StatisticsImport
    values: int
    rows_used: int
    rows_skipped: int
    skipped_reasons: dict[str, int]
    # Figures (area, figure, period) left out because a part of them was suppressed.
    values_suppressed: int = 0

    def reasons(self) -> list[tuple[str, int]]:
        """The skip reasons as (Danish text, count), most frequent first."""
        return reason_labels(self.skipped_reasons)


def reason_labels(reasons: dict[str, int]) -> list[tuple[str, int]]:
    ordered = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    return [(str(SKIP_REASONS.get(code, code)), count) for code, count in ordered]


def import_statistics(
    data: BinaryIO,
    *,
    file_name: str,
    extracted_on: dt.date | None = None,
    user: User | None = None,
    source: str = Source.JOBINDSATS,
    note: str = "",
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Check the whole file, then store its figures in one transaction, or raise.
    `on_progress(rows read, errors so far)` is called as the file is read."""
    if source not in Source.values:
        raise ValueError(f"unknown source {source!r}")
    if problem := length_error(note, 200):
        raise StatisticsImportError([_("Bemærkningen: %(problem)s") % {"problem": problem}])
    reader = Reader(file_name=file_name, extracted_on=extracted_on, on_progress=on_progress)
    parsed = reader.read(seekable(data))
    try:
        with transaction.atomic():
            batch = StatisticsImport.objects.create(
                source=source,
                file_name=file_name[-200:],
                extracted_on=parsed.extracted_on,
                note=note,
                rows=parsed.rows_used + sum(parsed.skipped.values()),
                values=len(parsed.values),
                imported_by=user,
            )
            _replace(parsed.values, source=source, extracted_on=parsed.extracted_on, batch=batch)
    except IntegrityError as error:
        # Two imports of the same figures at the same moment: the second one meets the
        # first one's rows after its own delete.
        raise StatisticsImportError(
            [_("En anden import af de samme tal kørte samtidig. Prøv igen.")]
        ) from error
    return ImportSummary(
        batch=batch,
        values=len(parsed.values),
        rows_used=parsed.rows_used,
        rows_skipped=sum(parsed.skipped.values()),
        skipped_reasons=dict(parsed.skipped),
        values_suppressed=parsed.values_suppressed,
    )


def _replace(
    values: StoredValues, *, source: str, extracted_on: dt.date, batch: StatisticsImport
) -> None:
    """The earlier values for exactly these keys deleted, then these values inserted."""
    for (figure, kind, months), areas in _same_months(values).items():
        municipal = [a for a in areas if a is not None]
        area_filter = Q()
        if municipal:
            area_filter |= Q(municipality_id__in=municipal)
        if None in areas:
            area_filter |= Q(municipality__isnull=True)
        # Months are listed exactly, so a value for a period the file does not contain is
        # kept; in pieces, as SQLite takes a limited number of parameters.
        for start in range(0, len(months), DELETE_MONTHS):
            FigureValue.objects.filter(
                area_filter,
                figure=figure,
                period_kind=kind,
                month__in=months[start : start + DELETE_MONTHS],
                dim="",
                value_key="",
                source=source,
            ).delete()
    _insert(values, source=source, extracted_on=extracted_on, batch=batch)
    bump(*{value[0] for value in values})  # the areas (None: national) whose figures changed


def _same_months(
    values: StoredValues,
) -> dict[tuple[str, str, tuple[int, ...]], list[int | None]]:
    """The values' keys as (figure, kind, months) -> areas: one delete per set of areas with
    the same months. A table usually has the same periods for every area, so a file of
    hundreds of thousands of values needs a handful of deletes, not one per area and
    figure."""
    months: dict[tuple[int | None, str, str], list[int]] = defaultdict(list)
    for area, figure, kind, month, _numerator, _denominator in values:
        months[(area, figure, kind)].append(month)
    areas: dict[tuple[str, str, tuple[int, ...]], list[int | None]] = defaultdict(list)
    for (area, figure, kind), listed in months.items():
        areas[(figure, kind, tuple(listed))].append(area)
    return areas


def _insert(
    values: StoredValues, *, source: str, extracted_on: dt.date, batch: StatisticsImport
) -> None:
    """The values written in batches without model instances: COPY on PostgreSQL, else
    executemany, INSERT_BATCH rows at a time."""
    meta = FigureValue._meta
    by_name = {field.name: field for field in meta.concrete_fields}
    names = (
        "municipality",
        "figure",
        "period_kind",
        "month",
        "dim",
        "value_key",
        "numerator",
        "denominator",
        "source",
        "extracted_on",
        "batch",
    )
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(str(by_name[name].column)) for name in names)
    day, batch_id = connection.ops.adapt_datefield_value(extracted_on), batch.pk
    rows = (
        (area, figure, kind, month, "", "", numerator, denominator, source, day, batch_id)
        for area, figure, kind, month, numerator, denominator in values
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(names))
        # Names from the model, values as parameters.
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        while chunk := list(itertools.islice(rows, INSERT_BATCH)):
            cursor.executemany(sql, chunk)
