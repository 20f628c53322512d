"""A real SAML 2.0 identity provider for the tests: pysaml2's own `saml2.server.Server`,
served over HTTP from a thread on a free port, signing with a key made for the test.

It stands for a municipality's AD FS where the user is already logged in (Windows): a login
request is answered at once with a signed assertion about `user`, posted back to our
assertion consumer by the browser (an HTML form). It speaks HTTP-Redirect for requests and
single logout, as AD FS and KOMBIT's Context Handler do.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, make_server

import saml2
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import AUTHN_PASSWORD_PROTECTED as PASSWORD_PROTECTED
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from fremdrift.sso.keys import generate_key_and_certificate

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def key_pair(folder: Path, name: str) -> tuple[Path, Path]:
    key_pem, cert_pem = generate_key_and_certificate(name, key_size=2048)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.key").write_bytes(key_pem)
    (folder / f"{name}.crt").write_bytes(cert_pem)
    return folder / f"{name}.key", folder / f"{name}.crt"


@dataclass
class Person:
    """Who is logged in at the identity provider, and the attributes it sends."""

    name_id: str
    attributes: dict[str, list[str]]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class TestIdentityProvider:
    folder: Path
    # The name the browser reaches it by: "localhost" beside a live server on localhost
    # keeps the identity provider's POST to us on the same site, as its cookies need on http.
    host: str = "127.0.0.1"
    sp_metadata: str = ""
    user: Person | None = None
    # The key the assertions are signed with; the metadata always names the first one.
    signing_key: Path | None = None
    received_logout_requests: list[str] = field(default_factory=list)
    last_logout_response_location: str = ""

    def start(self) -> TestIdentityProvider:
        self.key_file, self.cert_file = key_pair(self.folder, "idp")
        self._http = make_server("127.0.0.1", 0, self._wsgi, handler_class=_QuietHandler)
        self.base = f"http://{self.host}:{self._http.server_port}"
        self.entity_id = f"{self.base}/idp/metadata"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    # --- Configuration -------------------------------------------------------------------

    def _settings(self, key_file: Path) -> dict[str, Any]:
        return {
            "entityid": self.entity_id,
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "service": {
                "idp": {
                    "name": "Testkommunens AD FS",
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{self.base}/idp/sso", saml2.BINDING_HTTP_REDIRECT)
                        ],
                        "single_logout_service": [
                            (f"{self.base}/idp/slo", saml2.BINDING_HTTP_REDIRECT)
                        ],
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "sign_response": False,
                    "sign_assertion": True,
                    "want_authn_requests_signed": True,
                    "policy": {"default": {"lifetime": {"minutes": 5}}},
                }
            },
            "metadata": {"inline": [self.sp_metadata]} if self.sp_metadata else {},
            "key_file": str(key_file),
            "cert_file": str(self.cert_file),
        }

    def metadata_xml(self) -> str:
        config = IdPConfig()
        config.load(self._settings(self.key_file))
        return str(entity_descriptor(config))

    def _server(self) -> Server:
        config = IdPConfig()
        config.load(self._settings(self.signing_key or self.key_file))
        return Server(config=config)

    # --- HTTP ----------------------------------------------------------------------------

    def _wsgi(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ["PATH_INFO"]
        query = {
            key: values[0] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()
        }
        try:
            if path == "/idp/metadata":
                return _answer(start_response, "200 OK", self.metadata_xml(), "text/xml")
            if path == "/idp/sso":
                return _answer(start_response, "200 OK", self._login(query), "text/html")
            if path == "/idp/slo":
                location = self._logout(query)
                start_response("302 Found", [("Location", location)])
                return [b""]
        except Exception as error:  # shown to the test, which fails on it
            return _answer(start_response, "500 Error", f"IdP: {error!r}", "text/plain")
        return _answer(start_response, "404 Not Found", "no such page", "text/plain")

    def _login(self, query: dict[str, str]) -> str:
        server = self._server()
        # Our request's signature is checked against the certificate in our metadata.
        request = server.parse_authn_request(
            query["SAMLRequest"],
            saml2.BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        message = request.message
        assert self.user is not None, "the test names the IdP's user first"
        response = server.create_authn_response(
            identity=self.user.attributes,
            in_response_to=message.id,
            destination=message.assertion_consumer_service_url,
            sp_entity_id=message.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=self.user.name_id),
            authn={"class_ref": PASSWORD_PROTECTED},
            sign_assertion=True,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
        http_args = server.apply_binding(
            saml2.BINDING_HTTP_POST,
            str(response),
            destination=message.assertion_consumer_service_url,
            relay_state=query.get("RelayState", ""),
            response=True,
        )
        body = http_args["data"]
        # The page a person sees for a moment: a heading and the form its script submits.
        head = "<!doctype html><link rel='icon' href='data:,'><title>Testkommunens login</title>"
        return f"{head}<h1>Testkommunens login</h1>{body}"

    def _logout(self, query: dict[str, str]) -> str:
        """Our side's LogoutRequest: answered with a signed LogoutResponse (HTTP-Redirect)."""
        server = self._server()
        request = server.parse_logout_request(
            query["SAMLRequest"],
            saml2.BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        self.received_logout_requests.append(request.message.name_id.text)
        response = server.create_logout_response(request.message, [saml2.BINDING_HTTP_REDIRECT])
        destination = server.metadata.single_logout_service(
            request.message.issuer.text, saml2.BINDING_HTTP_REDIRECT, "spsso"
        )[0]["location"]
        http_args = server.apply_binding(
            saml2.BINDING_HTTP_REDIRECT,
            str(response),
            destination=destination,
            relay_state=query.get("RelayState", ""),
            response=True,
            sign=True,
            sigalg=SIG_RSA_SHA256,
        )
        location = dict(http_args["headers"])["Location"]
        self.last_logout_response_location = location
        return location

    def logout_request_location(self, sp_entity_id: str, name_id: str) -> str:
        """The IdP's own LogoutRequest (the user logged out at another system): where the
        browser is sent, at our single logout service."""
        server = self._server()
        destination = server.metadata.single_logout_service(
            sp_entity_id, saml2.BINDING_HTTP_REDIRECT, "spsso"
        )[0]["location"]
        _request_id, request = server.create_logout_request(
            destination,
            self.entity_id,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=name_id),
            sign=False,
        )
        http_args = server.apply_binding(
            saml2.BINDING_HTTP_REDIRECT,
            str(request),
            destination=destination,
            sign=True,
            sigalg=SIG_RSA_SHA256,
        )
        return dict(http_args["headers"])["Location"]


def _answer(start_response: StartResponse, status: str, text: str, kind: str) -> list[bytes]:
    start_response(status, [("Content-Type", f"{kind}; charset=utf-8")])
    return [text.encode("utf-8")]


def form_fields(page: str) -> tuple[str, dict[str, str]]:
    """The action and hidden fields of the IdP's auto-submitting form."""
    action = html.unescape(re.search(r'<form[^>]*action="([^"]+)"', page).group(1))  # type: ignore[union-attr]
    fields = {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page)
    }
    return action, fields


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
