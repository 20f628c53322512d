import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ME = reverse("accounts:me")


def test_me_requires_login():
    response = Client().get(ME)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_me_answers_the_logged_in_users_initials(odense_caseworker):
    client = Client()
    client.force_login(odense_caseworker)  # Mette Holm
    response = client.get(ME)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "MH"
    assert "no-cache" in response["Cache-Control"]


def test_me_falls_back_to_the_username_without_a_name(odense):
    user = UserFactory(username="xq-bruger", first_name="", last_name="", municipality=odense)
    client = Client()
    client.force_login(user)
    assert client.get(ME).content.decode() == "xq"


def test_me_only_answers_get(odense_caseworker):
    client = Client()
    client.force_login(odense_caseworker)
    assert client.post(ME).status_code == 405
