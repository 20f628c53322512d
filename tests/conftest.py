"""Personas (after healthchecks' alice, bob and charlie) and shared fixtures.

- odense_caseworker, odense_manager, odense_consultant, odense_admin: staff in Odense;
- holbaek_caseworker: a caseworker in another municipality;
- facilitator: across municipalities, aggregates only.
"""

from __future__ import annotations

import pytest
from django.test import Client

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.roles import Role
from fremdrift.citizens.models import Citizen
from tests.factories import CitizenFactory, MunicipalityFactory, TeamFactory, UserFactory


@pytest.fixture
def odense(db) -> Municipality:
    return MunicipalityFactory(code="461", name="Odense")


@pytest.fixture
def holbaek(db) -> Municipality:
    return MunicipalityFactory(code="316", name="Holbæk")


@pytest.fixture
def odense_caseworker(odense) -> User:
    team = TeamFactory(municipality=odense, name="Team Integration Syd")
    return UserFactory(
        username="odense-sagsbehandler",
        first_name="Mette",
        last_name="Holm",
        role=Role.CASEWORKER,
        municipality=odense,
        team=team,
    )


@pytest.fixture
def odense_manager(odense) -> User:
    return UserFactory(
        username="odense-leder",
        first_name="Lars",
        last_name="Bach",
        role=Role.MANAGER,
        municipality=odense,
    )


@pytest.fixture
def odense_consultant(odense) -> User:
    return UserFactory(
        username="odense-virksomhedskonsulent",
        first_name="Sofie",
        last_name="Lund",
        role=Role.CONSULTANT,
        municipality=odense,
    )


@pytest.fixture
def odense_admin(odense) -> User:
    return UserFactory(
        username="odense-administrator",
        first_name="Per",
        last_name="Dahl",
        role=Role.ADMINISTRATOR,
        municipality=odense,
    )


@pytest.fixture
def holbaek_caseworker(holbaek) -> User:
    return UserFactory(
        username="holbaek-sagsbehandler",
        first_name="Ida",
        last_name="Kjær",
        role=Role.CASEWORKER,
        municipality=holbaek,
    )


@pytest.fixture
def facilitator(db) -> User:
    return UserFactory(
        username="facilitator",
        first_name="Frida",
        last_name="Facilitator",
        role=Role.FACILITATOR,
        municipality=None,
    )


@pytest.fixture
def odense_citizen(odense, odense_caseworker) -> Citizen:
    return CitizenFactory(
        municipality=odense,
        first_name="Rama",
        last_name="Al-Hassan",
        caseworker=odense_caseworker,
    )


@pytest.fixture
def holbaek_citizen(holbaek, holbaek_caseworker) -> Citizen:
    return CitizenFactory(
        municipality=holbaek,
        first_name="Yonas",
        last_name="Tesfamariam",
        country_of_origin="ER",
        caseworker=holbaek_caseworker,
    )


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_user():
    return login
