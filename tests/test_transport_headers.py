"""HSTS over TLS (behind a proxy too), and a request id the client cannot choose.

Found by an attack: no Strict-Transport-Security header was sent over https, and an
`X-Request-ID` sent by any client became the id its audit entries carry.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fremdrift import settings as production_settings
from fremdrift.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
LOGIN = reverse("login")
HSTS = "Strict-Transport-Security"


def test_hsts_is_on_by_default_for_a_year():
    assert production_settings.SECURE_HSTS_SECONDS >= 365 * 24 * 60 * 60


def test_hsts_is_sent_over_tls_and_never_over_plain_http(settings):
    settings.SECURE_HSTS_SECONDS = production_settings.SECURE_HSTS_SECONDS
    assert Client().get(LOGIN, secure=True)[HSTS] == "max-age=31536000"
    assert HSTS not in Client().get(LOGIN)


def test_behind_a_tls_proxy_its_word_counts_and_otherwise_not(settings):
    settings.SECURE_HSTS_SECONDS = production_settings.SECURE_HSTS_SECONDS
    forwarded = {"HTTP_X_FORWARDED_PROTO": "https"}
    assert HSTS not in Client().get(LOGIN, **forwarded)  # anyone can send the header
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert Client().get(LOGIN, **forwarded)[HSTS] == "max-age=31536000"


def test_a_clients_request_id_is_replaced_and_a_proxys_is_kept(
    settings, odense_caseworker, odense_citizen
):
    chosen = "attacker-chosen-id-0001"
    detail = reverse("citizens:detail", kwargs={"pk": odense_citizen.pk})
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.force_login(odense_caseworker)
    response = client.get(detail, HTTP_X_REQUEST_ID=chosen)
    assert response["X-Request-ID"] != chosen
    assert AuditEntry.objects.filter(request_id=chosen).count() == 0
    assert AuditEntry.objects.filter(request_id=response["X-Request-ID"]).count() == 1

    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    proxied = Client(REMOTE_ADDR="10.0.0.5")
    proxied.force_login(odense_caseworker)
    response = proxied.get(detail, HTTP_X_REQUEST_ID="proxy-made-id-0002")
    assert response["X-Request-ID"] == "proxy-made-id-0002"
    assert AuditEntry.objects.filter(request_id="proxy-made-id-0002").count() == 1
    response = proxied.get(detail, HTTP_X_REQUEST_ID="bad id with spaces")
    assert len(response["X-Request-ID"]) == 32  # even a proxy's must look like an id
