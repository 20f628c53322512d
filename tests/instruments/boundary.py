"""Boundary entries for the instrument pages (collected by tests/test_boundary.py)."""

import pytest
import yaml

from fremdrift.instruments.services import instrument_version_load
from tests.instruments.test_validation import minimal

OBJECT_URLS = {
    "instruments:preview": ("get", {"odense_admin"}, "odense_instrument_kwargs", {}),
    "instruments:publish": ("post", {"odense_admin"}, "odense_instrument_kwargs", {}),
}


@pytest.fixture
def odense_instrument_kwargs(odense):
    version, _ = instrument_version_load(
        text=yaml.safe_dump(minimal(), allow_unicode=True), source="t.yaml", municipality=odense
    )
    return {"pk": version.pk}


FIXTURES = ("odense_instrument_kwargs",)
