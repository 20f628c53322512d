"""One cell of a Jobindsats table: its text, its number, its column as an error names it."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from fremdrift.core.tabular import column_letter
from fremdrift.results.statistics.export import format_number
from fremdrift.results.statistics.mapping import SUPPRESSED_MARKERS

if TYPE_CHECKING:
    pass


NUMBER = re.compile(r"^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")
# A cell with Jobindsats' marks for a suppressed or missing number.
SUPPRESSED = object()


class Column:
    def __init__(self, index: int, label: str, key: str, xlsx: bool) -> None:
        self.index = index
        self.label = label
        self.key = key  # the known column's canonical label
        self.xlsx = xlsx

    def __str__(self) -> str:
        if self.xlsx:
            return _("kolonne %(letter)s (%(label)s)") % {
                "letter": column_letter(self.index),
                "label": self.label,
            }
        return _("kolonne '%(label)s'") % {"label": self.label}


def position(index: int, label: str, xlsx: bool) -> str:
    """A column by place and label, for the header, where the label itself may be wrong."""
    if xlsx:
        return _("kolonne %(letter)s (%(label)s)") % {
            "letter": column_letter(index),
            "label": label,
        }
    return _("kolonne %(number)s ('%(label)s')") % {"number": index + 1, "label": label}


class CellError(Exception):
    pass


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


def parse_number(raw: Any, *, share: bool) -> float | object:
    """A Danish number ("1.234,5"), the suppression markers, or CellError."""
    if isinstance(raw, bool):
        raise CellError(_("'%(value)s' er ikke et tal.") % {"value": raw})
    if isinstance(raw, int | float):
        number = float(raw)
        text = format_number(number)
    else:
        text = cell_text(raw)
        if not text:
            raise CellError(_("feltet er tomt."))
        if text in SUPPRESSED_MARKERS:
            return SUPPRESSED
        digits = text.removesuffix("%").strip() if share else text
        if not NUMBER.match(digits):
            raise CellError(_("'%(value)s' er ikke et tal.") % {"value": text})
        number = float(digits.replace(".", "").replace(",", "."))
    if number < 0:
        raise CellError(
            _("'%(value)s' er negativt; et antal kan ikke være under 0.") % {"value": text}
        )
    if share and number > 100:
        raise CellError(_("'%(value)s' er ikke en andel mellem 0 og 100.") % {"value": text})
    return number
