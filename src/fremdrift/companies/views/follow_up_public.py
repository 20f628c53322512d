"""The public follow-up page behind a contact person's personal link: no login, no session.

The token is the only credential. The page shows the citizen's first name, the company, the
offer and its dates, and the form; it links nowhere but to itself (the language switch).
Unknown tokens answer 404 and count towards the client's throttle (429); a used or expired
link answers 410. All as plain Danish pages of their own, never the product's pages.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from fremdrift.companies.follow_up_services import (
    CONTACT_PERSON,
    LinkRefused,
    LinkUnknown,
    NoInstrument,
    follow_up_version,
    link_open,
    link_submit,
    unscoped_link_by_token,
)
from fremdrift.companies.follow_up_throttle import client_address, count_wrong_token, is_throttled
from fremdrift.companies.models import FollowUpLink
from fremdrift.progression.presentation import item_views

LANGUAGES = ("da", "en")
NEXT_FOCUS_FIELD = "next_focus"


def _language(request: HttpRequest) -> str:
    chosen = request.POST.get("sprog") or request.GET.get("sprog") or "da"
    return chosen if chosen in LANGUAGES else "da"


def _private(response: HttpResponse) -> HttpResponse:
    # The token is in the address: never sent to another site as a referrer, kept in a
    # cache or indexed. Same-origin rather than no-referrer: with no-referrer the browser
    # posts the form with "Origin: null", which Django's CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _plain(request: HttpRequest, reason: str, status: int) -> HttpResponse:
    # Danish only: whoever holds a broken link may not have chosen a language yet.
    with translation.override("da"):
        page = render(request, "companies/public/refused.html", {"reason": reason}, status=status)
    return _private(page)


def _form_page(
    request: HttpRequest,
    link: FollowUpLink,
    language: str,
    *,
    answers: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
    next_focus: str = "",
) -> HttpResponse:
    period = link.placement.period
    version = follow_up_version(period.municipality)
    context = {
        "first_name": period.citizen.first_name,
        "company": period.company.name if period.company else "",
        "offer": period.offer_type.name if period.offer_type else "",
        "period": period,
        "expires_at": link.expires_at,
        "items": item_views(version, CONTACT_PERSON, language, answers=answers, errors=errors),
        "language": language,
        "next_focus": next_focus,
        "next_focus_errors": (errors or {}).get(NEXT_FOCUS_FIELD, []),
        "has_errors": bool(errors),
        "general_errors": (errors or {}).get("", []) + (errors or {}).get("__all__", []),
    }
    return _private(render(request, "companies/public/follow_up_form.html", context, status=200))


@login_not_required
@require_http_methods(["GET", "POST"])
def follow_up_public(request: HttpRequest, token: str) -> HttpResponse:
    address = client_address(request)
    if is_throttled(address):
        return _plain(request, "throttled", 429)
    if unscoped_link_by_token(token) is None:
        count_wrong_token(address)
        return _plain(request, "unknown", 404)
    language = _language(request)
    with translation.override(language):
        try:
            if request.method == "POST":
                return _submit(request, token, language)
            return _form_page(request, link_open(token), language)
        except LinkUnknown:
            return _plain(request, "unknown", 404)
        except LinkRefused as refusal:
            return _plain(request, refusal.reason, refusal.status)
        except NoInstrument:
            return _plain(request, "unavailable", 503)


def _submit(request: HttpRequest, token: str, language: str) -> HttpResponse:
    link = unscoped_link_by_token(token)
    if link is None:
        raise LinkUnknown
    version = follow_up_version(link.placement.period.municipality)
    answers = {
        item["key"]: request.POST.get(item["key"], "")[:20]
        for item in version.items_for(CONTACT_PERSON)
    }
    next_focus = request.POST.get(NEXT_FOCUS_FIELD, "")
    try:
        link_submit(token=token, answers=answers, next_focus=next_focus, language=language)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        return _form_page(
            request, link, language, answers=answers, errors=errors, next_focus=next_focus[:4000]
        )
    page = render(request, "companies/public/thanks.html", {"language": language})
    return _private(page)
