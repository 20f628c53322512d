"""A NUL character in the address or a form is a clear 400, never a server error.

Found by fuzzing on PostgreSQL, which refuses NUL in text: a query parameter with one gave a
DataError (HTTP 500) on the page for a new period.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from fremdrift.citizens.models import Citizen
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_a_nul_in_the_query_string_is_refused_in_danish(odense_caseworker, odense_citizen):
    url = reverse("journey:period_new", kwargs={"citizen_pk": odense_citizen.pk, "kind": "offer"})
    response = login(odense_caseworker).get(url, {"next": "a\x00b"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Forespørgslen kan ikke bruges" in body and "nul-tegn" in body
    assert "Mette Holm" in body  # the page's own header: the user is still logged in


def test_a_nul_in_a_posted_field_changes_nothing(odense_caseworker, odense_citizen):
    url = reverse("citizens:edit", kwargs={"pk": odense_citizen.pk})
    response = login(odense_caseworker).post(url, {"first_name": "Ra\x00ma"})
    assert response.status_code == 400
    assert Citizen.objects.get().first_name == "Rama"


def test_ordinary_text_passes(odense_caseworker):
    response = login(odense_caseworker).get(reverse("citizens:list"), {"q": "Rama"})
    assert response.status_code == 200
