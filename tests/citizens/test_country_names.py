"""The citizen form's country and language lists: in the reader's language and alphabet.

Danish readers saw 'Cambodia', 'Chad' and 'thai' (Django's catalogue writes language names in
lower case, as in running text), and 'Ålandsøerne' among the A's.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from fremdrift.citizens.countries import collation_key
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _options(body: str, field: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{field}".*?</select>', body, re.S).group(0)
    return re.findall(r'<option value="(\w*)"[^>]*>([^<]*)</option>', select)


def _form(client) -> str:
    return client.get(reverse("citizens:new")).content.decode()


def test_the_danish_country_list_is_danish_and_in_danish_order(odense_caseworker):
    body = _form(login(odense_caseworker))
    options = _options(body, "country_of_origin")
    names = dict(options)
    assert names["SY"] == "Syrien" and "Syria" not in names.values()
    assert (names["ER"], names["AF"], names["UA"]) == ("Eritrea", "Afghanistan", "Ukraine")
    assert (names["KH"], names["CM"], names["TD"]) == ("Cambodja", "Cameroun", "Tchad")
    assert not {"Cambodia", "Cameroon", "Chad"} & set(names.values())
    # The most common origins first, then every country (them again) in Danish order.
    assert [code for code, _ in options[1:5]] == ["SY", "UA", "ER", "AF"]
    listed = [name for _, name in options[5:]]
    assert listed == sorted(listed, key=lambda name: collation_key(name, "da"))
    assert (
        listed.index("Zimbabwe")
        < listed.index("Ækvatorialguinea")
        < listed.index("Østrig")
        < listed.index("Ålandsøerne")
    )


def test_the_english_country_list_is_english(odense_caseworker):
    client = login(odense_caseworker)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    options = _options(_form(client), "country_of_origin")
    names = dict(options)
    assert (names["SY"], names["KH"], names["TD"], names["AT"]) == (
        "Syria",
        "Cambodia",
        "Chad",
        "Austria",
    )
    listed = [name for _, name in options[5:]]
    assert listed.index("Åland Islands") < listed.index("Albania")  # Å is an A in English


def test_the_language_list_writes_thai_with_a_capital(odense_caseworker):
    languages = [
        name for _, name in _options(_form(login(odense_caseworker)), "preferred_language")
    ]
    assert "Thai" in languages and "thai" not in languages
    assert all(name[0].isupper() for name in languages)
