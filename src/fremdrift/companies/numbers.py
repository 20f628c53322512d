"""The company register's numbers besides CVR: P-numbers and Danish phone numbers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalise_p_number(raw: str) -> str:
    """Ten digits (spaces allowed when typed), "" for none, or a Danish ValidationError."""
    digits = re.sub(r"\s", "", raw or "")
    if digits and not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(
            _("P-nummeret skal have 10 cifre, fx 1012345678. Find det på virk.dk."),
            code="p_number",
        )
    return digits


def normalise_phone(raw: str) -> str:
    """A Danish phone number as 8 digits in pairs, with +45 in front if it was typed,
    "" for none, or a Danish ValidationError."""
    compact = re.sub(r"[\s-]", "", raw or "")
    if not compact:
        return ""
    match = re.fullmatch(r"(\+45|0045)?(\d{8})", compact)
    if match is None:
        raise ValidationError(
            _(
                "Telefonnummeret skal være et dansk nummer med 8 cifre, evt. med +45 foran, "
                "fx 61 22 33 44."
            ),
            code="phone",
        )
    digits = match.group(2)
    pairs = " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    return f"+45 {pairs}" if match.group(1) else pairs
