"""Single logout both ways, against the test identity provider."""

from __future__ import annotations

from fremdrift.audit.models import Action, AuditEntry
from fremdrift.sso.saml_config import sp_entity_id
from tests.sso.conftest import person, sso_login
from tests.sso.idp import path_and_query


def test_our_logout_sends_a_logout_request_and_takes_the_response(client, odense_idp, test_idp):
    sso_login(client, test_idp, person())
    assert "_auth_user_id" in client.session

    leaving = client.post("/logout/")

    # The session here has ended; the browser is sent on to the IdP with a LogoutRequest.
    assert "_auth_user_id" not in client.session
    location = leaving["Refresh"].split("url=", 1)[1]
    assert location.startswith(f"{test_idp.base}/idp/slo?SAMLRequest=")
    assert "Fortsæt til kommunens login" in leaving.content.decode()
    fetch_logout = _follow_to_sls(location, test_idp)
    assert test_idp.received_logout_requests == ["S-1-5-21-1004"]

    done = client.get(fetch_logout)

    assert done.status_code == 200
    assert "Du er logget ud" in done.content.decode()
    assert client.get("/").status_code == 302  # to the login page
    purposes = list(
        AuditEntry.objects.filter(action=Action.SIGN_IN)
        .order_by("pk")
        .values_list("purpose", flat=True)
    )
    assert purposes == ["Loggede ind med kommunens login (SSO)", "Loggede ud (single logout)"]


def _follow_to_sls(location: str, test_idp) -> str:
    """The IdP answers our LogoutRequest with a redirect to our single logout service."""
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(location, timeout=30)
    except urllib.error.HTTPError as answer:
        assert answer.code == 302, answer.read()
        target = answer.headers["Location"]
    else:
        raise AssertionError("the IdP did not redirect")
    assert target.startswith("http://testserver/sso/sls/?SAMLResponse=")
    return path_and_query(target)


def test_a_logout_request_from_the_idp_ends_the_session(client, odense_idp, test_idp):
    sso_login(client, test_idp, person())
    assert "_auth_user_id" in client.session

    location = test_idp.logout_request_location(sp_entity_id("http://testserver"), "S-1-5-21-1004")
    answer = client.get(path_and_query(location))

    assert "_auth_user_id" not in client.session
    # Our LogoutResponse goes back to the IdP.
    assert answer.status_code == 302
    assert answer["Location"].startswith(f"{test_idp.base}/idp/slo?SAMLResponse=")
    assert client.get("/").status_code == 302


def test_a_local_login_logs_out_locally(client, odense_caseworker):
    client.force_login(odense_caseworker)

    response = client.post("/logout/")

    assert response.status_code == 200
    assert "Du er logget ud" in response.content.decode()
    assert "Refresh" not in response


def test_logout_still_ends_the_session_when_the_idp_was_switched_off(client, odense_idp, test_idp):
    sso_login(client, test_idp, person())
    odense_idp.is_active = False
    odense_idp.save()

    response = client.post("/logout/")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
