import pytest
from django.urls import reverse

from fremdrift.core.sqlite_like import unicode_like
from tests.conftest import login
from tests.factories import CitizenFactory


def test_like_semantics():
    assert unicode_like("%øst%", "Ældrepleje Øst")
    assert unicode_like("Æ_dre%", "ældrepleje")
    assert not unicode_like("%vest%", "Ældrepleje Øst")
    assert unicode_like("100\\%%", "100% sikker", "\\")
    assert not unicode_like("100\\%%", "1000", "\\")
    assert unicode_like(None, "x") is None


@pytest.mark.django_db
def test_search_finds_danish_letters_whatever_the_case(odense_caseworker, odense):
    CitizenFactory(municipality=odense, first_name="Søren", last_name="Ærø")
    body = login(odense_caseworker).get(reverse("citizens:list"), {"q": "ærø søren"})
    assert "Ærø, Søren" in body.content.decode()


def test_like_fast_path_keeps_wildcards_inside_the_pattern():
    assert unicode_like("%a_c%", "xxABCxx")
    assert not unicode_like("%a_c%", "xxACxx")
    assert unicode_like("%a\\_c%", "xa_cx", "\\")
    assert not unicode_like("%a\\_c%", "xabcx", "\\")
