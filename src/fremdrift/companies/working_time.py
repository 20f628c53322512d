"""The work agreement's working time per weekday and its follow-up dates, as typed.

Pure functions: the form parses with them, and the page and the printout add the hours up.
A day is written either as a time span ("8.00-12.00", "8-12", "8:30-14") or as a number of
hours ("4", "4,5 timer"); an empty day is a day off.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

WEEKDAYS = (
    "hours_monday",
    "hours_tuesday",
    "hours_wednesday",
    "hours_thursday",
    "hours_friday",
    "hours_saturday",
    "hours_sunday",
)
WEEKDAY_LABELS = {
    "hours_monday": gettext_lazy("Mandag"),
    "hours_tuesday": gettext_lazy("Tirsdag"),
    "hours_wednesday": gettext_lazy("Onsdag"),
    "hours_thursday": gettext_lazy("Torsdag"),
    "hours_friday": gettext_lazy("Fredag"),
    "hours_saturday": gettext_lazy("Lørdag"),
    "hours_sunday": gettext_lazy("Søndag"),
}

_TIME = r"(\d{1,2})(?:[.:](\d{2}))?"
_SPAN = re.compile(rf"^{_TIME}\s*[-–]\s*{_TIME}$")
_HOURS = re.compile(r"^(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:t|timer|time)?\.?$", re.IGNORECASE)
_DATE_FORMATS = ("%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%y")


class WorkingTimeError(ValueError):
    """The day's text is neither a time span nor a number of hours; the message says why."""


def _minutes(hour: str, minute: str | None) -> int:
    h, m = int(hour), int(minute or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        raise WorkingTimeError(_("%(time)s er ikke et klokkeslæt.") % {"time": f"{hour}.{m:02d}"})
    return h * 60 + m


def _clock(minutes: int) -> str:
    return f"{minutes // 60}.{minutes % 60:02d}"


def parse_day(text: str) -> tuple[str, Decimal]:
    """The day written the one way the printout shows it, and its hours.

    Raises WorkingTimeError (a Danish message) for anything else.
    """
    text = " ".join(text.split())
    if not text:
        return "", Decimal(0)
    span = _SPAN.match(text)
    if span:
        start = _minutes(span.group(1), span.group(2))
        end = _minutes(span.group(3), span.group(4))
        if end <= start:
            raise WorkingTimeError(_("Sluttidspunktet skal ligge efter starttidspunktet."))
        hours = (Decimal(end - start) / 60).quantize(Decimal("0.01"))
        return f"{_clock(start)}-{_clock(end)}", hours.normalize()
    amount = _HOURS.match(text)
    if amount:
        try:
            hours = Decimal(amount.group(1).replace(",", "."))
        except InvalidOperation as error:  # pragma: no cover - the pattern admits digits only
            raise WorkingTimeError(str(error)) from error
        if not 0 < hours <= 24:
            raise WorkingTimeError(_("Skriv mellem 0 og 24 timer."))
        return _("%(hours)s timer") % {"hours": hours_text(hours)}, hours.normalize()
    raise WorkingTimeError(_("Skriv et tidsrum som 8.00-12.00 eller et antal timer som 4."))


def hours_text(hours: Decimal) -> str:
    """Hours as a Dane writes them: 4, 4,5 or 5,25 (no trailing zeros, a decimal comma)."""
    return f"{hours.normalize():f}".replace(".", ",")


def week_hours(days: dict[str, str]) -> Decimal:
    """The week's hours from the days as saved (already in the one accepted form)."""
    total = Decimal(0)
    for name in WEEKDAYS:
        try:
            total += parse_day(days.get(name, ""))[1]
        except WorkingTimeError:
            continue  # a saved day is always valid; this guards old or imported rows
    return total


class DateListError(ValueError):
    """A line of the date list is no date; the message names the line."""


def parse_dates(text: str) -> list[dt.date]:
    """One date a line (or separated by commas), sorted, each once."""
    found: set[dt.date] = set()
    parts = [part.strip() for line in text.splitlines() for part in line.split(",")]
    for number, part in enumerate((p for p in parts if p), start=1):
        for fmt in _DATE_FORMATS:
            try:
                found.add(dt.datetime.strptime(part, fmt).date())
                break
            except ValueError:
                continue
        else:
            raise DateListError(
                _("Dato nr. %(number)s (%(text)s) er ikke en dato. Skriv fx 15.06.2026.")
                % {"number": number, "text": part[:20]}
            )
    return sorted(found)
