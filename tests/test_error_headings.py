"""A form's errors are headed by what went wrong for that form; the default says the form
could not be saved, which is wrong where nothing is saved (a login)."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string

from fremdrift.core.forms import DkfdsFormMixin


class _Saved(DkfdsFormMixin, forms.Form):
    name = forms.CharField(label="Navn")

    def clean(self):
        raise forms.ValidationError("Noget gik galt.")


class _Search(_Saved):
    error_heading = "Søgningen kunne ikke udføres"


def _summary(form: forms.Form, **context) -> str:
    return render_to_string("includes/error_summary.html", {"form": form, **context})


def test_the_form_and_the_summary_use_the_forms_own_heading():
    form = _Search({"name": ""})
    assert '<p class="alert-heading">Søgningen kunne ikke udføres</p>' in str(form)
    assert '<p class="alert-heading">Søgningen kunne ikke udføres</p>' in _summary(form)
    page = _summary(form, heading="Siden svarer ikke")
    assert '<p class="alert-heading">Siden svarer ikke</p>' in page


def test_a_form_without_its_own_heading_keeps_the_default():
    form = _Saved({"name": "Rama"})
    assert '<p class="alert-heading">Formularen kunne ikke gemmes</p>' in str(form)
    assert '<p class="alert-heading">Der er fejl i formularen</p>' in _summary(form)
