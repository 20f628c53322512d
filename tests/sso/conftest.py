"""A municipality (Odense) with its identity provider: the test IdP (idp.py), set up by the
operator through the service, trusted by us and trusting us."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from saml2.metadata import entity_descriptor

from fremdrift.sso.models import IdentityProvider
from fremdrift.sso.saml_config import sp_config_for
from fremdrift.sso.services import identity_provider_save
from tests.sso.idp import Person, TestIdentityProvider, form_fields, key_pair, path_and_query

ODENSE_CVR = "35209115"
ROLE_ATTRIBUTE = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"
ROLE_MAPPING = [
    ["Fremdrift-Leder", "manager"],
    ["Fremdrift-Sagsbehandler", "caseworker"],
    ["Fremdrift-Konsulent", "consultant"],
]


@pytest.fixture(scope="session")
def _sp_key_pair(tmp_path_factory) -> tuple[Path, Path]:
    return key_pair(tmp_path_factory.mktemp("sp"), "sp")


@pytest.fixture(autouse=True)
def _sp_keys(settings, _sp_key_pair) -> None:
    settings.SSO_SP_KEY_FILE, settings.SSO_SP_CERT_FILE = map(str, _sp_key_pair)


def sp_metadata(base: str) -> str:
    return str(entity_descriptor(sp_config_for(base, None)))


@pytest.fixture
def test_idp(tmp_path) -> Iterator[TestIdentityProvider]:
    idp = TestIdentityProvider(folder=tmp_path / "idp").start()
    idp.sp_metadata = sp_metadata("http://testserver")
    yield idp
    idp.stop()


def set_up_provider(
    idp: TestIdentityProvider, municipality, operator, host: str
) -> IdentityProvider:
    return identity_provider_save(
        actor=operator,
        municipality=municipality,
        data={
            "municipality_cvr": ODENSE_CVR,
            "hosts": host,
            "role_attribute": ROLE_ATTRIBUTE,
            "role_mapping": ROLE_MAPPING,
        },
        metadata_xml=idp.metadata_xml(),
    )


@pytest.fixture
def odense_idp(test_idp, odense, operator) -> IdentityProvider:
    return set_up_provider(test_idp, odense, operator, "testserver")


def person(
    *,
    name_id: str = "S-1-5-21-1004",
    name: str = "Mette Frederiksen Holm",
    email: str = "mfh@odense.dk",
    municipality: str = ODENSE_CVR,
    roles: list[str] | None = None,
) -> Person:
    return Person(
        name_id=name_id,
        attributes={
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name": [name],
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress": [email],
            "dk:gov:saml:attribute:CvrNumberIdentifier": [municipality],
            ROLE_ATTRIBUTE: roles if roles is not None else ["Fremdrift-Sagsbehandler"],
        },
    )


def idp_answer(
    client: Client, idp: TestIdentityProvider, who: Person
) -> tuple[str, dict[str, str]]:
    """Start a login here, let the IdP answer: the ACS path and the form it would post."""
    idp.user = who
    start = client.get("/sso/login/")
    assert start.status_code == 302, start.content
    assert start["Location"].startswith(f"{idp.base}/idp/sso?SAMLRequest=")
    page = fetch(start["Location"])
    action, fields = form_fields(page)
    assert "SAMLResponse" in fields, page[:500]
    return path_and_query(action).replace("http://testserver", ""), fields


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 (the test IdP)
            return answer.read().decode()
    except urllib.error.HTTPError as error:
        raise AssertionError(error.read().decode()) from error


def sso_login(client: Client, idp: TestIdentityProvider, who: Person):
    action, fields = idp_answer(client, idp, who)
    return client.post(action, fields)
