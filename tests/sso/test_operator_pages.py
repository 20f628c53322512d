"""The operator sets up a municipality's identity provider: by upload, by address, by command."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.sso.models import IdentityProvider
from tests.sso.conftest import ROLE_ATTRIBUTE

FORM = {
    "municipality_cvr": "35209115",
    "hosts": "fremdrift.odense.dk\ntestserver",
    "name_attribute": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
    "email_attribute": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "municipality_attribute": "dk:gov:saml:attribute:CvrNumberIdentifier",
    "role_attribute": ROLE_ATTRIBUTE,
    "role_mapping": "Fremdrift-Leder = leder\nFremdrift-Sagsbehandler = sagsbehandler",
    "is_active": "on",
}


def test_the_operator_uploads_metadata(client, operator, odense, test_idp):
    client.force_login(operator)
    upload = io.BytesIO(test_idp.metadata_xml().encode())
    upload.name = "federationmetadata.xml"

    response = client.post(
        "/sso/kommuner/ny/", FORM | {"municipality": odense.pk, "metadata_file": upload}
    )

    assert response.status_code == 302, response.content.decode()
    provider = IdentityProvider.objects.get(municipality=odense)
    assert provider.entity_id == test_idp.entity_id
    assert provider.host_list() == ["fremdrift.odense.dk", "testserver"]
    assert provider.role_mapping == [
        ["Fremdrift-Leder", "manager"],
        ["Fremdrift-Sagsbehandler", "caseworker"],
    ]
    entry = AuditEntry.objects.get(action=Action.SETTINGS)
    assert entry.municipality == odense and entry.actor == operator
    info = client.get(response["Location"]).content.decode()
    assert "https://fremdrift.odense.dk/sso/acs/" in info
    assert "BEGIN CERTIFICATE" in info


def test_the_operator_fetches_metadata_from_its_address(client, operator, odense, test_idp):
    client.force_login(operator)
    data = FORM | {
        "municipality": odense.pk,
        "metadata_url": f"{test_idp.base}/idp/metadata",
        "fetch": "on",
    }

    response = client.post("/sso/kommuner/ny/", data)

    assert response.status_code == 302, response.content.decode()
    provider = IdentityProvider.objects.get(municipality=odense)
    assert provider.entity_id == test_idp.entity_id
    assert provider.metadata_fetched_at is not None


def test_bad_metadata_and_mapping_are_refused_at_the_field(client, operator, odense):
    client.force_login(operator)
    upload = io.BytesIO(b"<html>not metadata</html>")
    upload.name = "x.xml"
    data = FORM | {"municipality": odense.pk, "metadata_file": upload}

    response = client.post("/sso/kommuner/ny/", data | {"role_mapping": "Drift = facilitator"})
    assert response.status_code == 200
    assert "værdi = rolle" in response.content.decode()

    upload.seek(0)
    response = client.post("/sso/kommuner/ny/", data)
    assert response.status_code == 200
    assert "præcis én identitetsudbyder" in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_the_municipality_administrator_cannot_reach_the_pages(client, odense_admin):
    client.force_login(odense_admin)

    assert client.get("/sso/kommuner/").status_code == 404
    assert client.get("/sso/kommuner/ny/").status_code == 404


def test_the_command_sets_up_a_provider(operator, odense, test_idp, tmp_path):
    metadata = tmp_path / "idp.xml"
    metadata.write_text(test_idp.metadata_xml())

    call_command(
        "sso_idp",
        "461",
        operator="drift",
        metadata_file=metadata,
        host=["fremdrift.odense.dk"],
        role=["Fremdrift-Leder = leder"],
        cvr="35209115",
        stdout=io.StringIO(),
    )

    provider = IdentityProvider.objects.get(municipality=odense)
    assert provider.role_mapping == [["Fremdrift-Leder", "manager"]]
    assert provider.municipality_cvr == "35209115"
    with pytest.raises(CommandError, match="værdi = rolle"):
        call_command("sso_idp", "461", operator="drift", role=["X = operator"])


def test_the_login_page_offers_the_municipality_login_on_its_host(client, odense_idp):
    page = client.get("/login/").content.decode()
    assert "Log ind med kommunens login" in page
    assert "Log ind med brugernavn og adgangskode" in page

    other = client.get("/login/", HTTP_HOST="localhost").content.decode()
    assert "Log ind med kommunens login" not in other
    assert 'name="password"' in other


def test_the_operator_lands_on_the_municipalities_logins(client, operator):
    client.force_login(operator)

    response = client.get("/")

    assert response["Location"] == "/sso/kommuner/"
    page = client.get("/sso/kommuner/").content.decode()
    assert "Kommunernes login" in page


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_saved_role_mapping_is_read_back_unchanged_in_the_pages_language(language):
    """The edit form shows a saved mapping with the roles' names in the page's language; saving
    the form again must give the same mapping, whichever language the page is in."""
    from django.utils import translation

    from fremdrift.sso.forms import parse_role_mapping, role_mapping_text

    mapping = [["Fremdrift-Sag", "caseworker"], ["Fremdrift-VK", "consultant"], ["L", "manager"]]
    with translation.override(language):
        assert parse_role_mapping(role_mapping_text(mapping)) == mapping
        assert parse_role_mapping("X = sagsbehandler\nY = administrator") == [
            ["X", "caseworker"],
            ["Y", "administrator"],
        ]
        with pytest.raises(ValidationError):
            parse_role_mapping("X = facilitator")
