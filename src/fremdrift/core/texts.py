"""What free text may hold: limits that services check, so no text is ever cut without a
word, and no invisible direction controls."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _


def length_error(value: str, limit: int) -> str | None:
    """The Danish error for a text longer than `limit`, or None when it fits."""
    if len(value) <= limit:
        return None
    return _("Højst %(limit)s tegn; teksten har %(length)s.") % {
        "limit": number_format(limit, force_grouping=True),
        "length": number_format(len(value), force_grouping=True),
    }


# The characters that override or isolate the direction of the text around them. In a list
# they can make one name read as another ("RLO" turns "Ali" + "cpr" round) or hide what
# follows. Arabic, Farsi and Tigrinya text needs none of them: the ordinary marks (U+200E,
# U+200F) and the letters' own direction are left alone.
DIRECTION_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def direction_control_error(value: str) -> str | None:
    """The Danish error for a text holding a direction override or isolate, or None."""
    found = next((char for char in value if char in DIRECTION_CONTROLS), None)
    if found is None:
        return None
    return _(
        "Teksten indeholder et usynligt tegn, der vender skriveretningen (U+%(code)04X). "
        "Det kan få teksten til at se ud som noget andet. Fjern det, fx ved at skrive teksten "
        "igen i stedet for at indsætte den."
    ) % {"code": ord(found)}


def refuse_direction_controls(value: str) -> None:
    """Form validator: see `direction_control_error`."""
    error = direction_control_error(value)
    if error is not None:
        raise ValidationError(error, code="direction_control")
