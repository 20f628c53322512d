"""No choice field offers "---------": an empty choice says what choosing nothing means.

Every form class in the product is found by walking its modules, built with the arguments
its constructor asks for, and rendered; a form whose constructor asks for an argument this
test does not know fails here, so a new form cannot slip past.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django import forms

import fremdrift
from fremdrift.accounts.models import User
from fremdrift.companies.models import AgreementParty, ContactPerson
from fremdrift.conversations.sections import DEFAULT_SECTIONS
from fremdrift.core.forms import DkfdsFormMixin
from fremdrift.instruments.response_services import current_version
from fremdrift.instruments.services import load_builtin_instruments
from fremdrift.journey.forms import OfferForm
from fremdrift.journey.models import OfferType, Period
from fremdrift.toolbox.models import ActionPlan, TheoryItem, TheoryOfChange

pytestmark = pytest.mark.django_db

DASHES = "---------"  # Django's empty choice


def form_classes() -> Iterator[type[forms.BaseForm]]:
    seen: set[type] = set()
    for module_info in pkgutil.walk_packages(fremdrift.__path__, "fremdrift."):
        if ".migrations" in module_info.name or module_info.name.endswith("settings"):
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__.startswith("fremdrift.")
                and value not in seen
            ):
                seen.add(value)
                yield value


def _arguments(municipality, user: User) -> dict[str, Callable[[], Any]]:
    """What each keyword a form's constructor asks for is given, by the keyword's name."""
    sections = list(DEFAULT_SECTIONS)
    return {
        "user": lambda: user,
        "sections": lambda: sections,
        "current": lambda: sections,
        "texts": lambda: {},
        "offers": lambda: Period.objects.all(),
        "months": lambda: [(1, "januar 2026")],
        "theories": lambda: TheoryOfChange.objects.all(),
        "owners": lambda: User.objects.filter(municipality=municipality),
        "theory_items": lambda: TheoryItem.objects.all(),
        "actions": lambda: [],
        "notes": lambda: {},
        "elements": lambda: [],
        "plans": lambda: ActionPlan.objects.all(),
        "version": lambda: current_version(municipality, "self_evaluation"),
        "text_label": lambda: "Tekst",
        "targets": lambda: [],
        "contacts": lambda: ContactPerson.objects.all(),
        "consultants": lambda: User.objects.filter(municipality=municipality),
        "receivers": lambda: User.objects.filter(municipality=municipality),
        "offer_types": lambda: list(OfferType.objects.all()),
        "municipality_id": lambda: municipality.pk,
        "parties": lambda: list(AgreementParty.choices),
    }


def build(form_class: type[forms.BaseForm], arguments: dict[str, Callable[[], Any]]):
    parameters = inspect.signature(form_class.__init__).parameters.values()
    required = [
        p.name
        for p in parameters
        if p.kind == p.KEYWORD_ONLY and p.default is inspect.Parameter.empty
    ]
    missing = [name for name in required if name not in arguments]
    assert not missing, f"{form_class.__qualname__} asks for {missing}: give them a value here"
    return form_class(**{name: arguments[name]() for name in required})


def choice_labels(form: forms.BaseForm) -> Iterator[tuple[str, str]]:
    for name, field in form.fields.items():
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            for _value, label in field.choices:
                yield name, str(label)


def test_the_walk_finds_the_forms_with_an_empty_choice():
    names = {form_class.__name__ for form_class in form_classes()}
    assert {"CitizenForm", "OfferForm", "BenefitForm", "ActionForm", "LoginForm"} <= names


def test_no_choice_field_offers_dashes(odense, odense_caseworker):
    load_builtin_instruments()
    arguments = _arguments(odense, odense_caseworker)
    offenders = []
    for form_class in form_classes():
        form = build(form_class, arguments)
        offenders += [
            f"{form_class.__qualname__}.{name}"
            for name, label in choice_labels(form)
            if label == DASHES
        ]
        if DASHES in str(form):
            offenders.append(f"{form_class.__qualname__} (rendered)")
    assert offenders == [], offenders


class _Choices(DkfdsFormMixin, forms.Form):
    benefit = forms.ModelChoiceField(label="Ydelse", queryset=User.objects.none())
    helper = forms.ModelChoiceField(label="Hjælper", queryset=User.objects.none(), required=False)
    caseworker = forms.ModelChoiceField(
        label="Sagsbehandler", queryset=User.objects.none(), required=False,
        empty_label="Ingen sagsbehandler",
    )  # fmt: skip
    kind = forms.ChoiceField(label="IGU-type", choices=[("", DASHES), ("a", "A")])


def test_the_empty_choice_asks_for_a_choice_or_says_none():
    form = _Choices()
    assert form.fields["benefit"].empty_label == "Vælg ydelse"
    assert form.fields["helper"].empty_label == "Ingen"
    assert form.fields["caseworker"].empty_label == "Ingen sagsbehandler"  # its own is kept
    assert list(form.fields["kind"].choices) == [("", "Vælg IGU-type"), ("a", "A")]


def test_the_offer_form_names_its_empty_choices(odense_caseworker):
    html = str(OfferForm(user=odense_caseworker))
    assert '<option value="" selected>Vælg tilbud</option>' in html
    assert '<option value="" selected>Ingen virksomhed</option>' in html
