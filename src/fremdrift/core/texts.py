"""Limits on free text that services check, so no text is ever cut without a word."""

from __future__ import annotations

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
