"""The access report's URLs with an id-like part (collected by tests/test_boundary.py).

Asking for the report, its progress and the stored PDF: a manager of the citizen's
municipality (the progress: the person who asked only).
"""

import uuid

import pytest

from fremdrift.audit.models import AccessReportPdf
from fremdrift.audit.report_services import JOB_KIND
from fremdrift.core import clock
from fremdrift.core.progress import progress_start

OBJECT_URLS = {
    "audit:report_request": ("post", {"odense_manager"}, "odense_citizen_kwargs", {}),
    "audit:report_progress": ("get", {"odense_manager"}, "access_report_progress_kwargs", {}),
    "audit:report_download": ("get", {"odense_manager"}, "access_report_kwargs", {}),
}


@pytest.fixture
def access_report_progress_kwargs(odense_manager):
    key = uuid.uuid4().hex
    progress_start(
        key,
        kind=JOB_KIND,
        owner_id=odense_manager.pk,
        municipality_id=odense_manager.municipality_id,
    )
    return {"key": key}


@pytest.fixture
def access_report_kwargs(odense_manager, odense_citizen):
    report = AccessReportPdf.objects.create(
        municipality=odense_citizen.municipality,
        owner=odense_manager,
        citizen=odense_citizen,
        pdf=b"%PDF-1.7",
        created_at=clock.now(),
    )
    return {"pk": report.pk}


FIXTURES = ("access_report_progress_kwargs", "access_report_kwargs")
