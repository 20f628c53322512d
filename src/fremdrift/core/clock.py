"""The product's one clock: every "now" and "today" in Fremdrift is read here.

Deadlines, phases, the latest full month, default baselines and report years all follow
from today's date, so they must agree with each other within a request and be movable in
tests. Tests move this clock with time-machine (tests/conftest.py, FREMDRIFT_TODAY); an
architecture test refuses any other reading of the calendar in the product.

"Today" is the date in the product's time zone (Europe/Copenhagen): at 00:30 on 1 December
in Odense it is December, although UTC still says 30 November.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """The current moment, time-zone aware (UTC)."""
    return timezone.now()


def today() -> dt.date:
    """Today's date where the job centres are."""
    return timezone.localdate(now())


def parse_moment(text: str) -> dt.datetime:
    """'2028-02-29' (10:00 that day) or '2028-02-29T23:30' in the product's time zone.

    Used by the tests' FREMDRIFT_TODAY; a ValueError names what was expected.
    """
    value = text.strip()
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"not a date or date-time (expected 2028-02-29): {text!r}") from exc
    if len(value) == 10:
        moment = moment.replace(hour=10)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment
