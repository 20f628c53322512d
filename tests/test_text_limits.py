"""Text fields state their limit and never cut text.

Found by using the product: a journal section lost everything past 10,000 characters without
a word, because the textarea carried a maxlength attribute and the browser cut the pasted
text before it was sent.
"""

from __future__ import annotations

import io
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from fremdrift.conversations.models import Conversation
from fremdrift.core.forms import TEXT_LIMIT, DkfdsFormMixin
from fremdrift.results.statistics.errors import StatisticsImportError
from fremdrift.results.statistics.writer import import_statistics
from fremdrift.toolbox.theory.services import theory_create
from tests.conftest import login
from tests.conversations.test_views import form_data, new_url

pytestmark = pytest.mark.django_db


def textarea(body: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>', body)
    assert found, name
    return found.group(0)


def test_a_journal_section_states_its_limit_and_no_browser_cuts_it(
    odense_caseworker, odense_citizen
):
    body = login(odense_caseworker).get(new_url(odense_citizen)).content.decode()
    area = textarea(body, "section_status")
    assert " maxlength=" not in area
    group = body[: body.index(area)].rsplit('<div class="form-group', 1)[1]
    assert 'form-limit" data-maxlength="10000"' in group  # the design system counts down
    assert "Højst 10.000 tegn." in group


def test_a_section_over_the_limit_is_refused_with_its_length_and_kept(
    odense_caseworker, odense_citizen
):
    long_text = "Borgeren fortæller. " * 600  # 12,000 characters, 11,999 once stripped
    response = login(odense_caseworker).post(
        new_url(odense_citizen), form_data(section_status=long_text)
    )
    assert response.status_code in (200, 400)
    body = response.content.decode()
    error = re.search(r'id="id_section_status_error">.*?</span>(.*?)</span>', body, re.S)
    assert error and "må højst have 10000 tegn (den har 11999)" in " ".join(error.group(1).split())
    assert long_text.strip() in body  # nothing lost: the whole text is still in the form
    assert not Conversation.objects.exists()


class _Notes(DkfdsFormMixin, forms.Form):
    note = forms.CharField(widget=forms.Textarea)
    title = forms.CharField(max_length=200)
    name = forms.CharField(max_length=100)


def test_every_free_text_gets_a_stated_limit_and_no_maxlength():
    form = _Notes()
    assert form.fields["note"].max_length == TEXT_LIMIT
    assert not _Notes({"note": "x" * (TEXT_LIMIT + 1), "title": "t", "name": "n"}).is_valid()
    html = str(form)
    assert " maxlength=" not in html
    assert "Højst 10.000 tegn." in html and "Højst 200 tegn." in html
    # A short field (a name) is not cluttered with a hint; the server still says what is wrong.
    assert "Højst 100 tegn." not in html
    bound = _Notes({"note": "ok", "title": "t", "name": "n" * 101})
    assert not bound.is_valid()
    assert "må højst have 100 tegn (den har 101)" in bound.errors["name"][0]


@pytest.mark.parametrize(
    "url",
    [
        lambda c: reverse("citizens:new"),
        lambda c: reverse("journey:period_new", kwargs={"citizen_pk": c.pk, "kind": "offer"}),
        lambda c: new_url(c),
    ],
)
def test_the_caseworkers_forms_carry_no_maxlength(odense_caseworker, odense_citizen, url):
    body = login(odense_caseworker).get(url(odense_citizen)).content.decode()
    assert "<form" in body and " maxlength=" not in body


def test_services_refuse_a_long_text_instead_of_cutting_it(odense_manager):
    with pytest.raises(ValidationError) as error:
        theory_create(actor=odense_manager, kind="change", title="T" * 201, target_group="Alle")
    assert error.value.message_dict["title"] == ["Højst 200 tegn; teksten har 201."]
    with pytest.raises(StatisticsImportError) as refused:
        import_statistics(io.BytesIO(b""), file_name="x.csv", note="n" * 250)
    assert refused.value.errors == ["Bemærkningen: Højst 200 tegn; teksten har 250."]
