"""What every share toggle answers: a confirmation, and back to the document."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.toolbox.models import ShareableDocument


def wants_shared(request: AuthenticatedHttpRequest) -> bool:
    return request.POST.get("shared") == "1"


def shared_response(
    request: AuthenticatedHttpRequest, *, document: ShareableDocument, changed: bool, detail: str
) -> HttpResponse:
    if changed:
        messages.success(
            request,
            _("Dokumentet er delt med facilitatoren.")
            if document.shared
            else _("Dokumentet deles ikke længere med facilitatoren."),
        )
    return redirect(detail, pk=document.pk)
