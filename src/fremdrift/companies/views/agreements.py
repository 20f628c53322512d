"""The work agreement's pages: write and edit the draft, record signatures, make a new
version of a signed one, show any version, and print it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.citizens.access import record_citizen_read
from fremdrift.companies.access import access_placement
from fremdrift.companies.agreement_forms import (
    AgreementEditForm,
    AgreementForm,
    SignatureForm,
    agreement_initial,
)
from fremdrift.companies.agreement_printing import render_agreement_pdf
from fremdrift.companies.agreement_selectors import (
    access_agreement,
    agreement_view,
    read_agreement,
    require_newest,
)
from fremdrift.companies.agreement_services import (
    agreement_create,
    agreement_new_version,
    agreement_sign,
    agreement_update,
)
from fremdrift.companies.models import WorkAgreement
from fremdrift.companies.placement_selectors import current_agreement, placement_of
from fremdrift.core.downloads import pdf_attachment
from fremdrift.core.forms import refusal_as_message, service_errors
from fremdrift.core.versioning import EditConflict, edit_conflict
from fremdrift.journey.models import Period

EDIT = Permission.EDIT_PLACEMENT
READ = Permission.VIEW_CITIZEN


def _form_read(request: AuthenticatedHttpRequest, period: Period, **details: object) -> None:
    """A form showing the citizen's agreement is a read of the citizen's data."""
    record_citizen_read(
        request.user,
        period.citizen,
        purpose="Arbejdsaftale: formular",
        details={"period": period.pk, **details},
    )


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def agreement_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = access_placement(request.user, pk, EDIT)
    existing = current_agreement(request.user, placement_of(request.user, period))
    if existing is not None:
        return redirect("companies:agreement", pk=existing.pk)
    placement = placement_of(request.user, period)
    form = AgreementForm(
        request.POST or None, initial={"tasks": placement.tasks if placement else ""}
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            agreement = agreement_create(actor=request.user, period=period, data=form.to_data())
        if not form.errors:
            messages.success(request, _("Kladden til arbejdsaftalen er gemt."))
            return redirect("companies:agreement", pk=agreement.pk)
    _form_read(request, period)
    context = {"form": form, "period": period, "title": _("Skriv arbejdsaftale")}
    return render(request, "companies/agreement_form.html", context)


@require_permission(READ)
@require_GET
def agreement_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = read_agreement(request.user, pk, purpose="Opslag på arbejdsaftale")
    newest = current_agreement(request.user, agreement.placement)
    context = {
        "view": agreement_view(agreement),
        "agreement": agreement,
        "period": agreement.placement.period,
        "newest": newest,
        "is_newest": newest is not None and newest.pk == agreement.pk,
    }
    return render(request, "companies/agreement_detail.html", context)


def _signed_refusal(request: AuthenticatedHttpRequest, agreement: WorkAgreement) -> HttpResponse:
    messages.error(
        request,
        _("Aftalen er underskrevet og kan ikke ændres. Lav en ny version, hvis der skal ændres."),
    )
    return redirect("companies:agreement", pk=agreement.pk)


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def agreement_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = access_agreement(request.user, pk, EDIT)
    require_newest(request.user, agreement)
    if agreement.is_signed:
        return _signed_refusal(request, agreement)
    form = AgreementEditForm(request.POST or None, initial=agreement_initial(agreement))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form):
                agreement_update(
                    actor=request.user,
                    agreement=agreement,
                    data=form.to_data(),
                    expected_version=form.expected_version,
                )
        except EditConflict as error:
            conflict = edit_conflict(form, error)
        else:
            if not form.errors:
                messages.success(request, _("Kladden til arbejdsaftalen er gemt."))
                return redirect("companies:agreement", pk=agreement.pk)
    _form_read(request, agreement.placement.period, agreement=agreement.pk)
    context = {
        "form": form,
        "period": agreement.placement.period,
        "agreement": agreement,
        "conflict": conflict,
        "title": _("Ret kladden til arbejdsaftalen"),
        "has_signatures": agreement.signatures.exists(),
    }
    return render(request, "companies/agreement_form.html", context)


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def agreement_signature(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = access_agreement(request.user, pk, EDIT)
    require_newest(request.user, agreement)
    if agreement.is_signed:
        return _signed_refusal(request, agreement)
    view = agreement_view(agreement)
    parties = [(line.party, line.label) for line in view.missing_parties]
    form = SignatureForm(
        request.POST or None, initial={"version": agreement.version}, parties=parties
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form):
                agreement_sign(
                    actor=request.user,
                    agreement=agreement,
                    data=form.to_data(),
                    expected_version=form.expected_version,
                )
        except EditConflict as error:
            conflict = edit_conflict(form, error)
        else:
            if not form.errors:
                done = _("Alle tre parter har skrevet under. Aftalen er nu låst.")
                messages.success(
                    request, done if agreement.is_signed else _("Underskriften er registreret.")
                )
                return redirect("companies:agreement", pk=agreement.pk)
    _form_read(request, agreement.placement.period, agreement=agreement.pk)
    context = {"form": form, "view": view, "agreement": agreement, "conflict": conflict}
    return render(request, "companies/agreement_sign.html", context)


@require_permission(EDIT)
@require_POST
def agreement_version(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = access_agreement(request.user, pk, EDIT)
    with refusal_as_message(request) as refusal:
        draft = agreement_new_version(actor=request.user, agreement=agreement)
    if refusal.refused:
        return redirect("companies:agreement", pk=agreement.pk)
    messages.success(
        request,
        _("Version %(number)s er oprettet som kladde. Ret den, og få den skrevet under igen.")
        % {"number": draft.number},
    )
    return redirect("companies:agreement_edit", pk=draft.pk)


@require_permission(READ)
@require_GET
def agreement_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    citizen_copy = request.GET.get("eksemplar") == "borger"
    # The PDF holds the citizen's data and leaves the system: recorded before it is handed out.
    purpose = (
        "Udskrift af arbejdsaftale, borgerens eksemplar (PDF)"
        if citizen_copy
        else "Udskrift af arbejdsaftale (PDF)"
    )
    agreement = read_agreement(request.user, pk, purpose=purpose)
    pdf = render_agreement_pdf(agreement_view(agreement), citizen_copy=citizen_copy)
    suffix = "-borger" if citizen_copy else ""
    return pdf_attachment(pdf, f"arbejdsaftale-v{agreement.number}{suffix}.pdf")
