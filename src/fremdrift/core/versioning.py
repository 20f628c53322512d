"""Optimistic locking: no save silently overwrites a colleague's.

Every record edited through a form carries a version number. The edit form sends back the
version the editor loaded (`VersionedForm`, a hidden field); the service claims the next
version with one conditional UPDATE (`claim_version`) inside the write's transaction, and
raises `EditConflict` with the record as it is now when someone saved in between. The view
shows the same form again, with what the editor typed kept, a table of the fields where the
saved record differs (`edit_conflict`, templates/includes/edit_conflict.html) and the newer
version in the hidden field: saving again is a deliberate overwrite of what they have seen.

A row lock (select_for_update) alone is not enough: it orders two saves, but the second
still writes over the first, because both were typed into forms loaded before either save.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _


class Versioned(models.Model):
    """A record edited through a form: every save through a service raises `version`."""

    # db_default too: the demo's and imports' plain INSERTs name no version column.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        abstract = True


class EditConflict(Exception):
    """Someone saved the record after the editor loaded it; nothing was saved.

    `current` is the record as it is now, `version` its version (the number the form must
    carry for a deliberate overwrite).
    """

    def __init__(self, current: Any, version: int) -> None:
        super().__init__(f"{type(current).__name__} changed since it was loaded")
        self.current = current
        self.version = version


def claim_version(
    record: models.Model,
    expected_version: int,
    *,
    field: str = "version",
    values: Mapping[str, object] | None = None,
    reload: models.QuerySet[Any] | None = None,
) -> None:
    """Take the record's next version if it is still at `expected_version`, else raise
    EditConflict with the record as saved now (read through `reload`, e.g. with its related
    rows). `values` are written in the same UPDATE. Call inside the write's transaction: the
    claim is undone with the write, and on PostgreSQL a concurrent claim waits for this
    transaction and then finds the version gone."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim_version must run inside the write's transaction")
    manager = type(record)._default_manager
    claimed = manager.filter(pk=record.pk, **{field: expected_version}).update(
        **(values or {}), **{field: F(field) + 1}
    )
    if not claimed:
        current = (reload if reload is not None else manager.all()).get(pk=record.pk)
        raise EditConflict(current, getattr(current, field))
    setattr(record, field, expected_version + 1)
    for name, value in (values or {}).items():
        setattr(record, name, value)


class VersionedForm(forms.Form):
    """A form that edits a saved record: it carries the version the editor loaded.

    tests/test_edit_versions.py fails for a form of the product that is neither this nor
    named there as one that edits nothing saved, so a new edit form cannot forget it.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    @property
    def expected_version(self) -> int:
        return int(self.cleaned_data["version"])

    def values(self) -> dict[str, Any]:
        """What the editor entered, without the version."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


@dataclass(frozen=True)
class ConflictRow:
    label: str
    saved: str
    mine: str


@dataclass(frozen=True)
class Conflict:
    """What the conflict part of an edit page shows (templates/includes/edit_conflict.html)."""

    rows: tuple[ConflictRow, ...]


def record_values(record: object, names: Iterable[str]) -> dict[str, object]:
    """The record's saved value for each form field it has (a many-to-many as a list)."""
    saved: dict[str, object] = {}
    for name in names:
        if not hasattr(record, name):
            continue
        value = getattr(record, name)
        saved[name] = list(value.all()) if hasattr(value, "all") else value
    return saved


def edit_conflict(
    form: VersionedForm, error: EditConflict, saved: Mapping[str, object] | None = None
) -> Conflict:
    """The conflict to show: the fields where the saved record (`saved`, by form field name;
    the record's attributes by default) differs from what this editor typed. The form then
    carries the newer version, so saving again overwrites only what they have now seen."""
    names = [name for name in form.fields if name != "version"]
    if saved is None:
        saved = record_values(error.current, names)
    rows = []
    for name in names:
        if name not in saved:
            continue
        mine, theirs = form.cleaned_data.get(name), saved[name]
        if _comparable(mine) != _comparable(theirs):
            field = form.fields[name]
            rows.append(
                ConflictRow(
                    label=str(field.label or name),
                    saved=_display(field, theirs),
                    mine=_display(field, mine),
                )
            )
    data = cast(Any, form.data).copy()  # a QueryDict: the copy keeps many-valued fields
    data[form.add_prefix("version")] = str(error.version)
    form.data = data
    return Conflict(rows=tuple(rows))


def _comparable(value: object) -> object:
    """A value reduced to what identifies it, so form input and saved data compare."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return sorted(str(_comparable(item)) for item in value)
    code = getattr(value, "code", None)  # django-countries' Country
    if code is not None:
        return code
    return str(getattr(value, "pk", value))


def _display(field: forms.Field, value: object) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(_display(field, item) for item in value)
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    full_name = getattr(value, "get_full_name", None)
    if callable(full_name):
        return str(full_name() or getattr(value, "username", ""))
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | float):
        return number_format(value)  # a decimal comma in Danish
    code = getattr(value, "code", None)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        pairs = cast("list[tuple[object, object]]", field.choices)
        choices = {str(key): label for key, label in pairs}
        key = code if code is not None else getattr(value, "pk", value)
        return str(choices.get(str(key), value))
    return str(value)


def bump_version(record: models.Model, *, field: str = "version") -> None:
    """A write without an edit form (a status button) still raises the version, so an
    editor who loaded the record before it gets the conflict page rather than undoing it."""
    type(record)._default_manager.filter(pk=record.pk).update(**{field: F(field) + 1})
    record.refresh_from_db(fields=[field])
