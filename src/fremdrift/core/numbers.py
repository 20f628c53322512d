"""Numbers for people to read, in the active language: '25,6 %' in Danish, '25.6 %' in English.

One helper for the tables, the dashboards and the charts' labels, so a page never mixes a
decimal comma with a decimal point (Django's floatformat already follows the language).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format


def fmt_number(value: float, decimals: int = 1) -> str:
    """`value` rounded to `decimals`, with the language's decimal and thousands separators.

    Python rounds first (half to even on the binary value, like the tables always did);
    Django's number_format would cut the digits off instead of rounding them.
    """
    rounded = Decimal(f"{value:.{decimals}f}")
    return number_format(rounded, decimal_pos=decimals, force_grouping=True)


def fmt_percent(value: float, decimals: int = 1) -> str:
    """A share as the pages write it: the number, a space, the sign ('41,2 %')."""
    return f"{fmt_number(value, decimals)} %"


# An id or a count from a URL or a form: at most this many digits. Python refuses to read
# an integer of more than 4,300 digits with a ValueError, and a database integer column
# holds at most 19; a longer number is never a valid one here.
MAX_DIGITS = 18


def parse_whole_number(text: str | None) -> int | None:
    """`text` as a whole number (ASCII digits, an optional leading minus), or None when it is
    none or too long to be an id or a count."""
    if not text:
        return None
    digits = text[1:] if text.startswith("-") else text
    if not (digits.isascii() and digits.isdigit()) or len(digits) > MAX_DIGITS:
        return None
    return int(text)
