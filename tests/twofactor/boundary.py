"""The boundary test's expectations for the second factor's reset (tests/test_boundary.py)."""

from __future__ import annotations

import pytest

OBJECT_URLS: dict[str, tuple[str, set[str], str, dict]] = {
    "twofactor:reset": ("post", {"odense_admin"}, "odense_colleague_kwargs", {}),
}
FIXTURES = ("odense_colleague_kwargs",)


@pytest.fixture
def odense_colleague_kwargs(odense_manager) -> dict:
    return {"user_id": odense_manager.pk}
