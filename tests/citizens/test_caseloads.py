"""Caseloads moved from one caseworker or consultant to another (citizens/caseload_services)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fremdrift.accounts.roles import Role
from fremdrift.audit.models import Action, AuditAppearance, AuditEntry
from fremdrift.audit.selectors import audit_entries_for_citizen
from fremdrift.citizens.caseload_services import (
    CaseloadChanged,
    caseload_holders,
    caseload_of,
    caseload_sizes,
    move_caseload,
    receivers_for,
)
from fremdrift.citizens.models import Citizen
from fremdrift.core import clock
from fremdrift.core.months import month_index
from fremdrift.journey.models import Period
from fremdrift.results.models import FigureValue
from fremdrift.results.refresh import rebuild
from tests.factories import CitizenFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaver(odense):
    return UserFactory(
        municipality=odense, role=Role.CASEWORKER, first_name="Bo", last_name="Leaver"
    )


@pytest.fixture
def receiver(odense):
    team = TeamFactory(municipality=odense, name="Team Nord")
    return UserFactory(
        municipality=odense, role=Role.CASEWORKER, first_name="Nina", last_name="Ny", team=team
    )


@pytest.fixture
def three(odense, leaver):
    return [
        CitizenFactory(municipality=odense, caseworker=leaver, first_name=n, last_name="Ali")
        for n in ("Aya", "Ben", "Cem")
    ]


@pytest.fixture
def holbaek_admin(holbaek):
    return UserFactory(municipality=holbaek, role=Role.ADMINISTRATOR, username="holbaek-admin")


def _ids(citizens):
    return [c.pk for c in citizens]


def test_a_move_changes_every_citizen_bumps_versions_and_is_one_audited_operation(
    odense_admin, leaver, receiver, three
):
    versions = {c.pk: c.version for c in three}
    moved = move_caseload(
        actor=odense_admin, from_user=leaver, to_user=receiver, citizen_ids=_ids(three)
    )
    assert [c.first_name for c in moved.citizens] == ["Aya", "Ben", "Cem"]
    assert moved.field == "caseworker"
    for citizen in Citizen.objects.filter(pk__in=_ids(three)):
        assert citizen.caseworker_id == receiver.pk
        assert citizen.version == versions[citizen.pk] + 1
    entries = AuditEntry.objects.filter(action=Action.CASELOAD)
    summary = entries.get(citizen__isnull=True)
    assert summary.actor == odense_admin
    assert summary.details["from"]["id"] == leaver.pk
    assert summary.details["to"]["id"] == receiver.pk
    assert sorted(summary.details["citizens"]) == sorted(_ids(three))
    per_citizen = entries.filter(citizen__isnull=False)
    assert sorted(per_citizen.values_list("citizen_id", flat=True)) == sorted(_ids(three))
    assert all(e.request_id == summary.request_id for e in per_citizen)


def test_the_citizens_own_access_log_shows_the_move(
    odense_admin, odense_manager, leaver, receiver, three
):
    move_caseload(
        actor=odense_admin, from_user=leaver, to_user=receiver, citizen_ids=_ids(three[:1])
    )
    log = list(audit_entries_for_citizen(odense_manager, three[0]))
    moves = [e for e in log if e.action == Action.CASELOAD]
    assert len(moves) == 1
    assert moves[0].details["to"]["name"] == "Nina Ny"
    assert not [
        e
        for e in audit_entries_for_citizen(odense_manager, three[1])
        if e.action == Action.CASELOAD
    ]


def test_a_citizen_changed_meanwhile_refuses_the_whole_move(
    odense_admin, odense_caseworker, leaver, receiver, three
):
    Citizen.objects.filter(pk=three[1].pk).update(caseworker=odense_caseworker)
    with pytest.raises(CaseloadChanged) as refused:
        move_caseload(
            actor=odense_admin, from_user=leaver, to_user=receiver, citizen_ids=_ids(three)
        )
    assert refused.value.names == ["Ben Ali"]
    assert "Ben Ali" in refused.value.message
    assert "Intet er flyttet" in refused.value.message
    assert Citizen.objects.filter(caseworker=receiver).count() == 0
    assert Citizen.objects.filter(caseworker=leaver).count() == 2
    assert not AuditEntry.objects.filter(action=Action.CASELOAD).exists()


def test_an_erased_citizen_is_not_moved(odense_admin, leaver, receiver, three):
    Citizen.objects.filter(pk=three[0].pk).update(anonymised_at=clock.now())
    assert [c.pk for c in caseload_of(odense_admin, leaver)] == _ids(three[1:])
    with pytest.raises(CaseloadChanged):
        move_caseload(
            actor=odense_admin, from_user=leaver, to_user=receiver, citizen_ids=_ids(three)
        )


def test_another_municipalitys_citizen_is_refused_without_naming_her(
    odense_admin, leaver, receiver, three, holbaek_citizen
):
    with pytest.raises(CaseloadChanged) as refused:
        move_caseload(
            actor=odense_admin,
            from_user=leaver,
            to_user=receiver,
            citizen_ids=[*_ids(three), holbaek_citizen.pk],
        )
    assert refused.value.names == []
    assert holbaek_citizen.last_name not in refused.value.message
    holbaek_citizen.refresh_from_db()
    assert holbaek_citizen.caseworker_id != receiver.pk


@pytest.mark.parametrize(
    "change",
    [
        {"is_active": False},
        {"role": Role.CONSULTANT},
        {"role": Role.ADMINISTRATOR},
        {"municipality": "holbaek"},
    ],
)
def test_the_receiver_must_be_an_active_colleague_with_the_same_kind_of_role(
    request, change, odense_admin, leaver, receiver, three
):
    for field, value in change.items():
        setattr(receiver, field, request.getfixturevalue(value) if value == "holbaek" else value)
    receiver.save()
    with pytest.raises(ValidationError) as refused:
        move_caseload(
            actor=odense_admin, from_user=leaver, to_user=receiver, citizen_ids=_ids(three)
        )
    assert "to_user" in refused.value.message_dict
    assert Citizen.objects.filter(caseworker=leaver).count() == 3


def test_not_to_the_same_person_and_not_nobody(odense_admin, leaver, receiver, three):
    with pytest.raises(ValidationError) as same:
        move_caseload(actor=odense_admin, from_user=leaver, to_user=leaver, citizen_ids=_ids(three))
    assert "to_user" in same.value.message_dict
    with pytest.raises(ValidationError) as nobody:
        move_caseload(actor=odense_admin, from_user=leaver, to_user=receiver, citizen_ids=[])
    assert "citizens" in nobody.value.message_dict


def test_a_manager_may_receive_a_caseworkers_citizens_and_may_move_them(
    odense_manager, leaver, three
):
    moved = move_caseload(
        actor=odense_manager, from_user=leaver, to_user=odense_manager, citizen_ids=_ids(three)
    )
    assert len(moved.citizens) == 3
    assert Citizen.objects.filter(caseworker=odense_manager).count() == 3


def test_a_deactivated_leavers_consultant_caseload_moves_to_a_consultant(
    odense, odense_admin, odense_consultant
):
    gone = UserFactory(municipality=odense, role=Role.CONSULTANT, is_active=False)
    placed = CitizenFactory(municipality=odense, consultant=gone)
    assert gone in caseload_holders(odense_admin)
    assert list(receivers_for(odense_admin, gone)) == [odense_consultant]
    moved = move_caseload(
        actor=odense_admin, from_user=gone, to_user=odense_consultant, citizen_ids=[placed.pk]
    )
    assert moved.field == "consultant"
    placed.refresh_from_db()
    assert placed.consultant_id == odense_consultant.pk
    assert caseload_sizes(odense_admin).get(odense_consultant.pk) == 1


def test_only_the_administrator_and_manager_of_the_own_municipality_move(
    odense_caseworker, odense_consultant, holbaek_admin, leaver, receiver, three
):
    for actor in (odense_caseworker, odense_consultant):
        with pytest.raises(PermissionDenied):
            move_caseload(actor=actor, from_user=leaver, to_user=receiver, citizen_ids=_ids(three))
    with pytest.raises(PermissionDenied):
        move_caseload(
            actor=holbaek_admin, from_user=leaver, to_user=receiver, citizen_ids=_ids(three)
        )
    with pytest.raises(PermissionDenied):
        caseload_of(holbaek_admin, leaver)
    assert Citizen.objects.filter(caseworker=leaver).count() == 3


def test_the_figures_follow_the_caseworkers_team_at_once(
    odense, odense_admin, leaver, receiver, three
):
    leaver.team = TeamFactory(municipality=odense, name="Team Syd")
    leaver.save()
    today = clock.today()
    Period.objects.create(
        municipality=odense,
        citizen=three[0],
        kind="programme",
        code="programme",
        start=today.replace(day=1),
    )
    rebuild()  # a full rebuild: the figure table is current, so writes apply at once

    def teams() -> dict[str, int]:
        rows = FigureValue.objects.filter(
            source="own", figure="programme", dim="team", month=month_index(today)
        )
        return dict(rows.values_list("value_key", "numerator"))

    assert teams() == {str(leaver.team_id): 1}
    move_caseload(actor=odense_admin, from_user=leaver, to_user=receiver, citizen_ids=_ids(three))
    assert teams() == {str(receiver.team_id): 1}


def test_the_page_lists_names_only_audits_the_list_and_shows_what_moved(
    as_user, odense_admin, leaver, receiver, three
):
    client = as_user(odense_admin)
    index = client.get(reverse("citizens:caseloads")).content.decode()
    assert "Bo Leaver" in index and "Ali" not in index
    url = reverse("citizens:caseload_move", kwargs={"user_pk": leaver.pk})
    page = client.get(url).content.decode()
    assert "Ali, Aya" in page and "Ali, Cem" in page
    listed = AuditEntry.objects.get(action=Action.LIST)
    assert sorted(listed.details["shown"]) == sorted(_ids(three))
    assert AuditAppearance.objects.filter(entry=listed).count() == 3
    picked = {"citizens": _ids(three[:2]), "to_user": receiver.pk}
    confirm = client.post(url, picked).content.decode()
    assert "Bekræft flytningen" in confirm and "Ali, Cem" not in confirm
    assert Citizen.objects.filter(caseworker=receiver).count() == 0
    done = client.post(url, {**picked, "confirmed": "on"}).content.decode()
    assert "Borgerne er flyttet" in done and "Ali, Aya" in done and "Nina Ny" in done
    assert Citizen.objects.filter(caseworker=receiver).count() == 2


def test_the_page_refuses_a_stale_pick_in_danish_and_moves_nothing(
    as_user, odense_admin, odense_caseworker, leaver, receiver, three
):
    Citizen.objects.filter(pk=three[0].pk).update(caseworker=odense_caseworker)
    url = reverse("citizens:caseload_move", kwargs={"user_pk": leaver.pk})
    page = as_user(odense_admin).post(
        url, {"citizens": _ids(three), "to_user": receiver.pk, "confirmed": "on"}
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Intet er flyttet" in body and "Aya Ali" in body
    assert Citizen.objects.filter(caseworker=receiver).count() == 0


def test_bad_input_is_a_field_error_not_a_500(as_user, odense_admin, leaver, three):
    url = reverse("citizens:caseload_move", kwargs={"user_pk": leaver.pk})
    page = as_user(odense_admin).post(url, {"citizens": ["x"], "to_user": "999999"})
    assert page.status_code == 200
    assert "Vælg borgerne på listen." in page.content.decode()
    assert Citizen.objects.filter(caseworker=leaver).count() == 3


def test_another_municipalitys_administrator_and_caseworkers_get_404(
    as_user, holbaek_admin, odense_caseworker, leaver
):
    for user in (holbaek_admin, odense_caseworker):
        assert (
            as_user(user)
            .get(reverse("citizens:caseload_move", kwargs={"user_pk": leaver.pk}))
            .status_code
            == 404
        )
    assert as_user(odense_caseworker).get(reverse("citizens:caseloads")).status_code == 404


def test_a_pick_changed_before_the_confirmation_is_not_confirmed(
    as_user, odense_admin, odense_caseworker, leaver, receiver, three
):
    Citizen.objects.filter(pk=three[2].pk).update(caseworker=odense_caseworker)
    url = reverse("citizens:caseload_move", kwargs={"user_pk": leaver.pk})
    page = as_user(odense_admin).post(url, {"citizens": _ids(three), "to_user": receiver.pk})
    body = page.content.decode()
    assert "Bekræft flytningen" not in body
    assert "hører ikke længere til den valgte medarbejder" in body and "Intet er flyttet" in body
