"""How a CPR number is kept: encrypted for reveal, and as a keyed digest for exact look-up.

The digest is an HMAC, so the database alone cannot be searched by trying the few million
possible CPR numbers; both keys derive from settings.FIELD_KEY.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet
from django.conf import settings


def _derive(purpose: bytes) -> bytes:
    return hashlib.sha256(purpose + b":" + settings.FIELD_KEY.encode()).digest()


@cache
def _fernet(field_key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(b"fremdrift-cpr-encryption")))


def cpr_digest(digits: str) -> str:
    return hmac.new(_derive(b"fremdrift-cpr-digest"), digits.encode(), hashlib.sha256).hexdigest()


def cpr_encrypt(digits: str) -> str:
    return _fernet(settings.FIELD_KEY).encrypt(digits.encode()).decode()


def cpr_decrypt(token: str) -> str:
    return _fernet(settings.FIELD_KEY).decrypt(token.encode()).decode()
