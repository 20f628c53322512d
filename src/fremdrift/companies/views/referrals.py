from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.citizens.access import access_citizen, record_citizen_read, record_list
from fremdrift.companies.access import access_referral, may_answer, read_referral
from fremdrift.companies.forms import ReferralAnswerForm, ReferralForm
from fremdrift.companies.models import Referral
from fremdrift.companies.referral_services import (
    ReferralOpen,
    referral_accept,
    referral_create,
    referral_return,
)
from fremdrift.companies.selectors import open_referrals_for, referrals_for_citizen
from fremdrift.core.forms import refusal_as_message

INBOX_PAGE_SIZE = 50
FROM_INBOX = "indbakke"  # the answer forms say where they were posted from, to go back there


@require_permission(Permission.EDIT_CITIZEN)
@require_http_methods(["GET", "POST"])
def refer(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    citizen = access_citizen(request.user, citizen_pk, permission=Permission.EDIT_CITIZEN)
    form = ReferralForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            referral = referral_create(
                actor=request.user,
                citizen=citizen,
                consultant=form.cleaned_data["consultant"],
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ReferralOpen as taken:
            form.add_error(None, _open_message(taken.existing))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Henvisningen er sendt til %(name)s.")
                % {"name": referral.consultant.get_full_name()},
            )
            return redirect("citizens:detail", pk=citizen.pk)
    latest = referrals_for_citizen(request.user, citizen).first()
    record_citizen_read(request.user, citizen, purpose="Henvisning til virksomhedskonsulent")
    context = {"citizen": citizen, "form": form, "latest": latest}
    return render(request, "companies/referral_form.html", context)


def _open_message(existing: Referral | None) -> str:
    if existing is None:
        return _("Borgeren har allerede en åben henvisning.")
    return format_html(
        '{} <a href="{}">{}</a>',
        _("Borgeren har allerede en åben henvisning. Den skal besvares, før der kan sendes en ny."),
        reverse("companies:referral", kwargs={"pk": existing.pk}),
        _("Se den åbne henvisning"),
    )


@require_permission(Permission.VIEW_CITIZEN)
def referral_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    referrals = open_referrals_for(request.user)
    page = Paginator(referrals, INBOX_PAGE_SIZE).get_page(request.GET.get("side"))
    # One form per row, with ids of its own so the labels stay tied to the right field.
    rows = [
        {
            "referral": referral,
            "can_answer": may_answer(request.user, referral),
            "form": ReferralAnswerForm(auto_id=f"id_r{referral.pk}_%s"),
        }
        for referral in page.object_list
    ]
    record_list(
        request.user,
        [referral.citizen_id for referral in page.object_list],
        purpose="Henvisninger til virksomhedskonsulent",
        query=request.GET.dict(),
    )
    return render(request, "companies/referrals.html", {"page": page, "rows": rows, "query": ""})


@require_permission(Permission.VIEW_CITIZEN)
def referral_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = read_referral(request.user, pk)
    return _detail(request, referral, ReferralAnswerForm())


def _detail(
    request: AuthenticatedHttpRequest, referral: Referral, form: ReferralAnswerForm
) -> HttpResponse:
    context = {
        "referral": referral,
        "can_answer": referral.is_open and may_answer(request.user, referral),
        "answer_form": form,
    }
    return render(request, "companies/referral_detail.html", context)


def _back(request: AuthenticatedHttpRequest, referral: Referral) -> HttpResponse:
    if request.POST.get("fra") == FROM_INBOX:
        return redirect("companies:referrals")
    return redirect("companies:referral", pk=referral.pk)


@require_permission(Permission.VIEW_CITIZEN)
@require_POST
def referral_accept_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = access_referral(request.user, pk, to_answer=True)
    form = ReferralAnswerForm(request.POST)
    if not form.is_valid():
        # Never accept while silently dropping the note: show it again with its error.
        return _detail(request, read_referral(request.user, pk), form)
    with refusal_as_message(request) as refusal:
        referral_accept(actor=request.user, referral=referral, note=form.cleaned_data["note"])
    if not refusal.refused:
        messages.success(
            request,
            _("Henvisningen er modtaget. %(citizen)s er nu tilknyttet %(consultant)s.")
            % {
                "citizen": referral.citizen.full_name,
                "consultant": referral.consultant.get_full_name(),
            },
        )
    return _back(request, referral)


@require_permission(Permission.VIEW_CITIZEN)
@require_POST
def referral_return_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = access_referral(request.user, pk, to_answer=True)
    form = ReferralAnswerForm(request.POST)
    if form.is_valid():
        try:
            referral_return(actor=request.user, referral=referral, note=form.cleaned_data["note"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # answered meanwhile: nothing to correct here
                messages.error(request, " ".join(error.messages))
                return _back(request, referral)
            form.add_error(None, error)
        else:
            messages.success(request, _("Henvisningen er sendt retur til sagsbehandleren."))
            return _back(request, referral)
    # Show the referral again with the error on the note: that is a read, so it is recorded.
    return _detail(request, read_referral(request.user, pk), form)
