"""Progression pages: the questionnaires at a conversation, the citizen's own form, the
stars, the printouts and the reports. Thin: selectors read, instruments.response_services writes."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest, municipality_of
from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission, Role
from fremdrift.audit.services import audited_atomic
from fremdrift.citizens.access import read_citizen, record_citizen_read
from fremdrift.citizens.languages import direction
from fremdrift.citizens.selectors import staff_in_municipality
from fremdrift.conversations.access import access_conversation
from fremdrift.conversations.models import Conversation
from fremdrift.core import clock
from fremdrift.core.downloads import pdf_attachment
from fremdrift.core.versioning import Conflict, EditConflict
from fremdrift.instruments.models import InstrumentVersion, Response
from fremdrift.instruments.response_services import current_version, response_save, response_start
from fremdrift.instruments.texts import text_in
from fremdrift.progression.citizen import citizen_progression
from fremdrift.progression.labels import OWN_NAMES, form_languages, labels_for
from fremdrift.progression.presentation import (
    answers_conflict,
    current_answers,
    item_views,
    respondent_name,
)
from fremdrift.progression.printing import render_questionnaire_pdf
from fremdrift.progression.reports import build_report, scopes_for
from fremdrift.progression.selectors import (
    USE,
    citizen_responses,
    conversation_responses,
    municipality_readings,
)

EDIT = Permission.EDIT_CITIZEN
PAGE_PURPOSE = "Opslag i borgerens progression"
FORM_PURPOSE = "Udfyldning af progressionsmåling"
PRINT_PURPOSE = "Udskrift af progressionsmåling (PDF)"


def _version_and_response(
    user: User, conversation: Conversation, respondent: str, permission: Permission = EDIT
) -> tuple[InstrumentVersion, Response | None]:
    response = conversation_responses(user, conversation, permission).get(respondent)
    version = response.version if response else current_version(conversation.municipality, USE)
    if version is None:
        raise Http404  # no progression instrument published to this municipality
    if not version.has_respondent(respondent):
        raise Http404
    return version, response


def _ui_language(version: InstrumentVersion) -> str:
    return version.language_or_danish(translation.get_language())


def _errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            key: [m for e in errs for m in e.messages] for key, errs in error.error_dict.items()
        }
    return {"": error.messages}


NOTHING_ANSWERED = gettext_lazy(
    "Ingen spørgsmål er besvaret, så målingen er ikke ændret. Vælg et svar ved hvert "
    "spørgsmål, eller 'Ved ikke'."
)


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def response_form(request: AuthenticatedHttpRequest, pk: int, respondent: str) -> HttpResponse:
    """All items on one page: the caseworker's own reading, or the citizen's entered by the
    caseworker (from the paper form, or read aloud with an interpreter). A finished reading
    is answered again here, so the page carries the response's version (0: none saved yet)."""
    conversation = access_conversation(request.user, pk, permission=EDIT)
    version, response = _version_and_response(request.user, conversation, respondent)
    language = _ui_language(version)
    items = version.items_for(respondent)
    answers = current_answers(response)
    errors: dict[str, list[str]] = {}
    conflict: Conflict | None = None
    agreed = response.agreed_together if response else False
    edit_version = response.edit_version if response else 0
    if request.method == "POST":
        posted = {item["key"]: request.POST.get(f"svar-{item['key']}", "") for item in items}
        agreed = request.POST.get("aftalt") == "ja"
        try:
            edit_version = int(request.POST.get("version", ""))
        except ValueError:
            return HttpResponseBadRequest()
        try:
            _save_response(
                request.user,
                conversation,
                version,
                respondent,
                response,
                posted,
                agreed=agreed,
                expected_version=edit_version,
            )
        except EditConflict as error:
            conflict = answers_conflict(
                version, respondent, language, error.current, posted, agreed=agreed
            )
            edit_version, answers = error.version, posted
        except ValidationError as error:
            response = conversation_responses(request.user, conversation, EDIT).get(respondent)
            errors = _errors(error)
            answers = posted if any(posted.values()) else current_answers(response)
        else:
            messages.success(request, _("Målingen er gemt."))
            return redirect("conversations:detail", pk=conversation.pk)
    record_citizen_read(request.user, conversation.citizen, purpose=FORM_PURPOSE)
    views = item_views(version, respondent, language, answers=answers, errors=errors)
    context = {
        "conversation": conversation,
        "citizen": conversation.citizen,
        "version": version,
        "respondent": respondent,
        "respondent_name": respondent_name(version, respondent, language),
        "items": views,
        "error_list": [(v, message) for v in views for message in v.errors],
        "agreed": agreed,
        "language": language,
        "edit_version": edit_version,
        "conflict": conflict,
    }
    return render(request, "progression/response_form.html", context, status=400 if errors else 200)


def _save_response(
    user: User,
    conversation: Conversation,
    version: InstrumentVersion,
    respondent: str,
    response: Response | None,
    posted: dict[str, str],
    *,
    agreed: bool,
    expected_version: int,
) -> None:
    if not any(value.strip() for value in posted.values()):
        # An empty form would remove every answer of a finished reading.
        raise ValidationError({version.items_for(respondent)[0]["key"]: [NOTHING_ANSWERED]})
    # One transaction: a refused answer must not leave an empty response behind.
    with audited_atomic():
        response = response or response_start(
            actor=user, conversation=conversation, version=version, respondent=respondent
        )
        response_save(
            actor=user,
            response=response,
            answers=posted,
            agreed_together=agreed,
            complete=True,
            expected_version=expected_version,
        )


CITIZEN = "citizen"


def _citizen_language(
    request: AuthenticatedHttpRequest, version: InstrumentVersion, fallback: str
) -> str:
    return version.language_or_danish(
        request.GET.get("sprog") or request.POST.get("sprog") or fallback
    )


def _step_url(pk: int, step: int, language: str) -> str:
    return f"{reverse('progression:citizen_step', args=[pk, step])}?sprog={language}"


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def citizen_step(request: AuthenticatedHttpRequest, pk: int, step: int) -> HttpResponse:
    """The citizen's own form: one question per page, saved at every step."""
    conversation = access_conversation(request.user, pk, permission=EDIT)
    version, response = _version_and_response(request.user, conversation, CITIZEN)
    fallback = response.language if response else conversation.citizen.preferred_language
    language = _citizen_language(request, version, fallback)
    items = version.items_for(CITIZEN)
    if not 1 <= step <= len(items):
        raise Http404
    item = items[step - 1]
    error = ""
    if request.method == "POST":
        action = request.POST.get("handling", "naeste")
        raw = request.POST.get("svar", "")
        try:
            with audited_atomic():
                response = response_start(
                    actor=request.user,
                    conversation=conversation,
                    version=version,
                    respondent=CITIZEN,
                    language=language,
                )
                if action != "spring" and raw:
                    response_save(actor=request.user, response=response, answers={item["key"]: raw})
        except ValidationError as problem:
            error = " ".join(problem.messages)
            response = conversation_responses(request.user, conversation, EDIT).get(CITIZEN)
        else:
            if action == "tilbage" and step > 1:
                return redirect(_step_url(pk, step - 1, language))
            if step == len(items):
                return redirect(
                    f"{reverse('progression:citizen_finish', args=[pk])}?sprog={language}"
                )
            return redirect(_step_url(pk, step + 1, language))
    record_citizen_read(request.user, conversation.citizen, purpose=FORM_PURPOSE)
    labels, labels_missing = labels_for(language)
    view = item_views(version, CITIZEN, language, answers=current_answers(response))[step - 1]
    view.missing = view.missing or labels_missing  # the buttons are Danish too, then
    if error:
        view.errors = [error]
    context = {
        "conversation": conversation,
        "item": view,
        "step": step,
        "total": len(items),
        "progress": labels["question_of"].format(n=step, total=len(items)),
        "labels": labels,
        "language": language,
        "dir": direction(language),
        "languages": _language_choices(version),
    }
    return render(request, "progression/citizen_step.html", context, status=400 if error else 200)


def _language_choices(version: InstrumentVersion) -> list[tuple[str, str]]:
    """Each language the instrument has, named in that language (the citizen picks it)."""
    return [(code, OWN_NAMES.get(code, code)) for code in version.definition["languages"]]


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def citizen_finish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The citizen's answers in their language; finishing marks the reading complete and
    leads to the thank-you screen, not to the caseworker's pages."""
    conversation = access_conversation(request.user, pk, permission=EDIT)
    version, response = _version_and_response(request.user, conversation, CITIZEN)
    if response is None:
        return redirect("progression:citizen_step", pk=pk, step=1)
    language = _citizen_language(request, version, response.language)
    if request.method == "POST":
        response_save(
            actor=request.user,
            response=response,
            answers={},
            agreed_together=request.POST.get("aftalt") == "ja",
            complete=True,
        )
        return redirect(f"{reverse('progression:citizen_thanks', args=[pk])}?sprog={language}")
    record_citizen_read(request.user, conversation.citizen, purpose=FORM_PURPOSE)
    labels, _incomplete = labels_for(language)
    context = {
        "conversation": conversation,
        "response": response,
        "items": item_views(version, CITIZEN, language, answers=current_answers(response)),
        "labels": labels,
        "language": language,
        "dir": direction(language),
        "languages": _language_choices(version),
    }
    return render(request, "progression/citizen_finish.html", context)


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def citizen_thanks(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The citizen's last screen: thanks, and a request to hand the screen back. It stays
    until the caseworker presses their own button (the POST), so the citizen is never left
    on the conversation page with its journal."""
    conversation = access_conversation(request.user, pk, permission=EDIT)
    version, response = _version_and_response(request.user, conversation, CITIZEN)
    finished = response is not None and response.completed_at is not None
    if request.method == "POST":
        if finished:
            messages.success(request, _("Borgerens måling er gemt."))
        return redirect("conversations:detail", pk=conversation.pk)
    if response is None:
        return redirect("progression:citizen_step", pk=pk, step=1)
    if not finished:
        return redirect(
            f"{reverse('progression:citizen_finish', args=[pk])}?sprog={response.language}"
        )
    # Shows none of the answers, but the page is still served about this citizen's reading.
    record_citizen_read(request.user, conversation.citizen, purpose=FORM_PURPOSE)
    language = _citizen_language(request, version, response.language)
    labels, _incomplete = labels_for(language)
    context = {
        "conversation": conversation,
        "labels": labels,
        "language": language,
        "dir": direction(language),
        "languages": _language_choices(version),
    }
    return render(request, "progression/citizen_thanks.html", context)


@require_permission(Permission.VIEW_CITIZEN)
@require_GET
def citizen_page(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    citizen = read_citizen(request.user, citizen_pk, purpose=PAGE_PURPOSE)
    responses = citizen_responses(request.user, citizen)
    language = translation.get_language() or "da"
    carried = Counter(r.carried_from for r in responses if r.carried_from)
    context = {
        "citizen": citizen,
        "carried": sorted(carried.items()),
        **citizen_progression(responses, language),
    }
    return render(request, "progression/citizen.html", context)


@require_permission(Permission.VIEW_CITIZEN)
@require_GET
def response_pdf(request: AuthenticatedHttpRequest, pk: int, respondent: str) -> HttpResponse:
    conversation = access_conversation(request.user, pk)
    version, response = _version_and_response(
        request.user, conversation, respondent, Permission.VIEW_CITIZEN
    )
    if response is None:
        raise Http404
    language = request.GET.get("sprog") or response.language
    history = citizen_responses(request.user, conversation.citizen)
    # The PDF holds the citizen's answers and leaves the system: record it first.
    record_citizen_read(request.user, conversation.citizen, purpose=PRINT_PURPOSE)
    pdf = render_questionnaire_pdf(
        version=version,
        respondent=respondent,
        language=language,
        response=response,
        history=[
            r for r in history if r.respondent == respondent and r.taken_on <= response.taken_on
        ],
    )
    return pdf_attachment(pdf, f"progression-{conversation.held_on:%Y-%m-%d}-{respondent}.pdf")


@require_permission(Permission.VIEW_CITIZEN)
@require_GET
def blank_pdf(request: AuthenticatedHttpRequest, respondent: str) -> HttpResponse:
    """A blank questionnaire for paper: no personal data, so nothing to record."""
    version = current_version(request.user.municipality, USE)
    if version is None or not version.has_respondent(respondent):
        raise Http404
    language = version.language_or_danish(request.GET.get("sprog"))
    pdf = render_questionnaire_pdf(version=version, respondent=respondent, language=language)
    return pdf_attachment(pdf, f"progression-{respondent}-{language}.pdf")


@require_permission(Permission.VIEW_CITIZEN)
@require_GET
def report(request: AuthenticatedHttpRequest) -> HttpResponse:
    user: User = request.user
    scopes = scopes_for(user)
    scope = next((s for s in scopes if s.key == request.GET.get("omfang")), scopes[0])
    version = current_version(municipality_of(user), USE)
    if version is None:
        raise Http404
    language = _ui_language(version)
    # The respondents are the instrument's own; the caseworker's assessment first when there.
    respondents = [
        (r["key"], respondent_name(version, r["key"], language))
        for r in sorted(version.definition["respondents"], key=lambda r: r["key"] != "caseworker")
    ]
    respondent = request.GET.get("besvarer", respondents[0][0])
    if respondent not in dict(respondents):
        respondent = respondents[0][0]
    items = [(i["key"], text_in(i["short"], language)[0]) for i in version.items_for(respondent)]
    readings, facts = municipality_readings(user, respondent=respondent)
    names = None
    if user.can(Permission.VIEW_AGGREGATES):
        names = {
            u.pk: u.get_full_name() or u.username
            for u in staff_in_municipality(user, (Role.CASEWORKER, Role.MANAGER))
        }
    context = {
        "scopes": scopes,
        "scope": scope,
        "respondents": respondents,
        "respondent": respondent,
        "report": build_report(readings, facts, scope=scope, items=items, caseworker_names=names),
        "version": version,
        "blank_languages": form_languages(version.definition["languages"]),
        "today": clock.today(),
    }
    return render(request, "progression/report.html", context)
