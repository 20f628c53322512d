"""Personas (after healthchecks' alice, bob and charlie) and shared fixtures.

- odense_caseworker, odense_manager, odense_consultant, odense_admin: staff in Odense;
- holbaek_caseworker: a caseworker in another municipality;
- facilitator: across municipalities, aggregates only;
- operator: the product's own administrator (single sign-on set-up), no municipality.

The product's clock (fremdrift.core.clock) is moved for the whole run, collection included,
to FREMDRIFT_TODAY (default DEFAULT_TODAY), and runs on from there. No test reads the real
calendar, so the suite gives the same answer on any day; CI runs the date-sensitive suites
again on the days where calendars go wrong (Makefile, CLOCK_DAYS).
"""

from __future__ import annotations

import copy
import os
import re

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from fremdrift.accounts.models import Municipality, User
from fremdrift.accounts.roles import Role
from fremdrift.citizens.models import Citizen
from fremdrift.core.clock import parse_moment
from fremdrift.instruments import services as instrument_services
from fremdrift.journey.defaults import load_default_max_weeks, load_default_types
from fremdrift.journey.models import BenefitType, OfferType
from tests.factories import CitizenFactory, MunicipalityFactory, TeamFactory, UserFactory

# A plain Wednesday in the middle of a month: the edge days are CI's separate runs.
DEFAULT_TODAY = "2026-11-18"
_travel: time_machine.travel | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _travel
    _travel = time_machine.travel(
        parse_moment(os.environ.get("FREMDRIFT_TODAY") or DEFAULT_TODAY), tick=True
    )
    _travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _travel is not None:
        _travel.stop()


def pytest_report_header(config: pytest.Config) -> str:
    return f"Fremdrifts ur: {os.environ.get('FREMDRIFT_TODAY') or DEFAULT_TODAY}"


@pytest.fixture(scope="session", autouse=True)
def _each_definition_parsed_once():
    """Hundreds of tests load the product's instruments (load_builtin_instruments): parsing and
    checking their YAML in pure Python took about 0.7 s a time, the progression form most of
    it. The same text gives the same definition, so a text that passed is parsed and checked
    once per process and handed out as a fresh copy after; a text that fails is not kept, so
    each bad definition is refused by the real check every time. The database work is not
    cached: every test still stores its own versions."""
    real = instrument_services.load_definition
    passed: dict[tuple[str, str], dict] = {}

    def load_definition(text: str, *, source: str) -> dict:
        if (text, source) not in passed:
            passed[(text, source)] = real(text, source=source)
        return copy.deepcopy(passed[(text, source)])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(instrument_services, "load_definition", load_definition)
        yield


@pytest.fixture(autouse=True)
def _audit_checkpoints_of_its_own(settings, tmp_path):
    """Each test writes and reads the audit log's checkpoints in a folder of its own: a
    checkpoint left by another test (or an earlier run) names chains this one never had."""
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"


@pytest.fixture
def odense(db) -> Municipality:
    return MunicipalityFactory(code="461", name="Odense")


@pytest.fixture
def holbaek(db) -> Municipality:
    return MunicipalityFactory(code="316", name="Holbæk")


def _persona(username: str, name: str, role: str, municipality, **extra) -> User:
    first, last = name.split()
    return UserFactory(
        username=username,
        first_name=first,
        last_name=last,
        role=role,
        municipality=municipality,
        **extra,
    )


@pytest.fixture
def odense_caseworker(odense) -> User:
    team = TeamFactory(municipality=odense, name="Team Integration Syd")
    return _persona("odense-sagsbehandler", "Mette Holm", Role.CASEWORKER, odense, team=team)


@pytest.fixture
def odense_manager(odense) -> User:
    return _persona("odense-leder", "Lars Bach", Role.MANAGER, odense)


@pytest.fixture
def odense_consultant(odense) -> User:
    return _persona("odense-virksomhedskonsulent", "Sofie Lund", Role.CONSULTANT, odense)


@pytest.fixture
def odense_admin(odense) -> User:
    return _persona("odense-administrator", "Per Dahl", Role.ADMINISTRATOR, odense)


@pytest.fixture
def holbaek_caseworker(holbaek) -> User:
    return _persona("holbaek-sagsbehandler", "Ida Kjær", Role.CASEWORKER, holbaek)


@pytest.fixture
def facilitator(db) -> User:
    return _persona("facilitator", "Frida Facilitator", Role.FACILITATOR, None)


@pytest.fixture
def operator(db) -> User:
    """The product's own administrator: the installation's set-up, no municipality."""
    return _persona("drift", "Ole Drift", Role.OPERATOR, None)


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


def version_in(page: str, name: str = "version") -> int:
    """The version an edit form carries (core/versioning.py), as a browser would send it."""
    found = re.search(rf'name="{re.escape(name)}" value="(\d+)"', page)
    assert found, f"no {name} field in the form"
    return int(found.group(1))


@pytest.fixture
def as_user():
    return login


def _uses_the_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(item.fixturenames)
    )


@pytest.fixture(autouse=True)
def _reference_data(request, django_db_blocker):
    """A transactional test ends by emptying every table, the migrations' reference data
    (the benefit and offer types) too. Run alone, pytest-django puts those tests last; in
    two processes other files follow them, so a test that finds the types gone puts them
    back first (one query when they are there)."""
    if _uses_the_database(request.node):
        with django_db_blocker.unblock():
            if not BenefitType.objects.exists():
                load_default_types(BenefitType, OfferType)
                load_default_max_weeks(OfferType)
    yield


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test's database starts over, and so do the figure versions (results/versions.py):
    a part of a page cached by an earlier test could carry the same key. Start empty."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _danish_after_each_test():
    """A request in English leaves English active in the thread: start every test in Danish."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
