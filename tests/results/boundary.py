"""The statistics import's URL with an id-like part (collected by tests/test_boundary.py),
and the monthly book's precondition for the edit pages' test (tests/test_edit_versions.py)."""

import uuid

import pytest

from fremdrift.core.progress import progress_start
from fremdrift.results.statistics.queued import JOB_KIND

OBJECT_URLS = {
    # A queued statistics import's progress: the facilitator who started it only.
    "statistics:progress": ("get", {"facilitator"}, "statistics_progress_kwargs", {}),
}


@pytest.fixture
def statistics_progress_kwargs(facilitator):
    key = uuid.uuid4().hex
    progress_start(key, kind=JOB_KIND, owner_id=facilitator.pk, municipality_id=None, total=2)
    return {"key": key}


@pytest.fixture
def monthly_book_kwargs(odense_caseworker) -> dict:
    """No URL kwargs: the book needs a team in the municipality, which the caseworker has."""
    assert odense_caseworker.team is not None
    return {}


FIXTURES = ("statistics_progress_kwargs", "monthly_book_kwargs")
