"""The administrator's writes on users and teams (accounts.user_services), called directly."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fremdrift.accounts import user_services as services
from fremdrift.accounts.models import Team, User
from fremdrift.accounts.roles import Role
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.core import clock
from fremdrift.core.versioning import EditConflict
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def _data(**overrides) -> dict:
    data = {
        "username": "nina",
        "first_name": "Nina",
        "last_name": "Holt",
        "email": "nina@odense.dk",
        "role": Role.CASEWORKER,
        "team": None,
        "initials": "NH",
    }
    return {**data, **overrides}


def _entries(purpose: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=Action.USERS, purpose=purpose))


def test_create_gives_a_temporary_password_that_must_be_changed(odense_admin):
    team = TeamFactory(municipality=odense_admin.municipality, name="Team Nord")
    user, password = services.user_create(odense_admin, _data(team=team))
    user.refresh_from_db()
    assert password and len(password) == 19
    assert user.check_password(password)
    assert user.must_change_password
    assert (user.municipality, user.team, user.initials) == (odense_admin.municipality, team, "NH")
    (entry,) = _entries("Bruger oprettet")
    assert entry.actor == odense_admin and entry.municipality == odense_admin.municipality
    assert entry.details["user"] == "nina"
    assert entry.details["after"]["team"] == "Team Nord"
    assert password not in str(entry.details)


def test_temporary_passwords_differ():
    assert len({services.temporary_password() for _ in range(50)}) == 50


def test_a_single_sign_on_user_gets_no_password(odense_admin):
    user, password = services.user_create(odense_admin, _data(), local_password=False)
    assert password is None
    assert not user.has_usable_password() and not user.must_change_password


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.OPERATOR, "superuser"])
def test_the_installation_roles_are_never_given_by_a_municipality(odense_admin, role):
    with pytest.raises(ValidationError) as refused:
        services.user_create(odense_admin, _data(role=role))
    assert "role" in refused.value.message_dict
    assert not User.objects.filter(username="nina").exists()


def test_only_an_administrator_creates_users(odense_manager):
    with pytest.raises(PermissionDenied):
        services.user_create(odense_manager, _data())


def test_a_closed_team_or_another_municipalitys_team_cannot_be_chosen(odense_admin, holbaek):
    closed = TeamFactory(municipality=odense_admin.municipality, closed_on=clock.today())
    for team in (closed, TeamFactory(municipality=holbaek)):
        with pytest.raises(ValidationError) as refused:
            services.user_create(odense_admin, _data(team=team))
        assert "team" in refused.value.message_dict


def test_initials_are_unique_in_the_municipality(odense_admin, odense_caseworker, holbaek):
    odense_caseworker.initials = "NH"
    odense_caseworker.save()
    with pytest.raises(ValidationError) as refused:
        services.user_create(odense_admin, _data())
    assert refused.value.message_dict["initials"] == [
        "En anden bruger i kommunen har allerede de initialer."
    ]
    UserFactory(municipality=holbaek, initials="AB")
    services.user_create(odense_admin, _data(initials="AB"))  # another municipality's: free


def test_edit_records_before_and_after(odense_admin, odense_caseworker):
    team = TeamFactory(municipality=odense_admin.municipality, name="Team Vest")
    data = _data(first_name="Mette", last_name="Holm-Berg", role=Role.MANAGER, team=team)
    services.user_update(odense_admin, odense_caseworker, data, expected_version=1)
    odense_caseworker.refresh_from_db()
    assert (odense_caseworker.last_name, odense_caseworker.role) == ("Holm-Berg", Role.MANAGER)
    assert odense_caseworker.version == 2
    (entry,) = _entries("Bruger ændret")
    assert entry.details["before"]["role"] == Role.CASEWORKER
    assert entry.details["after"] == {
        "email": "nina@odense.dk",
        "initials": "NH",
        "last_name": "Holm-Berg",
        "role": Role.MANAGER,
        "team": "Team Vest",
    }


def test_edit_of_a_user_changed_meanwhile_is_a_conflict(odense_admin, odense_caseworker):
    services.user_update(odense_admin, odense_caseworker, _data(), expected_version=1)
    with pytest.raises(EditConflict) as conflict:
        services.user_update(
            odense_admin, odense_caseworker, _data(first_name="Anden"), expected_version=1
        )
    assert conflict.value.version == 2
    odense_caseworker.refresh_from_db()
    assert odense_caseworker.first_name == "Nina"


def test_another_municipalitys_user_is_refused(odense_admin, holbaek_caseworker):
    with pytest.raises(PermissionDenied):
        services.user_update(odense_admin, holbaek_caseworker, _data(), expected_version=1)
    with pytest.raises(PermissionDenied):
        services.user_set_active(odense_admin, holbaek_caseworker, active=False)
    with pytest.raises(PermissionDenied):
        services.user_reset_password(odense_admin, holbaek_caseworker)


def test_an_administrator_keeps_their_own_role(odense_admin):
    with pytest.raises(ValidationError) as refused:
        services.user_update(
            odense_admin, odense_admin, _data(role=Role.MANAGER), expected_version=1
        )
    assert "role" in refused.value.message_dict
    odense_admin.refresh_from_db()
    assert odense_admin.role == Role.ADMINISTRATOR


def test_an_administrator_cannot_deactivate_themself(odense_admin):
    with pytest.raises(ValidationError):
        services.user_set_active(odense_admin, odense_admin, active=False)
    odense_admin.refresh_from_db()
    assert odense_admin.is_active


def test_deactivate_and_reactivate_are_audited_and_nothing_is_deleted(
    odense_admin, odense_caseworker
):
    services.user_set_active(odense_admin, odense_caseworker, active=False)
    odense_caseworker.refresh_from_db()
    assert not odense_caseworker.is_active
    assert odense_caseworker.session_epoch == 1
    services.user_set_active(odense_admin, odense_caseworker, active=True)
    odense_caseworker.refresh_from_db()
    assert odense_caseworker.is_active
    assert [e.details["after"] for e in _entries("Bruger deaktiveret")] == [{"is_active": False}]
    assert [e.details["after"] for e in _entries("Bruger genaktiveret")] == [{"is_active": True}]


def test_reset_password_gives_a_new_temporary_one(odense_admin, odense_caseworker):
    password = services.user_reset_password(odense_admin, odense_caseworker)
    odense_caseworker.refresh_from_db()
    assert odense_caseworker.check_password(password)
    assert not odense_caseworker.check_password("korrekt-hest-batteri")
    assert odense_caseworker.must_change_password
    (entry,) = _entries("Adgangskode nulstillet")
    assert password not in str(entry.details)


def test_a_single_sign_on_user_has_no_password_to_reset(odense_admin):
    user, _ = services.user_create(odense_admin, _data(), local_password=False)
    with pytest.raises(ValidationError):
        services.user_reset_password(odense_admin, user)


def test_team_create_rename_and_unique_name(odense_admin, holbaek):
    team = services.team_create(odense_admin, "  Team   Nord ")
    assert team.name == "Team Nord"
    with pytest.raises(ValidationError) as refused:
        services.team_create(odense_admin, "team nord")
    assert refused.value.message_dict["name"] == ["Kommunen har allerede et team med det navn."]
    TeamFactory(municipality=holbaek, name="Team Syd")
    services.team_rename(odense_admin, team, "Team Syd", expected_version=1)
    team.refresh_from_db()
    assert team.name == "Team Syd"
    with pytest.raises(EditConflict):
        services.team_rename(odense_admin, team, "Team Øst", expected_version=1)
    (renamed,) = _entries("Team omdøbt")
    assert renamed.details["before"] == {"name": "Team Nord"}
    assert len(_entries("Team oprettet")) == 1


def test_a_team_with_active_members_is_not_closed(odense_admin, odense_caseworker):
    team = odense_caseworker.team
    with pytest.raises(ValidationError) as refused:
        services.team_close(odense_admin, team)
    assert "1 aktivt medlem" in refused.value.messages[0]
    team.refresh_from_db()
    assert team.closed_on is None
    # Once the member has left, the team closes, and the leaver keeps its name.
    services.user_set_active(odense_admin, odense_caseworker, active=False)
    services.team_close(odense_admin, team)
    team.refresh_from_db()
    odense_caseworker.refresh_from_db()
    assert team.closed_on == clock.today()
    assert odense_caseworker.team == team
    assert len(_entries("Team lukket")) == 1
    with pytest.raises(ValidationError):
        services.user_create(odense_admin, _data(team=team))


def test_another_municipalitys_team_is_refused(odense_admin, holbaek):
    team = TeamFactory(municipality=holbaek)
    with pytest.raises(PermissionDenied):
        services.team_close(odense_admin, team)
    with pytest.raises(PermissionDenied):
        services.team_rename(odense_admin, team, "X", expected_version=1)
    assert Team.objects.get(pk=team.pk).closed_on is None
