"""The checked figures stored in one transaction: import_statistics."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from fremdrift.core.tabular import seekable
from fremdrift.core.texts import length_error
from fremdrift.results.models import FigureValue, Source, StatisticsImport
from fremdrift.results.statistics.errors import StatisticsImportError
from fremdrift.results.statistics.mapping import SKIP_REASONS
from fremdrift.results.statistics.reader import Reader
from fremdrift.results.statistics.tally import Values

if TYPE_CHECKING:
    from fremdrift.accounts.models import User


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
) -> ImportSummary:
    """Check the whole file, then store its figures in one transaction, or raise."""
    if source not in Source.values:
        raise ValueError(f"unknown source {source!r}")
    if problem := length_error(note, 200):
        raise StatisticsImportError([_("Bemærkningen: %(problem)s") % {"problem": problem}])
    parsed = Reader(file_name=file_name, extracted_on=extracted_on).read(seekable(data))
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
    values: Values, *, source: str, extracted_on: dt.date, batch: StatisticsImport
) -> None:
    # One delete per area and figure, not per value; months are listed exactly, so a value
    # for a period the file does not contain is kept.
    months: dict[tuple[int | None, str, str], set[int]] = defaultdict(set)
    for area, figure, kind, month in values:
        months[(area, figure, kind)].add(month)
    for (area, figure, kind), wanted in months.items():
        area_filter = Q(municipality__isnull=True) if area is None else Q(municipality_id=area)
        FigureValue.objects.filter(
            area_filter,
            figure=figure,
            period_kind=kind,
            month__in=sorted(wanted),
            dim="",
            value_key="",
            source=source,
        ).delete()
    FigureValue.objects.bulk_create(
        (
            FigureValue(
                municipality_id=area,
                figure=figure,
                period_kind=kind,
                month=month,
                dim="",
                value_key="",
                numerator=numerator,
                denominator=denominator,
                source=source,
                extracted_on=extracted_on,
                batch=batch,
            )
            for (area, figure, kind, month), (numerator, denominator) in values.items()
        ),
        batch_size=1000,
    )
