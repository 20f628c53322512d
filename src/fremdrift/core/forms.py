"""Forms render with the design system's markup (DKFDS) through one renderer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from fremdrift.core import widget_html
from fremdrift.core.texts import refuse_direction_controls

_WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxInput, "form-checkbox"),
    (forms.RadioSelect, "form-radio"),
    (forms.Select, "form-select"),
    (forms.Textarea, "form-input"),
    (Input, "form-input"),
]


class DkfdsFormRenderer(TemplatesSetting):
    form_template_name = "forms/dkfds_form.html"
    field_template_name = "forms/dkfds_field.html"

    def render(self, template_name: str, context: Any, request: HttpRequest | None = None) -> str:
        # Selects and inputs in Python, the same markup as their templates (widget_html.py).
        fast = widget_html.render(template_name, context)
        if fast is not None:
            return fast
        return super().render(template_name, context, request=request)


# A free text without a limit of its own gets this one: a journal section's length.
TEXT_LIMIT = 10_000
# Single-line texts this long or longer state their limit and count down, as text areas do.
LIMIT_SHOWN_FROM = 200


class DkfdsFormMixin:
    """Adds the design system's classes to every widget, a stated limit to free texts, a
    refusal of invisible direction controls in them, and a Danish empty choice where Django
    would offer dashes."""

    # The heading above the form's errors; None gives the templates' "the form could not be
    # saved", which is wrong where nothing is saved (a login, a search).
    error_heading: str | Promise | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            for widget_type, css_class in _WIDGET_CLASSES:
                if isinstance(widget, widget_type):
                    existing = widget.attrs.get("class", "")
                    widget.attrs["class"] = f"{existing} {css_class}".strip()
                    break
            if isinstance(field, forms.CharField):
                state_the_limit(field)
                field.validators.append(refuse_direction_controls)
            if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
                name_the_empty_choice(field)
            if isinstance(field, forms.DateField):
                field.validators.append(within_the_calendar)
            if isinstance(field, forms.IntegerField) and field.max_value is None:
                field.validators.append(within_a_database_integer)


# Every date the product keeps lies in these years; outside them a date is a typing error,
# and year 1 or 9999 breaks the month arithmetic (OverflowError) of whatever reads it later.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
LARGEST_INTEGER = 2**31 - 1  # the database's integer column


def within_the_calendar(value: dt.date | None) -> None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Datoen skal ligge mellem 1. januar 1900 og 31. december 2099."), code="date_range"
        )


def within_a_database_integer(value: int | None) -> None:
    if value is not None and abs(value) > LARGEST_INTEGER:
        raise ValidationError(
            _("Tallet er for stort; skriv højst %(limit)s.")
            % {"limit": number_format(LARGEST_INTEGER, force_grouping=True)},
            code="integer_range",
        )


def state_the_limit(field: forms.CharField) -> None:
    """Text is never cut: no maxlength attribute (a browser cuts a longer paste without a
    word), a limit stated in the hint and counted down (DKFDS' character limit), and a
    Danish error from the server that says how much is too much."""
    widget = field.widget
    if isinstance(widget, forms.Textarea) and field.max_length is None:
        field.max_length = TEXT_LIMIT
        field.validators.append(MaxLengthValidator(TEXT_LIMIT))
    widget.attrs.pop("maxlength", None)
    limit = field.max_length
    if limit is None or not (isinstance(widget, forms.Textarea) or limit >= LIMIT_SHOWN_FROM):
        return
    field.limit_shown = limit  # type: ignore[attr-defined]
    stated = _("Højst %(limit)s tegn.") % {"limit": number_format(limit, force_grouping=True)}
    field.help_text = f"{field.help_text} {stated}" if field.help_text else stated


# Django's empty choice (ModelChoiceField's empty_label and a model field's BLANK_CHOICE_DASH).
DASHES = "---------"


def name_the_empty_choice(field: forms.ChoiceField | forms.ModelChoiceField) -> None:
    """Dashes say nothing about what choosing nothing means. A required choice asks for one
    ("Vælg ydelse"); on an optional one, nothing means none ("Ingen"). A field that names its
    own empty choice ("Ingen endnu", "Alle") keeps it."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DASHES:
            field.empty_label = _empty_label(field)
        return
    choices: list[tuple[object, object]] = list(field.choices)  # type: ignore[arg-type]
    if any(value in ("", None) and text == DASHES for value, text in choices):
        label = _empty_label(field)
        field.choices = [
            (value, label if value in ("", None) and text == DASHES else text)
            for value, text in choices
        ]


def _empty_label(field: forms.Field) -> str:
    if not field.required:
        return _("Ingen")
    label = str(field.label or "")
    if not label:
        return _("Vælg")
    # "Ydelse" reads "Vælg ydelse"; an abbreviation ("KL's tjekliste", "IGU") keeps its case.
    if not label[:2].isupper():
        label = label[:1].lower() + label[1:]
    return _("Vælg %(label)s") % {"label": label}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


@contextmanager
def service_errors(form: forms.BaseForm) -> Iterator[None]:
    """Run a service for a valid form: its Danish ValidationError goes onto the form (see
    add_service_errors) and goes no further, so the view checks `form.errors` and shows the
    form again. The one place the views turn a refused write into what the user reads."""
    try:
        yield
    except ValidationError as error:
        own = getattr(form, "add_service_errors", None)  # a form that places them itself
        if own is not None:
            own(error)
        else:
            add_service_errors(form, error)


@dataclass
class Refusal:
    refused: bool = False


@contextmanager
def refusal_as_message(request: HttpRequest) -> Iterator[Refusal]:
    """Run a service behind a button (no form to correct): its Danish ValidationError
    becomes an error message on the next page, and `refusal.refused` says so."""
    refusal = Refusal()
    try:
        yield refusal
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        refusal.refused = True


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's Danish errors onto the form: on their field where the form has one, above
    the form otherwise (a service may name a field of another form, e.g. the programme's)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)
