"""Files handed to the user: personal data never lingers in a cache."""

from __future__ import annotations

from django.http import HttpResponse


def pdf_attachment(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
