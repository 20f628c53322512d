"""The service provider's own key and certificate: what our SAML requests are signed with
and what a municipality's identity provider is given in our metadata.

Set by the environment (SSO_SP_KEY_FILE and SSO_SP_CERT_FILE), or generated at first use
into VAR_DIR like the product's other generated secrets (config.persistent_secret).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings

from fremdrift.core import clock

CERT_YEARS = 10


@dataclass(frozen=True)
class KeyPair:
    key_file: Path
    cert_file: Path

    def certificate_pem(self) -> str:
        return self.cert_file.read_text()

    def certificate_base64(self) -> str:
        """The certificate as it goes into metadata: the PEM's body on one line."""
        lines = self.certificate_pem().strip().splitlines()
        return "".join(line for line in lines if not line.startswith("-----"))


def sp_key_pair() -> KeyPair:
    if settings.SSO_SP_KEY_FILE and settings.SSO_SP_CERT_FILE:
        return KeyPair(Path(settings.SSO_SP_KEY_FILE), Path(settings.SSO_SP_CERT_FILE))
    folder = Path(settings.VAR_DIR) / "sso-sp"
    if not folder.exists():
        _generate_into(folder)
    return KeyPair(folder / "sp.key", folder / "sp.crt")


def _generate_into(folder: Path) -> None:
    """Key and certificate are written to a folder of their own and renamed into place in
    one step, so two processes starting at once never pair one's key with the other's
    certificate."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".sso-sp-", dir=folder.parent))
    key_pem, cert_pem = generate_key_and_certificate("Fremdrift")
    (scratch / "sp.key").write_bytes(key_pem)
    os.chmod(scratch / "sp.key", 0o600)
    (scratch / "sp.crt").write_bytes(cert_pem)
    try:
        scratch.rename(folder)
    except OSError:
        # Another process got there first: its pair is the one in use.
        for child in scratch.iterdir():
            child.unlink()
        scratch.rmdir()


def generate_key_and_certificate(common_name: str, *, key_size: int = 3072) -> tuple[bytes, bytes]:
    """A 3072-bit RSA key and a self-signed certificate for it (PEM), as SAML metadata
    carries them: the certificate is only a wrapper for the public key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    start = clock.now() - dt.timedelta(days=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=365 * CERT_YEARS))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)
