"""Single sign-on end to end against a real SAML identity provider (tests/sso/idp.py)."""

from __future__ import annotations

import base64
import datetime as dt

import time_machine
from django.contrib.auth import BACKEND_SESSION_KEY

from fremdrift.accounts.models import User
from fremdrift.audit.models import Action, AuditEntry
from fremdrift.core import clock
from fremdrift.sso.backends import SAML_BACKEND
from fremdrift.sso.models import SsoIdentity
from tests.sso.conftest import idp_answer, person, sso_login
from tests.sso.idp import key_pair


def test_login_creates_the_user_with_role_and_municipality(client, odense, odense_idp, test_idp):
    response = sso_login(client, test_idp, person())

    assert response.status_code == 302
    user = User.objects.get(sso_identity__name_id="S-1-5-21-1004")
    assert (user.first_name, user.last_name) == ("Mette Frederiksen", "Holm")
    assert user.email == "mfh@odense.dk"
    assert user.role == "caseworker"
    assert user.municipality == odense
    assert not user.has_usable_password()
    assert client.session[BACKEND_SESSION_KEY] == SAML_BACKEND
    # The caseworker lands on her own citizens.
    landing = client.get(response["Location"])
    assert landing.status_code == 302
    assert landing["Location"] == f"/borgere/?caseworker={user.pk}"
    entry = AuditEntry.objects.get(action=Action.SIGN_IN, actor=user)
    assert entry.municipality == odense


def test_a_second_login_updates_the_same_user(client, odense_idp, test_idp):
    sso_login(client, test_idp, person())
    client.logout()
    sso_login(client, test_idp, person(name="Mette Holm", roles=["Fremdrift-Leder"]))

    user = User.objects.get(sso_identity__name_id="S-1-5-21-1004")
    assert user.get_full_name() == "Mette Holm"
    assert user.role == "manager"
    assert SsoIdentity.objects.count() == 1


def _tampered(fields: dict[str, str]) -> dict[str, str]:
    xml = base64.b64decode(fields["SAMLResponse"]).decode()
    assert "Fremdrift-Sagsbehandler" in xml
    changed = xml.replace("Fremdrift-Sagsbehandler", "Fremdrift-Leder")
    return fields | {"SAMLResponse": base64.b64encode(changed.encode()).decode()}


def test_a_tampered_assertion_is_refused(client, odense, odense_idp, test_idp):
    action, fields = idp_answer(client, test_idp, person())

    response = client.post(action, _tampered(fields))

    assert response.status_code == 403
    assert "kunne ikke godkendes" in response.content.decode()
    assert not User.objects.filter(sso_identity__isnull=False).exists()
    refusal = AuditEntry.objects.get(action=Action.SIGN_IN)
    assert refusal.municipality == odense and refusal.actor is None


def test_an_assertion_signed_with_a_key_not_in_the_metadata_is_refused(
    client, odense_idp, test_idp, tmp_path
):
    test_idp.signing_key, _cert = key_pair(tmp_path / "stolen", "other")

    response = sso_login(client, test_idp, person())

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(sso_identity__isnull=False).exists()


def test_an_expired_assertion_is_refused(client, odense_idp, test_idp):
    action, fields = idp_answer(client, test_idp, person())

    # The assertion is valid for five minutes (the IdP's policy); it arrives an hour late.
    with time_machine.travel(clock.now() + dt.timedelta(hours=1), tick=True):
        response = client.post(action, fields)

    assert response.status_code == 403
    assert "kunne ikke godkendes" in response.content.decode()
    assert not User.objects.filter(sso_identity__isnull=False).exists()


def test_another_municipality_is_refused_with_a_clear_page(client, odense, odense_idp, test_idp):
    response = sso_login(client, test_idp, person(municipality="29189986"))  # Holbæk's CVR

    assert response.status_code == 403
    assert "anden kommune" in response.content.decode()
    assert not User.objects.filter(sso_identity__isnull=False).exists()
    refusal = AuditEntry.objects.get(action=Action.SIGN_IN)
    assert refusal.municipality == odense
    assert "anden kommune" in refusal.purpose


def test_the_municipality_code_is_accepted_as_well_as_the_cvr(client, odense_idp, test_idp):
    response = sso_login(client, test_idp, person(municipality="0461"))

    assert response.status_code == 302
    assert User.objects.filter(sso_identity__isnull=False).count() == 1


def test_no_mapped_role_is_refused_with_a_clear_page(client, odense_idp, test_idp):
    response = sso_login(client, test_idp, person(roles=["Alle-medarbejdere"]))

    assert response.status_code == 403
    assert "ingen rettighed til Fremdrift" in response.content.decode()
    assert not User.objects.filter(sso_identity__isnull=False).exists()


def test_a_deactivated_user_is_refused(client, odense_idp, test_idp):
    sso_login(client, test_idp, person())
    client.logout()
    User.objects.filter(sso_identity__isnull=False).update(is_active=False)

    response = sso_login(client, test_idp, person())

    assert response.status_code == 403
    assert "lukket" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_facilitator_or_operator_is_never_made_by_sso(client, odense_idp, test_idp, operator):
    # Even a mapping that names the product's own administrator is refused when saved.
    from django.core.exceptions import ValidationError

    from fremdrift.sso.services import identity_provider_save

    try:
        identity_provider_save(
            actor=operator,
            municipality=odense_idp.municipality,
            data={"role_mapping": [["Drift", "operator"]]},
        )
    except ValidationError as error:
        assert "role_mapping" in error.message_dict
    else:
        raise AssertionError("an installation role was accepted in the mapping")
