"""Field helpers the toolbox's forms share: a long text with a Danish "required" message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

REQUIRED = _("Udfyld feltet.")


def text_field(
    label: str, *, rows: int = 4, required: bool = False, **kwargs: Any
) -> forms.CharField:
    """A textarea of at most 4,000 characters, optional unless said otherwise."""
    kwargs.setdefault("error_messages", {"required": REQUIRED})
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )
