"""The case-data import's URL with an id-like part (collected by tests/test_boundary.py).

The example files hold no personal data, but they belong to the import page: administrators
only, like the page itself.
"""

import pytest

OBJECT_URLS = {
    "caseimport:example": ("get", {"odense_admin"}, "caseimport_example_kwargs", {}),
}


@pytest.fixture
def caseimport_example_kwargs():
    return {"kind": "borgere"}


FIXTURES = ("caseimport_example_kwargs",)
