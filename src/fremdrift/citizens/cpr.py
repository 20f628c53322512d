"""Danish CPR numbers: parsing, validation, what can be derived, and masking.

The modulus-11 check is deliberately not applied: numbers without it have been issued
since 2007, so it would refuse real people.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fremdrift.core import clock

# ASCII digits only: Python's \d also matches Arabic-Indic, full-width and other digits, which
# would give one person a second digest. `plain_digits` turns those into ASCII first.
_CPR_PATTERN = re.compile(r"^([0-9]{2})([0-9]{2})([0-9]{2})-?([0-9]{4})$", re.ASCII)


def plain_digits(raw: str) -> str:
    """The text with every decimal digit of any script written in ASCII, every dash as "-",
    and white space removed.

    A CPR number typed on an Arabic keyboard ("١٦١٢٩٢-١١٢٤"), in full width, or pasted with an
    en dash from a letter is the same number, and must find, hash and refuse as the ASCII one
    does. Anything else that is not a plain digit (superscripts, circled digits, letters) is
    left for the pattern to refuse.
    """
    return "".join(_plain(char) for char in raw or "" if not char.isspace())


def _plain(char: str) -> str:
    if char.isascii():
        return char
    if char.isdecimal():
        return str(unicodedata.decimal(char))
    return "-" if unicodedata.category(char) == "Pd" else char


@dataclass(frozen=True)
class Cpr:
    digits: str  # ten digits, no dash
    birth_date: dt.date
    gender: str  # "F" or "M": the last digit is even for women, odd for men

    @property
    def masked(self) -> str:
        return mask(self.birth_date)

    @property
    def formatted(self) -> str:
        return f"{self.digits[:6]}-{self.digits[6:]}"


def _century(seventh_digit: int, year: int) -> int:
    """The century from the serial number's first digit (CPR office's published table)."""
    if seventh_digit <= 3:
        return 1900
    if seventh_digit in (4, 9):
        return 2000 if year <= 36 else 1900
    return 2000 if year <= 57 else 1800


def parse_cpr(raw: str) -> Cpr:
    """Parse `DDMMYY-SSSS` or `DDMMYYSSSS` (spaces ignored, digits of any script read as
    ASCII), raising a Danish ValidationError."""
    match = _CPR_PATTERN.match(plain_digits(raw))
    if not match:
        raise ValidationError(_("Et CPR-nummer har 10 cifre, fx 010190-1234."), code="cpr_format")
    day, month, year = (int(group) for group in match.groups()[:3])
    serial = match.group(4)
    century = _century(int(serial[0]), year)
    try:
        birth_date = dt.date(century + year, month, day)
    except ValueError as exc:
        raise ValidationError(
            _("CPR-nummerets første seks cifre er ikke en gyldig dato (DDMMÅÅ)."),
            code="cpr_date",
        ) from exc
    if birth_date > clock.today():
        raise ValidationError(_("CPR-nummerets fødselsdato ligger i fremtiden."), code="cpr_future")
    digits = match.group(1) + match.group(2) + match.group(3) + serial
    return Cpr(digits=digits, birth_date=birth_date, gender="M" if int(serial[-1]) % 2 else "F")


def looks_like_cpr(text: str) -> bool:
    return bool(_CPR_PATTERN.match(plain_digits(text)))


def mask(birth_date: dt.date) -> str:
    return birth_date.strftime("%d%m%y") + "-XXXX"
