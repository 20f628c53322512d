"""A table's Område: the whole country or a municipality, by name, code or both."""

from __future__ import annotations

import re
from typing import Any

from fremdrift.accounts.models import Municipality
from fremdrift.results.statistics.cache import INVALID
from fremdrift.results.statistics.cells import cell_text
from fremdrift.results.statistics.mapping import NATIONAL, normalise


class Areas:
    """The municipalities, and an area's index among them: 0 is the whole country.

    The tally keeps indexes, not ids: `names` gives (municipality id or None, name) by index.
    """

    def __init__(self) -> None:
        municipalities = list(Municipality.objects.only("id", "code", "name"))
        self.by_code = {m.code: m for m in municipalities}
        self.by_name = {normalise(m.name): m for m in municipalities}
        self.index = {m.id: index for index, m in enumerate(municipalities, start=1)}
        self.names: list[tuple[int | None, str]] = [
            (None, NATIONAL),
            *((m.id, m.name) for m in municipalities),
        ]

    def resolve(self, raw: Any) -> int:
        """The area's index, or INVALID."""
        text = cell_text(raw)
        if normalise(text) == normalise(NATIONAL):
            return 0
        municipality = self._municipality(text)
        return INVALID if municipality is None else self.index[municipality.id]

    def _municipality(self, text: str) -> Municipality | None:
        name = normalise(text)
        if name.endswith(" kommune"):
            name = name.removesuffix(" kommune")
        match = re.fullmatch(r"(\d{1,3})(?:\s+(.+))?", name)
        if match:
            found = self.by_code.get(match.group(1).zfill(3))
            if found and match.group(2) and self._by_name(match.group(2)) != found:
                return None  # code and name disagree: which one was meant is not ours to guess
            return found
        return self._by_name(name)

    def _by_name(self, name: str) -> Municipality | None:
        # "Københavns Kommune" names København.
        return self.by_name.get(name) or (
            self.by_name.get(name[:-1]) if name.endswith("s") else None
        )
