"""The administrator's users and teams pages: what they show and what a form refuses."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from fremdrift.accounts.models import Team, User
from fremdrift.accounts.roles import Role
from fremdrift.audit.models import Action, AuditEntry
from tests.accounts.boundary import OBJECT_URLS
from tests.conftest import login, version_in
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def _new_user(**overrides) -> dict:
    data = {
        "username": "nina",
        "first_name": "Nina",
        "last_name": "Holt",
        "email": "nina@odense.dk",
        "role": "caseworker",
        "team": "",
        "initials": "nh",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
def test_another_municipalitys_administrator_gets_404(request, url_name, holbaek_admin):
    method, _allowed, kwargs_fixture, data = OBJECT_URLS[url_name]
    kwargs = request.getfixturevalue(kwargs_fixture)
    client = login(holbaek_admin)
    url = reverse(url_name, kwargs=kwargs)
    assert getattr(client, method)(url, data if method == "post" else None).status_code == 404
    other = "post" if method == "get" else "get"
    # The other method: refused before anything is looked up, or not found.
    assert getattr(client, other)(url, data if other == "post" else None).status_code in (404, 405)
    assert not AuditEntry.objects.filter(action=Action.USERS).exists()


def test_the_list_shows_active_or_deactivated_users(odense_admin, odense_caseworker, holbaek_admin):
    leaver = UserFactory(
        municipality=odense_admin.municipality, first_name="Bent", last_name="Gik", is_active=False
    )
    client = login(odense_admin)
    active = client.get(reverse("accounts:users")).content.decode()
    assert "Mette Holm" in active and "Bent Gik" not in active
    assert "Team Integration Syd" in active and "Aldrig" in active
    assert "Hanne Bo" not in active  # Holbæk's administrator
    gone = client.get(reverse("accounts:users"), {"vis": "deaktiverede"}).content.decode()
    assert "Bent Gik" in gone and "Mette Holm" not in gone
    every = client.get(reverse("accounts:users"), {"vis": "alle"}).content.decode()
    assert leaver.get_full_name() in every and "Mette Holm" in every


def test_the_menu_has_users_and_teams_for_the_administrator(odense_admin, odense_caseworker):
    page = login(odense_admin).get(reverse("accounts:teams")).content.decode()
    assert f'<a href="{reverse("accounts:teams")}" aria-current="page">Teams</a>' in page
    assert f'<a href="{reverse("accounts:users")}">Brugere</a>' in page
    assert reverse("accounts:teams") not in login(odense_caseworker).get("/").content.decode()


def test_creating_a_user_shows_the_temporary_password_once(odense_admin):
    team = TeamFactory(municipality=odense_admin.municipality, name="Team Nord")
    client = login(odense_admin)
    form = client.get(reverse("accounts:user_new")).content.decode()
    assert 'value="facilitator"' not in form and 'value="operator"' not in form
    response = client.post(reverse("accounts:user_new"), _new_user(team=team.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = re.search(r'id="temporary-password">([^<]+)<', response.content.decode()).group(1)
    user = User.objects.get(username="nina")
    assert user.check_password(password) and user.must_change_password
    assert (user.initials, user.team) == ("NH", team)
    listed = client.get(reverse("accounts:users")).content.decode()
    assert "Nina Holt" in listed and password not in listed


def test_a_refused_user_form_says_why_in_danish_and_saves_nothing(odense_admin, odense_caseworker):
    closed = TeamFactory(municipality=odense_admin.municipality, name="Team Lukket")
    Team.objects.filter(pk=closed.pk).update(closed_on="2026-01-01")
    client = login(odense_admin)
    for data, message in [
        (_new_user(role="facilitator"), "Marker en gyldig valgmulighed"),
        (_new_user(username="odense-sagsbehandler"), "Brugernavnet er allerede i brug."),
        (_new_user(initials="X1"), "Initialer er 2-5 bogstaver"),
        (_new_user(team=closed.pk), "Marker en gyldig valgmulighed"),
    ]:
        response = client.post(reverse("accounts:user_new"), data)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not User.objects.filter(username="nina").exists()


def test_editing_a_user_and_the_conflict_page(odense_admin, odense_caseworker):
    client = login(odense_admin)
    url = reverse("accounts:user_edit", kwargs={"pk": odense_caseworker.pk})
    version = version_in(client.get(url).content.decode())
    data = _new_user(first_name="Mette", last_name="Holm", role="consultant", version=version)
    assert client.post(url, data).status_code == 302
    odense_caseworker.refresh_from_db()
    assert (odense_caseworker.role, odense_caseworker.initials) == (Role.CONSULTANT, "NH")
    stale = client.post(url, {**data, "last_name": "Andersen"})
    body = stale.content.decode()
    assert "Der er gemt en ændring af en anden, mens du redigerede" in body
    odense_caseworker.refresh_from_db()
    assert odense_caseworker.last_name == "Holm"


def test_the_administrator_cannot_demote_or_deactivate_themself(odense_admin):
    client = login(odense_admin)
    url = reverse("accounts:user_edit", kwargs={"pk": odense_admin.pk})
    page = client.get(url).content.decode()
    assert "Deaktivér brugeren" not in page
    data = _new_user(first_name="Per", last_name="Dahl", role="manager", version=version_in(page))
    refused = client.post(url, data)
    assert "Du kan ikke fjerne din egen administratorrolle" in refused.content.decode()
    deactivate = reverse("accounts:user_deactivate", kwargs={"pk": odense_admin.pk})
    followed = client.post(deactivate, follow=True).content.decode()
    assert "Du kan ikke deaktivere dig selv" in followed
    odense_admin.refresh_from_db()
    assert odense_admin.is_active and odense_admin.role == Role.ADMINISTRATOR


def test_deactivate_reactivate_and_reset_from_the_page(odense_admin, odense_caseworker):
    client = login(odense_admin)
    pk = odense_caseworker.pk
    done = client.post(reverse("accounts:user_deactivate", kwargs={"pk": pk}), follow=True)
    assert "er deaktiveret. Alle brugerens sessioner er afsluttet." in done.content.decode()
    assert "Genaktivér brugeren" in done.content.decode()
    client.post(reverse("accounts:user_reactivate", kwargs={"pk": pk}))
    odense_caseworker.refresh_from_db()
    assert odense_caseworker.is_active
    reset = client.post(reverse("accounts:user_password_reset", kwargs={"pk": pk}))
    password = re.search(r'id="temporary-password">([^<]+)<', reset.content.decode()).group(1)
    odense_caseworker.refresh_from_db()
    assert odense_caseworker.check_password(password)


def test_teams_create_duplicate_rename_and_close(odense_admin, odense_caseworker):
    client = login(odense_admin)
    teams = reverse("accounts:teams")
    assert client.post(teams, {"name": "Team Nord"}).status_code == 302
    twice = client.post(teams, {"name": "team nord"})
    assert twice.status_code == 200
    assert "Kommunen har allerede et team med det navn." in twice.content.decode()
    assert Team.objects.filter(name__iexact="team nord").count() == 1
    busy = odense_caseworker.team
    edit = reverse("accounts:team_edit", kwargs={"pk": busy.pk})
    page = client.get(edit).content.decode()
    assert "Mette Holm" in page  # its members
    refused = client.post(reverse("accounts:team_close", kwargs={"pk": busy.pk}), follow=True)
    assert "Teamet har stadig 1 aktivt medlem" in refused.content.decode()
    empty = Team.objects.get(name="Team Nord")
    edit = reverse("accounts:team_edit", kwargs={"pk": empty.pk})
    version = version_in(client.get(edit).content.decode())
    assert client.post(edit, {"name": "Team Nordvest", "version": version}).status_code == 302
    client.post(reverse("accounts:team_close", kwargs={"pk": empty.pk}))
    empty.refresh_from_db()
    assert empty.name == "Team Nordvest" and empty.closed_on is not None
    listed = client.get(teams).content.decode()
    assert "Lukket" in listed
    form = client.get(reverse("accounts:user_new")).content.decode()
    assert "Team Nordvest" not in form
