"""The errors a refused file gets: collected while reading, raised together."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from fremdrift.results.statistics.mapping import MAX_ERRORS

if TYPE_CHECKING:
    pass


class StatisticsImportError(Exception):
    """The file was refused; `errors` are Danish sentences naming row and column."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class ErrorList:
    def __init__(self) -> None:
        self.listed: list[str] = []
        self.count = 0

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.listed) < MAX_ERRORS:
            self.listed.append(message)

    def raise_if_any(self) -> None:
        if self.count:
            errors = list(self.listed)
            if self.count > len(errors):
                errors.append(
                    _("... og %(count)s fejl mere.") % {"count": self.count - len(errors)}
                )
            raise StatisticsImportError(errors)
