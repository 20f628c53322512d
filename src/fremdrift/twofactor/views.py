"""The second factor's pages: the code at login, enrolment, recovery codes, and the
administrator's reset. Thin: the services check, write and audit."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest, municipality_id_of
from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.twofactor import selectors, services
from fremdrift.twofactor.forms import AppCodeForm, CodeForm
from fremdrift.twofactor.qr import qr_svg, secret_for_typing

RECOVERY_CODES_SESSION_KEY = "twofactor_recovery_codes"
NEXT_SESSION_KEY = "twofactor_next"


def _next(request: HttpRequest) -> str:
    """Where to go after the code: the page first asked for, if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("home")


def _refuse(form: CodeForm, outcome: services.Outcome) -> None:
    """The Danish answer to a refused code, at the field, with the wait the throttle asks."""
    seconds = outcome.wait_seconds
    wait = ngettext(
        "Vent %(seconds)d sekund, før du prøver igen.",
        "Vent %(seconds)d sekunder, før du prøver igen.",
        seconds,
    ) % {"seconds": seconds}
    if outcome.throttled:
        reason = _("Der er skrevet for mange forkerte koder, så koden blev ikke prøvet.")
    else:
        reason = _("Koden er forkert.")
    form.add_error("code", f"{reason} {wait}")


def _signed_in(request: HttpRequest, outcome: services.Outcome) -> None:
    django_otp.login(request, outcome.device)
    # A new session key for the now verified session, as at the password step.
    request.session.cycle_key()


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The code page after the password: a code from the app or a recovery code."""
    user = request.user
    if not selectors.owes_second_factor(request):
        return HttpResponseRedirect(_next(request))
    device = selectors.authenticator(user)
    if device is None:
        return redirect(f"{reverse('twofactor:enrol')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.verify_code(user=user, code=form.cleaned_data["code"])
        if outcome.ok:
            _signed_in(request, outcome)
            if outcome.recovery_code_used:
                left = selectors.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "Du har brugt en gendannelseskode. Du har %(left)d tilbage.",
                        "Du har brugt en gendannelseskode. Du har %(left)d tilbage.",
                        left,
                    )
                    % {"left": left},
                )
            return HttpResponseRedirect(_next(request))
        _refuse(form, outcome)
    return render(request, "twofactor/verify.html", {"form": form, "next": _next(request)})


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Enrolment: the QR code and the secret, confirmed with a first code from the app."""
    user = request.user
    if selectors.authenticator(user) is not None:
        # One authenticator at a time; another only after a reset.
        if selectors.owes_second_factor(request):
            return redirect("twofactor:verify")
        return redirect("twofactor:overview")
    device = services.pending_authenticator(user)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.confirm_enrolment(user=user, code=form.cleaned_data["code"])
        if outcome.ok:
            _signed_in(request, outcome)
            request.session[RECOVERY_CODES_SESSION_KEY] = outcome.recovery_codes
            request.session[NEXT_SESSION_KEY] = _next(request)
            return redirect("twofactor:recovery_codes")
        _refuse(form, outcome)
    context = {
        "form": form,
        "qr_svg": qr_svg(device),
        "secret": secret_for_typing(device),
        "next": _next(request),
        "required": selectors.second_factor_required(user),
    }
    return render(request, "twofactor/enrol.html", context)


@never_cache
def recovery_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The recovery codes, shown once: taken out of the session as they are shown."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("twofactor:overview")
    onward = request.session.pop(NEXT_SESSION_KEY, None) or reverse("home")
    return render(request, "twofactor/recovery_codes.html", {"codes": codes, "next": onward})


@never_cache
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own second factor: enrolled or not, recovery codes left, new codes."""
    user = request.user
    context = {
        "device": selectors.authenticator(user),
        "codes_left": selectors.recovery_codes_left(user),
        "required": selectors.second_factor_required(user),
        "form": AppCodeForm(),
    }
    return render(request, "twofactor/overview.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def regenerate(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New recovery codes after a fresh code; the form itself is on the overview."""
    user = request.user
    device = selectors.authenticator(user)
    if device is None:
        return redirect("twofactor:enrol")
    if request.method == "GET":
        return redirect("twofactor:overview")
    form = AppCodeForm(request.POST)
    if form.is_valid():
        outcome = services.regenerate_recovery_codes(user=user, code=form.cleaned_data["code"])
        if outcome.ok:
            request.session[RECOVERY_CODES_SESSION_KEY] = outcome.recovery_codes
            request.session[NEXT_SESSION_KEY] = reverse("twofactor:overview")
            return redirect("twofactor:recovery_codes")
        _refuse(form, outcome)
    context = {
        "device": device,
        "codes_left": selectors.recovery_codes_left(user),
        "required": selectors.second_factor_required(user),
        "form": form,
    }
    return render(request, "twofactor/overview.html", context, status=400)


@require_permission(Permission.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def reset(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    """The administrator resets a colleague's second factor; they enrol again at login."""
    person = User.objects.filter(
        pk=user_id, municipality_id=municipality_id_of(request.user)
    ).first()
    if person is None:
        raise Http404
    if request.method == "POST":
        services.reset_second_factor(actor=request.user, user=person)
        messages.success(
            request,
            _(
                "Totrinsbekræftelsen for %(name)s er nulstillet. Brugeren opsætter den igen "
                "ved næste login."
            )
            % {"name": person.get_full_name() or person.username},
        )
        return redirect("accounts:users")
    context = {
        "person": person,
        "device": selectors.authenticator(person),
        "codes_left": selectors.recovery_codes_left(person),
    }
    return render(request, "twofactor/reset.html", context)
