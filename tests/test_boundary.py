"""The municipality boundary, tried as every persona on every URL that takes an object id.

A new URL with an id fails `test_every_object_url_is_covered` until its expectations are
written, here or in a `tests/<app>/boundary.py` module of the app that adds it, so no page
with personal data can slip past this test.

An entry is: URL name -> (HTTP method, personas allowed, fixture giving the URL's kwargs for
an object in Odense, POST data). Everyone else must get 404.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import subprocess

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from fremdrift.citizens.cpr_storage import cpr_decrypt
from tests.conftest import login
from tests.plans.test_pdf import _poppler

PERSONAS = [
    "odense_caseworker",
    "odense_manager",
    "odense_consultant",
    "odense_admin",
    "holbaek_caseworker",
    "facilitator",
    "operator",
]

CITIZEN_READERS = {"odense_caseworker", "odense_manager", "odense_consultant"}
CITIZEN_EDITORS = {"odense_caseworker", "odense_manager"}
OBJECT_URLS: dict[str, tuple[str, set[str], str, dict]] = {
    "citizens:detail": ("get", CITIZEN_READERS, "odense_citizen_kwargs", {}),
    "citizens:edit": ("get", CITIZEN_EDITORS, "odense_citizen_kwargs", {}),
    "citizens:reveal_cpr": ("post", CITIZEN_EDITORS, "odense_citizen_kwargs", {"purpose": "x"}),
    "audit:citizen": ("get", {"odense_manager"}, "odense_citizen_kwargs", {}),
    "audit:export": ("get", {"odense_manager"}, "odense_citizen_kwargs", {}),
    "audit:export_pdf": ("get", {"odense_manager"}, "odense_citizen_kwargs", {}),
    "retention:erase": ("get", {"odense_manager"}, "odense_citizen_kwargs", {}),
}


# The app fixtures by name; tests/test_boundary_methods.py, the matrix's other half, takes them too.
APP_FIXTURES: dict[str, object] = {}


def _collect_app_entries() -> None:
    """Take each app's entries, and the fixtures they name (listed in its FIXTURES)."""
    for module in pkgutil.iter_modules(tests.__path__):
        if module.ispkg and importlib.util.find_spec(f"tests.{module.name}.boundary"):
            boundary = importlib.import_module(f"tests.{module.name}.boundary")
            OBJECT_URLS.update(boundary.OBJECT_URLS)
            APP_FIXTURES.update({name: getattr(boundary, name) for name in boundary.FIXTURES})
    globals().update(APP_FIXTURES)


_collect_app_entries()


@pytest.fixture
def odense_citizen_kwargs(odense_citizen) -> dict:
    return {"pk": odense_citizen.pk}


def _patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            found += _patterns(entry, prefix + namespace)
        else:
            found.append((prefix + (entry.name or ""), entry))
    return found


def object_url_names() -> set[str]:
    return {name for name, p in _patterns(get_resolver()) if p.pattern.converters}


def plain_url_names() -> set[str]:
    return {name for name, p in _patterns(get_resolver()) if not p.pattern.converters}


def test_every_object_url_is_covered():
    assert object_url_names() == set(OBJECT_URLS)


# The progress of a queued job lives in the `progress` database (core.progress).
@pytest.mark.django_db(databases=["default", "progress"])
@pytest.mark.parametrize("url_name", sorted(OBJECT_URLS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_what_its_role_allows(request, url_name, persona, odense_citizen):
    method, allowed, kwargs_fixture, data = OBJECT_URLS[url_name]
    kwargs = request.getfixturevalue(kwargs_fixture)
    client = login(request.getfixturevalue(persona))
    url = reverse(url_name, kwargs=kwargs)
    response = getattr(client, method)(url, data if method == "post" else None)
    if persona in allowed:
        assert response.status_code in (200, 302), response.status_code
    else:
        assert response.status_code == 404
        assert odense_citizen.last_name.encode() not in response.content


@pytest.mark.django_db
def test_allowed_readers_see_the_citizen(odense_caseworker, odense_citizen):
    body = login(odense_caseworker).get(
        reverse("citizens:detail", kwargs={"pk": odense_citizen.pk})
    )
    assert odense_citizen.last_name in body.content.decode()


@pytest.mark.django_db
def test_an_id_that_does_not_exist_is_the_same_404(odense_caseworker):
    response = login(odense_caseworker).get(reverse("citizens:detail", kwargs={"pk": 999999}))
    assert response.status_code == 404


def _text(response) -> str:
    """The response as text; a PDF read back with pdftotext."""
    if response.get("Content-Type", "").startswith("application/pdf"):
        return subprocess.run(  # noqa: S603 - a fixed tool reading our own response
            [_poppler("pdftotext"), "-enc", "UTF-8", "-", "-"],
            input=response.content,
            capture_output=True,
            check=True,
        ).stdout.decode()
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["facilitator", "operator"])
def test_the_installation_roles_see_no_personal_data_anywhere(
    request, persona, odense_citizen, holbaek_citizen, odense_caseworker
):
    """The facilitator and the product's own administrator belong to no municipality: no
    plain page shows either of them a person, and none fails."""
    client = login(request.getfixturevalue(persona))
    secrets = []
    for citizen in (odense_citizen, holbaek_citizen):
        digits = cpr_decrypt(citizen.cpr_encrypted)
        secrets += [citizen.first_name, citizen.last_name, citizen.cpr_masked, digits[:6]]
    secrets += [odense_caseworker.get_full_name()]
    visited = 0
    # POST only: logging out, and the identity provider's answer to a login.
    post_only = {"logout", "set_language", "sso:logout", "sso:acs"}
    for name in sorted(plain_url_names() - post_only):
        response = client.get(reverse(name), follow=True)
        # 400: a plain URL that needs parameters (the figures API) answers with what is missing;
        # 202: the project report, queued for the worker.
        assert response.status_code in (200, 202, 400, 404), name
        body = _text(response)
        for secret in secrets:
            assert secret not in body, f"{secret!r} shown to the {persona} on {name}"
        visited += 1
    assert visited >= 5
    overview = client.get(reverse("overview"))
    if persona == "facilitator":
        assert overview.status_code == 200
        assert "Odense" in overview.content.decode()  # aggregates, named by municipality
    else:
        assert overview.status_code == 404


@pytest.mark.django_db
def test_facilitator_counts_suppress_small_groups(facilitator, odense_citizen):
    body = login(facilitator).get(reverse("overview")).content.decode()
    assert "&lt;5" in body
