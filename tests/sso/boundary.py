"""The boundary test's expectations for the operator's single sign-on pages: only the
product's own administrator reaches them; everyone else gets 404."""

from __future__ import annotations

import pytest

from fremdrift.sso.models import IdentityProvider

OBJECT_URLS: dict[str, tuple[str, set[str], str, dict]] = {
    "sso:provider_edit": ("get", {"operator"}, "odense_identity_provider_kwargs", {}),
    "sso:provider_info": ("get", {"operator"}, "odense_identity_provider_kwargs", {}),
}
FIXTURES = ("odense_identity_provider_kwargs",)


@pytest.fixture
def odense_identity_provider_kwargs(odense) -> dict:
    provider = IdentityProvider.objects.create(
        municipality=odense,
        entity_id="https://adfs.odense.dk/adfs/services/trust",
        metadata_xml="<EntityDescriptor/>",
    )
    return {"pk": provider.pk}
