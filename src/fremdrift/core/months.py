"""Months as integers, and the period codes of the statistics (2018M03, 2018Q1, 2018Y01).

A figure's reference date is the last day of its month, quarter or year. Inside the
computation a month is one integer (year * 12 + month - 1), so "the 36 months up to and
including the reference date" is plain arithmetic on both databases.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _


def _month_name(index: int) -> str:
    """The month's name in the active language, from Django's translated list ('marts',
    'March'), so an English page never shows a Danish month."""
    return str(MONTHS[index % 12 + 1])


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(index: int) -> dt.date:
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_code(index: int) -> str:
    """The statistics' code for a month, e.g. 2018M03."""
    return f"{index // 12}M{index % 12 + 1:02d}"


def month_label(index: int) -> str:
    """'marts 2026' in Danish, 'March 2026' in English."""
    return f"{_month_name(index)} {index // 12}"


def month_short(index: int) -> str:
    """'jan. 2026', 'maj 2026' ('Jan. 2026', 'May 2026'): names of up to four letters whole,
    longer ones cut to three and a full stop."""
    name = _month_name(index)
    short = name if len(name) <= 4 else f"{name[:3]}."
    return f"{short} {index // 12}"


def month_tick(index: int) -> str:
    """The shortest label, for a chart's axis: 'jan. 26'."""
    return month_short(index).replace(f" {index // 12}", f" {index // 12 % 100:02d}")


class CalendarPeriodKind:
    MONTH = "M"
    QUARTER = "Q"
    YEAR = "Y"


@dataclass(frozen=True)
class CalendarPeriod:
    """A month, quarter or year; `month` is the index of its last month (the reference)."""

    kind: str
    month: int

    @property
    def first_month(self) -> int:
        span = {
            CalendarPeriodKind.MONTH: 1,
            CalendarPeriodKind.QUARTER: 3,
            CalendarPeriodKind.YEAR: 12,
        }[self.kind]
        return self.month - span + 1

    @property
    def code(self) -> str:
        year = self.month // 12
        if self.kind == CalendarPeriodKind.QUARTER:
            return f"{year}Q{(self.month % 12) // 3 + 1}"
        if self.kind == CalendarPeriodKind.YEAR:
            return f"{year}Y01"
        return month_code(self.month)

    @property
    def reference_date(self) -> dt.date:
        return month_end(self.month)


_CODE = re.compile(r"^(\d{4})(?:M(\d{2})|Q([1-4])|Y(\d{2}))$")


def parse_period(text: str) -> CalendarPeriod:
    """Parse a statistics period code; raise ValueError with a Danish message otherwise."""
    value = text.strip().upper()
    match = _CODE.match(value)
    if match is None:
        if "MAT" in value:
            raise ValueError(
                _("Perioden %(code)s er et løbende år (MAT); brug måneder, kvartaler eller år.")
                % {"code": text.strip()}
            )
        raise ValueError(
            _("Perioden '%(code)s' kan ikke læses; brug fx 2018M03, 2018Q1 eller 2018Y01.")
            % {"code": text.strip()}
        )
    year = int(match.group(1))
    if match.group(2):
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(_("Måneden i %(code)s findes ikke.") % {"code": value})
        return CalendarPeriod(CalendarPeriodKind.MONTH, year * 12 + month - 1)
    if match.group(3):
        return CalendarPeriod(CalendarPeriodKind.QUARTER, year * 12 + int(match.group(3)) * 3 - 1)
    return CalendarPeriod(CalendarPeriodKind.YEAR, year * 12 + 11)


def parse_month(text: str) -> int:
    """'2018-03' or '2018M03' to a month index; ValueError otherwise."""
    value = text.strip()
    match = re.match(r"^(\d{4})-(\d{2})$", value)
    if match:
        month = int(match.group(2))
        if 1 <= month <= 12:
            return int(match.group(1)) * 12 + month - 1
        raise ValueError(_("Måneden i %(code)s findes ikke.") % {"code": value})
    period = parse_period(value)
    if period.kind != CalendarPeriodKind.MONTH:
        raise ValueError(_("Skriv en måned som 2018-03."))
    return period.month
