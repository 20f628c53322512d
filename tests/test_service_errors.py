"""core.forms.service_errors and refusal_as_message: the one place a refused write becomes
what the user reads (on the form's fields, or as a message after a button)."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError

from fremdrift.core.forms import refusal_as_message, service_errors


class _Form(forms.Form):
    name = forms.CharField()


def _valid_form() -> _Form:
    form = _Form({"name": "Amal"})
    assert form.is_valid()
    return form


def test_a_refusal_keyed_by_field_lands_on_the_field_and_the_rest_above_the_form():
    form = _valid_form()
    with service_errors(form):
        raise ValidationError({"name": "Navnet er taget.", "programme": "Programmet mangler."})
    assert form.errors["name"] == ["Navnet er taget."]
    assert form.non_field_errors() == ["Programmet mangler."]


def test_a_plain_refusal_is_above_the_form_and_a_success_leaves_no_errors():
    form = _valid_form()
    with service_errors(form):
        pass
    assert not form.errors
    with service_errors(form):
        raise ValidationError("Kan ikke gemmes nu.")
    assert form.non_field_errors() == ["Kan ikke gemmes nu."]


def test_a_form_that_places_errors_itself_is_asked_to():
    placed = []

    class Placing(_Form):
        def add_service_errors(self, error: ValidationError) -> None:
            placed.append(error.messages)

    form = Placing({"name": "Amal"})
    assert form.is_valid()
    with service_errors(form):
        raise ValidationError({"sections": "Skriv mindst ét afsnit."})
    assert placed == [["Skriv mindst ét afsnit."]]


def test_other_errors_go_through():
    with pytest.raises(KeyError), service_errors(_valid_form()):
        raise KeyError("not a refusal")


def test_a_refusal_behind_a_button_becomes_a_message(rf):
    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with refusal_as_message(request) as fine:
        pass
    assert not fine.refused
    with refusal_as_message(request) as refusal:
        raise ValidationError("Runden er allerede lukket.")
    assert refusal.refused
    assert [str(m) for m in get_messages(request)] == ["Runden er allerede lukket."]
