"""Rendered annual reports, kept while what they show is unchanged.

WeasyPrint takes most of a report's time; its HTML is cheap. So a report is looked up by
the SHA-256 of its HTML (results.ReportPdf), which holds every figure, deviation, team name
and the printing date: a change to any of them renders the report again, and nothing stale
is ever served. Only the latest rendering of each report is kept. The facilitator's report
covers every municipality, so the job worker renders it (reports.prepare_facilitator_report)
and a request only looks it up.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import IntegrityError, transaction

from fremdrift.core import clock
from fremdrift.core.housekeeping import KEPT
from fremdrift.core.pdf import html_to_pdf
from fremdrift.results.models import ReportPdf

ANNUAL = "annual"
ACROSS = "across"


def _key(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def stored_pdf(html: str) -> bytes | None:
    """The PDF of exactly this HTML, if it has been rendered."""
    found = ReportPdf.objects.filter(key=_key(html)).values_list("pdf", flat=True).first()
    return bytes(found) if found is not None else None


def cached_pdf(html: str, *, kind: str, municipality_id: int | None, year: int) -> bytes:
    """The PDF of this HTML: the kept one, or rendered now and kept in place of the last."""
    found = stored_pdf(html)
    if found is not None:
        return found
    pdf = html_to_pdf(html)
    try:
        with transaction.atomic():
            earlier = ReportPdf.objects.filter(kind=kind, year=year)
            if municipality_id is None:
                earlier = earlier.filter(municipality__isnull=True)
            else:
                earlier = earlier.filter(municipality_id=municipality_id)
            earlier.delete()
            ReportPdf.objects.create(
                key=_key(html),
                kind=kind,
                municipality_id=municipality_id,
                year=year,
                pdf=pdf,
                created_at=clock.now(),
            )
    except IntegrityError:
        pass  # rendered by another request at the same moment: the same bytes are kept
    return pdf


def remove_old_report_pdfs(now: dt.datetime) -> int:
    """Housekeeping (core.housekeeping): a PDF not rendered again for a month is for data no
    page shows any longer; one asked for again is simply rendered anew."""
    removed, _ = ReportPdf.objects.filter(created_at__lt=now - KEPT).delete()
    return removed
