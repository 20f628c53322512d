"""What every step of one import shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from fremdrift.accounts.models import Municipality, User
from fremdrift.caseimport import formats
from fremdrift.caseimport.reading import ImportResult
from fremdrift.caseimport.scratch import Scratch
from fremdrift.core.tabular import ErrorCollector
from fremdrift.journey.models import BenefitType, OfferType


@dataclass
class Context:
    actor: User
    municipality: Municipality
    errors: ErrorCollector
    scratch: Scratch
    result: ImportResult
    via: str
    today: dt.date
    benefit_types: dict[str, BenefitType]
    offer_types: dict[str, OfferType]
    country_codes: frozenset[str]
    # CPR numbers of the file that belong to another municipality's citizen: (citizen id,
    # municipality id, row). The look-up is audited whatever happens to the import.
    foreign_matches: list[tuple[int, int, int]] = field(default_factory=list)
    # The types the municipality has retired: (field, type id) -> from which day. A period
    # starting on or after that day may not have the type (journey/retired_types.py).
    retired: dict[tuple[str, int], dt.date] = field(default_factory=dict)


def batches(items: Iterable[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        # Read at each use, not imported by name: a test makes the batches small.
        if len(batch) >= formats.BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch
