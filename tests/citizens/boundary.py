"""Boundary entries for the citizens app's own URLs beyond the citizen pages (collected by
tests/test_boundary.py)."""

import pytest

# A caseload: the municipality's administrator and manager move citizens between staff.
OBJECT_URLS = {
    "citizens:caseload_move": (
        "get",
        {"odense_admin", "odense_manager"},
        "odense_caseload_kwargs",
        {},
    ),
}
FIXTURES = ["odense_caseload_kwargs"]


@pytest.fixture
def odense_caseload_kwargs(odense_citizen):
    """The caseworker holding the Odense citizen."""
    return {"user_pk": odense_citizen.caseworker_id}
