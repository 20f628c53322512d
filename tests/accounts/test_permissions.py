"""accounts.permissions.require: the one check every service makes before it writes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from fremdrift.accounts.permissions import require
from fremdrift.accounts.roles import Permission
from tests.factories import CitizenFactory


@pytest.mark.django_db
def test_the_actor_may_act_in_her_own_municipality(odense_caseworker, odense):
    citizen = CitizenFactory(municipality=odense)
    assert require(odense_caseworker, Permission.EDIT_CITIZEN) == odense.pk
    assert require(odense_caseworker, Permission.EDIT_CITIZEN, within=citizen) == odense.pk
    assert require(odense_caseworker, Permission.EDIT_CITIZEN, within=odense.pk) == odense.pk


@pytest.mark.django_db
def test_a_missing_permission_is_refused(odense_caseworker):
    assert not odense_caseworker.can(Permission.MANAGE_USERS)
    with pytest.raises(PermissionDenied):
        require(odense_caseworker, Permission.MANAGE_USERS)


@pytest.mark.django_db
def test_another_municipality_is_refused_by_record_and_by_id(odense_caseworker, holbaek):
    with pytest.raises(PermissionDenied):
        require(
            odense_caseworker, Permission.EDIT_CITIZEN, within=CitizenFactory(municipality=holbaek)
        )
    with pytest.raises(PermissionDenied):
        require(odense_caseworker, Permission.EDIT_CITIZEN, within=holbaek.pk)


@pytest.mark.django_db
def test_a_user_without_a_municipality_is_refused_even_with_the_permission(facilitator):
    assert facilitator.municipality_id is None and facilitator.can(Permission.VIEW_AGGREGATES)
    with pytest.raises(PermissionDenied):
        require(facilitator, Permission.VIEW_AGGREGATES)
