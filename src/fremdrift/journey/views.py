from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest, municipality_id_of, municipality_of
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import access_by_id
from fremdrift.activation.selectors import company_breaks, strategy_for
from fremdrift.citizens.access import access_citizen, record_citizen_read, record_list
from fremdrift.citizens.models import Citizen
from fremdrift.companies.agreement_selectors import (
    due_agreement_follow_ups,
    due_follow_up_rows,
)
from fremdrift.companies.selectors import open_referrals_for
from fremdrift.companies.wage_point_selectors import placements_at_wage_point
from fremdrift.competences.vocabulary import Level
from fremdrift.core import clock
from fremdrift.core.forms import refusal_as_message, service_errors
from fremdrift.core.links import IdLinks
from fremdrift.core.versioning import EditConflict, claim_version, edit_conflict
from fremdrift.journey import board, services, snapshot_services
from fremdrift.journey import forms as journey_forms
from fremdrift.journey.models import Period
from fremdrift.journey.moves import DIRECT_MOVES, FORM_MOVES, Move, moves_for
from fremdrift.journey.rules import programme_standard_end
from fremdrift.journey.scope import (
    ScopeKind,
    citizens_in_scope,
    parse_scope,
    scope_choices,
    staff_and_teams,
)
from fremdrift.journey.selectors import journey_settings, periods_of
from fremdrift.journey.situation import situation_on
from fremdrift.journey.types import PeriodKind
from fremdrift.journey.worklist import worklist_for

FORMS: dict[str, type[forms.Form]] = {
    PeriodKind.PROGRAMME: journey_forms.ProgrammeForm,
    PeriodKind.VISITATION: journey_forms.VisitationForm,
    PeriodKind.BENEFIT: journey_forms.BenefitForm,
    PeriodKind.OFFER: journey_forms.OfferForm,
    PeriodKind.OUTCOME: journey_forms.OutcomeForm,
    PeriodKind.ABSENCE: journey_forms.AbsenceForm,
}
TITLES = {
    PeriodKind.PROGRAMME: gettext_lazy("Start integrationsprogrammet"),
    PeriodKind.VISITATION: gettext_lazy("Visitér eller revisitér"),
    PeriodKind.BENEFIT: gettext_lazy("Skift ydelse"),
    PeriodKind.OFFER: gettext_lazy("Start tilbud"),
    PeriodKind.OUTCOME: gettext_lazy("Registrér afgang"),
    PeriodKind.ABSENCE: gettext_lazy("Registrér fravær"),
}


FORM_PURPOSE = "Registrering i borgerens forløb"
BREAKS_SHOWN = 50  # the longest breaks; the rest are counted


def _citizen_for_form(request: AuthenticatedHttpRequest, citizen_pk: int) -> Citizen:
    return access_citizen(request.user, citizen_pk, permission=Permission.EDIT_JOURNEY)


def _form_page(
    request: AuthenticatedHttpRequest, citizen: Citizen, context: dict[str, Any]
) -> HttpResponse:
    """A period form, shown or shown again with its errors: a read of the citizen's data."""
    record_citizen_read(request.user, citizen, purpose=FORM_PURPOSE)
    return render(request, "journey/period_form.html", {"citizen": citizen, **context})


def _save(form: forms.Form, action: object) -> bool:
    """Run a service; put its Danish errors on the form's fields. True when it saved."""
    with service_errors(form):
        action()
    return not form.errors


@require_permission(Permission.EDIT_JOURNEY)
@require_http_methods(["GET", "POST"])
def period_new(request: AuthenticatedHttpRequest, citizen_pk: int, kind: str) -> HttpResponse:
    if kind not in FORMS:
        raise Http404
    citizen = _citizen_for_form(request, citizen_pk)
    form_class = FORMS[kind]
    with_user = (PeriodKind.OFFER, PeriodKind.BENEFIT)
    extra: dict[str, Any] = {"user": request.user} if kind in with_user else {}
    today = clock.today()
    initial = {"start": today}
    if kind == PeriodKind.PROGRAMME:
        settings = journey_settings(citizen.municipality)
        initial = {
            "start": citizen.takeover_date,
            "planned_end": programme_standard_end(citizen.takeover_date, settings.programme_years),
        }
    if kind == PeriodKind.OFFER and request.GET.get("gruppe"):
        initial["offer_type"] = board.first_offer_type(
            request.GET["gruppe"], request.user.municipality_id
        )
    form = form_class(request.POST or None, initial=initial, **extra)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if kind == PeriodKind.VISITATION:
            action = lambda: services.citizen_visit(  # noqa: E731
                actor=request.user,
                citizen=citizen,
                category=data["code"],
                on=data["start"],
                reason=data["reason"],
            )
        elif kind == PeriodKind.BENEFIT:
            action = lambda: services.benefit_change(  # noqa: E731
                actor=request.user,
                citizen=citizen,
                benefit_type=data["benefit_type"],
                on=data["start"],
                reason=data["reason"],
            )
        else:
            action = lambda: services.period_start(  # noqa: E731
                actor=request.user, citizen=citizen, kind=kind, **data
            )
        if _save(form, action):
            messages.success(request, _("Perioden er registreret."))
            return redirect("citizens:detail", pk=citizen.pk)
    return _form_page(request, citizen, {"form": form, "title": TITLES[kind]})


def _own_period(request: AuthenticatedHttpRequest, pk: int) -> Period:
    return access_by_id(
        request.user,
        Period,
        pk,
        Permission.EDIT_JOURNEY,
        select_related=("citizen__municipality", "offer_type", "benefit_type"),
    )


@require_permission(Permission.EDIT_JOURNEY)
@require_http_methods(["GET", "POST"])
def period_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = _own_period(request, pk)
    form = journey_forms.EndForm(request.POST or None, initial={"end": clock.today()})
    if request.method == "POST" and form.is_valid():
        if _save(
            form,
            lambda: services.period_end(actor=request.user, period=period, **form.cleaned_data),
        ):
            messages.success(request, _("Perioden er afsluttet."))
            return redirect("citizens:detail", pk=period.citizen_id)
    title = _("Afslut: %(period)s") % {"period": period.label}
    return _form_page(request, period.citizen, {"form": form, "title": title, "period": period})


@require_permission(Permission.EDIT_JOURNEY)
@require_http_methods(["GET", "POST"])
def programme_extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = _own_period(request, pk)
    if period.kind != PeriodKind.PROGRAMME:
        raise Http404
    form = journey_forms.ExtendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _save(
            form,
            lambda: services.programme_extend(
                actor=request.user, programme=period, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Programmet er forlænget."))
            return redirect("citizens:detail", pk=period.citizen_id)
    title = _("Forlæng integrationsprogrammet")
    return _form_page(request, period.citizen, {"form": form, "period": period, "title": title})


@require_permission(Permission.EDIT_JOURNEY)
@require_http_methods(["GET", "POST"])
def contract_new(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    citizen = _citizen_for_form(request, citizen_pk)
    form = journey_forms.ContractForm(request.POST or None, initial={"signed_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        if _save(
            form,
            lambda: services.contract_record(
                actor=request.user, citizen=citizen, **form.cleaned_data
            ),
        ):
            messages.success(request, _("Kontrakten er registreret."))
            return redirect("citizens:detail", pk=citizen.pk)
    return _form_page(request, citizen, {"form": form, "title": _("Registrér kontrakt")})


@require_permission(Permission.VIEW_CITIZEN)
def worklist(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Overdue and due-soon deadlines: my own by default, a manager's for everyone.

    ?medarbejder= widens or moves it (journey.scope): alle, uden (no caseworker), team-<id>
    or a colleague's id.
    """
    user = request.user
    staff, teams = staff_and_teams(user)
    today = clock.today()
    view = worklist_for(
        user,
        scope=parse_scope(user, request.GET.get("medarbejder")),
        today=today,
        staff=staff,
        teams=teams,
    )
    # Referrals waiting for an answer belong on the worklist too (the referral's inbox).
    referrals = list(open_referrals_for(view.person or user)[:50])
    # Placements at their wage point with no paid work yet (companies.wage_point_selectors).
    wage_points = placements_at_wage_point(user, view.person or user, view.today)
    # The agreed follow-ups of the placements the person follows (the whole municipality's
    # when the scope is everyone).
    follows = None if view.scope.kind == ScopeKind.ALL else (view.person or user)
    follow_ups = due_follow_up_rows(
        due_agreement_follow_ups(user, follows, today=view.today, soon_days=view.soon_days)[:50],
        view.today,
    )
    # Breaks in company-oriented effort longer than the municipality's strategy allows.
    strategy = strategy_for(municipality_id_of(user))
    breaks = company_breaks(
        user,
        citizens_in_scope(user, view.scope),
        today=today,
        max_days=strategy.max_break_days,
    )
    record_list(
        user,
        [row.citizen_id for row in view.items]
        + [r.citizen_id for r in referrals]
        + [row.citizen_id for row in follow_ups]
        + [row.period.citizen_id for row in wage_points]
        + [row.citizen.citizen_id for row in breaks[:BREAKS_SHOWN]],
        purpose="Arbejdslisten",
        query=request.GET.dict(),
    )
    context = {
        "view": view,
        "choices": scope_choices(user, staff, teams),
        "referrals": referrals,
        "wage_points": wage_points,
        "agreement_follow_ups": follow_ups,
        "breaks": breaks[:BREAKS_SHOWN],
        "breaks_total": len(breaks),
        "max_break_days": strategy.max_break_days,
        "soon_days": view.soon_days,
        "citizen_link": IdLinks("citizens:detail"),
    }
    return render(request, "journey/worklist.html", context)


@require_permission(Permission.VIEW_CITIZEN)
def caseload_board(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    params = request.GET.dict()
    competence = board.competence_filter_from(params)
    # Looking for a competence is looking for whoever fits in the municipality, not only
    # among one's own citizens: the whole municipality unless a scope is chosen.
    asked_scope = params.get("vis") or (ScopeKind.ALL.value if competence.active else None)
    view = board.board_for(
        user,
        scope=parse_scope(user, asked_scope),
        pages=board.pages_from(params),
        today=clock.today(),
        competence=competence,
    )
    for column in view.columns:
        if column.hidden:
            query = request.GET.copy()
            query[column.page_param] = str(column.pages + 1)
            column.more_query = query.urlencode()
    shown = [card["citizen_id"] for column in view.columns for card in column.cards]
    record_list(user, shown, purpose="Sagstavlen", query=request.GET.dict())
    context = {"board": view, "here": request.get_full_path(), "level_choices": Level.choices}
    return render(request, "journey/board.html", context)


MOVE_PURPOSE = "Flytning på tavlen"


def _board_target(request: AuthenticatedHttpRequest, target: str) -> str:
    """Back to the board as the user left it (filter and pages), never off the site."""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("journey:board")


@require_permission(Permission.EDIT_JOURNEY)
@require_http_methods(["GET", "POST"])
def board_move(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    """The moves the board offers for one citizen (GET), and making one (POST).

    One small page instead of a form with every destination on each card: the board stays
    light, and only the moves that make sense from the citizen's column are offered. Asked
    for by htmx (the board's one move dialog), the GET answers the moves without the page.
    """
    target = _board_target(request, request.POST.get("next") or request.GET.get("next", ""))
    if request.method == "POST":
        citizen = access_citizen(request.user, citizen_pk, permission=Permission.EDIT_JOURNEY)
        with refusal_as_message(request) as refusal:
            board.move(
                actor=request.user,
                citizen=citizen,
                to=request.POST.get("til", ""),
                today=clock.today(),
            )
        if not refusal.refused:
            messages.success(request, _("%(name)s er flyttet.") % {"name": citizen.full_name})
        return redirect(target)
    citizen = _citizen_for_form(request, citizen_pk)
    record_citizen_read(request.user, citizen, purpose=MOVE_PURPOSE)
    situation = situation_on(periods_of(citizen), clock.today())
    offered = moves_for(situation)
    context = {
        "citizen": citizen,
        "situation": situation,
        "direct": [m for m in offered if m in DIRECT_MOVES],
        "forms": [(m, FORM_MOVES[m]) for m in offered if m in FORM_MOVES],
        "ends": Move.NOT_PLACED in offered,
        "next": target,
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "journey/_move_dialog.html", context)
    return render(request, "journey/move.html", context)


@require_permission(Permission.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    settings = journey_settings(municipality_of(request.user))
    form = journey_forms.JourneySettingsForm(
        request.POST or None, instance=settings, initial={"version": settings.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                claim_version(settings, form.expected_version)
                form.save()
                # Every deadline in the municipality may have moved with the rules.
                snapshot_services.rebuild_municipality(settings.municipality_id)
        except EditConflict as error:
            conflict = edit_conflict(form, error)
        else:
            messages.success(request, _("Reglerne for frister er gemt."))
            return redirect("journey:rules")
    return render(request, "journey/rules.html", {"form": form, "conflict": conflict})
