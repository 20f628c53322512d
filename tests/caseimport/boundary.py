"""The case-data import's URL with an id-like part (collected by tests/test_boundary.py).

The example files hold no personal data, but they belong to the import page: administrators
only, like the page itself.
"""

import uuid

import pytest

from fremdrift.caseimport.services import JOB_KIND
from fremdrift.core.progress import progress_start

OBJECT_URLS = {
    "caseimport:example": ("get", {"odense_admin"}, "caseimport_example_kwargs", {}),
    # A queued import's progress: the person who started it only.
    "caseimport:progress": ("get", {"odense_admin"}, "caseimport_progress_kwargs", {}),
}


@pytest.fixture
def caseimport_example_kwargs():
    return {"kind": "borgere"}


@pytest.fixture
def caseimport_progress_kwargs(odense_admin):
    key = uuid.uuid4().hex
    progress_start(
        key,
        kind=JOB_KIND,
        owner_id=odense_admin.pk,
        municipality_id=odense_admin.municipality_id,
        total=2,
    )
    return {"key": key}


FIXTURES = ("caseimport_example_kwargs", "caseimport_progress_kwargs")
