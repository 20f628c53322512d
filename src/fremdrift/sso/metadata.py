"""An identity provider's metadata, read with pysaml2's own metadata store, and fetched
from its address only when the operator asks (never while someone logs in)."""

from __future__ import annotations

import urllib.request
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from saml2.attribute_converter import ac_factory
from saml2.mdstore import InMemoryMetaData

FETCH_TIMEOUT_SECONDS = 15
MAX_METADATA_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class IdpMetadata:
    entity_id: str
    signing_certificates: int


def read_idp_metadata(xml: str) -> IdpMetadata:
    """The one identity provider the metadata describes, with a signing certificate; a
    Danish ValidationError (keyed by the form's field) for anything else."""
    store = InMemoryMetaData(ac_factory(), metadata=xml)
    try:
        store.load()
    except Exception as error:  # pysaml2 raises many kinds for a broken document
        raise ValidationError(
            {
                "metadata_file": _("Metadata kunne ikke læses som SAML-metadata: %(error)s")
                % {"error": str(error)[:200]}
            }
        ) from error
    providers = list(store.with_descriptor("idpsso"))
    if len(providers) != 1:
        raise ValidationError(
            {
                "metadata_file": _(
                    "Metadata skal beskrive præcis én identitetsudbyder (fandt %(count)s)."
                )
                % {"count": len(providers)}
            }
        )
    entity_id = providers[0]
    certificates = store.certs(entity_id, "idpsso", "signing")
    if not certificates:
        raise ValidationError(
            {"metadata_file": _("Metadata har intet certifikat til at kontrollere signaturer.")}
        )
    if not store.service(entity_id, "idpsso_descriptor", "single_sign_on_service"):
        raise ValidationError(
            {"metadata_file": _("Metadata har ingen adresse til login (SingleSignOnService).")}
        )
    return IdpMetadata(entity_id=entity_id, signing_certificates=len(certificates))


def fetch_metadata(url: str) -> str:
    """The document at `url`, for the operator's "fetch" action. A Danish ValidationError
    on the URL field when it cannot be fetched."""
    if not url.lower().startswith(("https://", "http://")):
        raise ValidationError({"metadata_url": _("Adressen skal begynde med https://.")})
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(MAX_METADATA_BYTES + 1)
    except (OSError, ValueError) as error:
        raise ValidationError(
            {"metadata_url": _("Metadata kunne ikke hentes: %(error)s") % {"error": error}}
        ) from error
    if len(body) > MAX_METADATA_BYTES:
        raise ValidationError({"metadata_url": _("Metadata er større end 2 MB.")})
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationError({"metadata_url": _("Metadata er ikke UTF-8-tekst.")}) from error
