"""CVR numbers (the Danish business register): eight digits with a modulus-11 check."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def normalise_cvr(raw: str) -> str:
    """Eight digits, or a Danish ValidationError saying what is wrong."""
    digits = re.sub(r"[\s-]", "", raw or "")
    if not re.fullmatch(r"\d{8}", digits) or digits[0] == "0":
        raise ValidationError(_("Et CVR-nummer har 8 cifre og starter ikke med 0."), code="cvr")
    if sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11:
        raise ValidationError(
            _("CVR-nummeret findes ikke: kontrolcifferet passer ikke. Tjek for tastefejl."),
            code="cvr_check",
        )
    return digits
