"""Boundary entries for the administrator's users and teams pages (tests/test_boundary.py).

Only the municipality's own administrator reaches them; everyone else, the administrator of
another municipality included (tests/accounts/test_user_views.py), gets 404.
"""

import pytest

from fremdrift.accounts.roles import Role
from tests.factories import TeamFactory, UserFactory

ADMIN = {"odense_admin"}
OBJECT_URLS = {
    "accounts:user_edit": ("get", ADMIN, "odense_user_kwargs", {}),
    "accounts:user_deactivate": ("post", ADMIN, "odense_user_kwargs", {}),
    "accounts:user_reactivate": ("post", ADMIN, "odense_user_kwargs", {}),
    "accounts:user_password_reset": ("post", ADMIN, "odense_user_kwargs", {}),
    "accounts:team_edit": ("get", ADMIN, "odense_team_kwargs", {}),
    "accounts:team_close": ("post", ADMIN, "odense_team_kwargs", {}),
}


@pytest.fixture
def odense_user_kwargs(odense):
    user = UserFactory(username="odense-kollega", municipality=odense, role=Role.CASEWORKER)
    return {"pk": user.pk}


@pytest.fixture
def odense_team_kwargs(odense):
    return {"pk": TeamFactory(municipality=odense, name="Team Tom").pk}


@pytest.fixture
def holbaek_admin(holbaek):
    return UserFactory(
        username="holbaek-administrator",
        first_name="Hanne",
        last_name="Bo",
        role=Role.ADMINISTRATOR,
        municipality=holbaek,
    )


FIXTURES = ("odense_user_kwargs", "odense_team_kwargs", "holbaek_admin")
