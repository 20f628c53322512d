"""The widgets written out in Python (core/widget_html.py) give exactly the markup Django's
templates give: every widget of every form in the product, bound and unbound, and the
awkward cases (markup in labels and values, optgroups, lazy and numeric labels)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from fremdrift.core import widget_html
from fremdrift.core.forms import DkfdsFormRenderer
from fremdrift.instruments.services import load_builtin_instruments
from tests.test_form_choices import _arguments, build, form_classes

pytestmark = pytest.mark.django_db


def _both_ways(widget: forms.Widget, name: str, value: object, attrs=None) -> tuple[str, str]:
    context = widget.get_context(name, value, attrs)
    fast = widget_html.render(widget.template_name, context)
    slow = TemplatesSetting.render(DkfdsFormRenderer(), widget.template_name, context)
    return (None if fast is None else str(fast)), slow


def _compare_form(form: forms.BaseForm) -> list[str]:
    differences = []
    for bound in form:
        widget = bound.field.widget
        context = widget.get_context(bound.html_name, bound.value(), bound.build_widget_attrs({}))
        fast = widget_html.render(widget.template_name, context)
        if fast is None:
            continue
        slow = TemplatesSetting.render(DkfdsFormRenderer(), widget.template_name, context)
        if str(fast) != slow:
            differences.append(f"{type(form).__qualname__}.{bound.name}:\n{fast}\n!=\n{slow}")
    return differences


def test_every_product_form_renders_the_same_both_ways(odense, odense_caseworker):
    load_builtin_instruments()
    arguments = _arguments(odense, odense_caseworker)
    differences = []
    shown = 0
    for form_class in form_classes():
        form = build(form_class, arguments)
        differences += _compare_form(form)
        shown += len(form.fields)
        for language in ("da", "en"):
            with override(language):
                differences += _compare_form(build(form_class, arguments))
    assert shown > 100
    assert differences == []


class _Awkward(forms.Form):
    plain = forms.ChoiceField(
        choices=[("", "Alle"), ("a&b", "<b>A & B</b>"), (3, 3), ("lazy", gettext_lazy("Alle"))]
    )
    grouped = forms.ChoiceField(
        choices=[("Gruppe <1>", [("x", "X"), ("y", 'Y "quoted"')]), ("z", "Z")]
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")])
    maybe = forms.NullBooleanField()
    text = forms.CharField(widget=forms.TextInput(attrs={"autofocus": True, "off": False}))
    number = forms.DecimalField(localize=True)
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.IntegerField(widget=forms.HiddenInput)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {
            "plain": "a&b",
            "grouped": "y",
            "many": ["a", "c"],
            "maybe": "true",
            "text": "<script>\"x\" & 'y'</script>",
            "number": "1234,5",
            "when": "2026-11-18",
            "hidden": "7",
        },
    ],
)
def test_awkward_values_render_the_same_both_ways(data):
    assert _compare_form(_Awkward(data or None)) == []
    with override("en"):
        assert _compare_form(_Awkward(data or None)) == []


def test_initial_values_of_other_types_render_the_same_both_ways():
    form = _Awkward(
        initial={
            "plain": 3,
            "number": Decimal("1234.5"),
            "when": dt.date(2026, 11, 18),
            "text": mark_safe("<i>safe</i>"),
            "hidden": 12,
        }
    )
    assert _compare_form(form) == []


def test_an_option_template_of_its_own_is_left_to_the_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    fast, slow = _both_ways(Custom(choices=[("a", "A")]), "x", "a")
    assert fast is None
    assert "radio" in slow or "<input" in slow


def test_the_renderer_uses_the_fast_path_and_still_renders_the_rest():
    form = _Awkward()
    html = str(form)
    assert '<select name="plain"' in html
    assert "<textarea" not in html
    assert str(forms.CharField(widget=forms.Textarea).widget.render("t", "a<b")).startswith(
        "<textarea"
    )
