"""The activation pages: the strategy (administrator), the citizens under the target, and
one citizen's hours with the ordinary hours beside the offers."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest, municipality_id_of
from fremdrift.accounts.roles import Permission
from fremdrift.accounts.scoping import access_by_id
from fremdrift.activation import selectors, services
from fremdrift.activation.forms import OrdinaryHoursEndForm, OrdinaryHoursForm, StrategyForm
from fremdrift.activation.models import OrdinaryHours
from fremdrift.citizens.access import access_citizen, record_citizen_read, record_list
from fremdrift.core import clock
from fremdrift.core.forms import refusal_as_message, service_errors
from fremdrift.core.links import IdLinks
from fremdrift.core.versioning import EditConflict, edit_conflict
from fremdrift.journey.offer_types import offer_types_for
from fremdrift.journey.scope import (
    citizens_in_scope,
    parse_scope,
    scope_choices,
    staff_and_teams,
)

PAGE_SIZE = 50
CITIZEN_PURPOSE = "Borgerens aktiveringstimer"


@require_permission(Permission.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def strategy(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = selectors.strategy_for(municipality_id_of(request.user))
    durations = selectors.durations_of(current)
    offer_types = list(offer_types_for(municipality_id_of(request.user)))
    form = StrategyForm(
        request.POST or None,
        initial=StrategyForm.initial_for(current, durations),
        offer_types=offer_types,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form):
                services.strategy_save(
                    actor=request.user,
                    target_hours=form.cleaned_data["target_hours"],
                    max_break_days=form.cleaned_data["max_break_days"],
                    durations=form.durations(),
                    expected_version=form.expected_version,
                )
        except EditConflict as error:
            saved = selectors.strategy_for(current.municipality_id)
            initial = StrategyForm.initial_for(saved, selectors.durations_of(saved))
            conflict = edit_conflict(form, error, initial)
        if conflict is None and not form.errors:
            messages.success(request, _("Aktiveringsstrategien er gemt."))
            return redirect("activation:strategy")
    context = {"form": form, "conflict": conflict, "strategy": current}
    return render(request, "activation/strategy.html", context)


@require_permission(Permission.VIEW_CITIZEN)
def under_target(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The citizens under the municipality's target, the furthest under first; scoped as the
    worklist is (a caseworker lands on her own citizens, a manager on the municipality)."""
    user = request.user
    staff, teams = staff_and_teams(user)
    scope = parse_scope(user, request.GET.get("medarbejder"))
    today = clock.today()
    target = selectors.strategy_for(municipality_id_of(user)).target_hours
    rows = selectors.under_target(user, citizens_in_scope(user, scope), today=today, target=target)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("side"))
    record_list(
        user,
        [row.citizen.citizen_id for row in page.object_list],
        purpose="Borgere under aktiveringsmålet",
        query=request.GET.dict(),
    )
    params = request.GET.copy()
    params.pop("side", None)
    context = {
        "page": page,
        "total": len(rows),
        "target": target,
        "today": today,
        "scope": scope,
        "choices": scope_choices(user, staff, teams),
        "query": params.urlencode(),
        "citizen_link": IdLinks("activation:citizen"),
    }
    return render(request, "activation/under_target.html", context)


@require_permission(Permission.VIEW_CITIZEN)
@require_http_methods(["GET", "POST"])
def citizen(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    """One citizen's activation hours today, the breaks in company-oriented effort, and the
    ordinary hours (POST: record a stretch of them, for those who edit the journey)."""
    user = request.user
    person = access_citizen(user, citizen_pk)
    form = OrdinaryHoursForm(request.POST or None, initial={"start": clock.today()}, user=user)
    if request.method == "POST":
        person = access_citizen(user, citizen_pk, permission=Permission.EDIT_JOURNEY)
        if form.is_valid():
            with service_errors(form):
                services.ordinary_hours_start(actor=user, citizen=person, **form.cleaned_data)
            if not form.errors:
                messages.success(request, _("De ordinære timer er registreret."))
                return redirect("activation:citizen", citizen_pk=person.pk)
    record_citizen_read(user, person, purpose=CITIZEN_PURPOSE)
    context = {
        "citizen": person,
        "activation": selectors.citizen_activation(user, person, today=clock.today()),
        "form": form,
        "end_form": OrdinaryHoursEndForm(initial={"end": clock.today()}),
        "can_edit": user.can(Permission.EDIT_JOURNEY),
    }
    return render(request, "activation/citizen.html", context)


@require_permission(Permission.EDIT_JOURNEY)
@require_POST
def ordinary_hours_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    row = access_by_id(
        request.user,
        OrdinaryHours,
        pk,
        Permission.EDIT_JOURNEY,
        select_related=("citizen__municipality",),
    )
    form = OrdinaryHoursEndForm(request.POST)
    with refusal_as_message(request) as refusal:
        if not form.is_valid():
            messages.error(request, _("Skriv den sidste dag som en dato."))
        else:
            services.ordinary_hours_end(actor=request.user, row=row, end=form.cleaned_data["end"])
    if form.is_valid() and not refusal.refused:
        messages.success(request, _("De ordinære timer er afsluttet."))
    return redirect("activation:citizen", citizen_pk=row.citizen_id)
