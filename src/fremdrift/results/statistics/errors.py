"""The errors a refused file gets: collected while reading, raised together."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from fremdrift.core.tabular import ErrorCollector
from fremdrift.results.statistics.mapping import MAX_ERRORS


class StatisticsImportError(Exception):
    """The file was refused; `errors` are Danish sentences naming row and column."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class ErrorList(ErrorCollector):
    """The shared collector, listing MAX_ERRORS, that raises them all at once."""

    def __init__(self) -> None:
        super().__init__(MAX_ERRORS)

    def add_lazily(self, message: Callable[[], str]) -> None:
        """An error whose wording costs something: worded only while errors are listed."""
        self.add(message() if len(self.listed) < self.limit else "")

    def raise_if_any(self) -> None:
        if self.count:
            errors = list(self.listed)
            if self.more:
                errors.append(_("... og %(count)s fejl mere.") % {"count": self.more})
            raise StatisticsImportError(errors)
