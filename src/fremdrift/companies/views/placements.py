"""The placement page, and the company's contact persons and capacity."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission, Role
from fremdrift.citizens.access import record_citizen_read
from fremdrift.companies.access import (
    COMPANY_PERMISSION,
    access_capacity,
    access_company,
    access_contact,
    access_placement,
    read_placement,
)
from fremdrift.companies.agreement_selectors import agreement_section
from fremdrift.companies.contact_services import (
    CAPACITY_FIELDS,
    CONTACT_FIELDS,
    capacity_create,
    capacity_update,
    contact_create,
    contact_update,
)
from fremdrift.companies.follow_up_presentation import follow_up_context
from fremdrift.companies.placement_forms import (
    CapacityEditForm,
    CapacityForm,
    ContactEditForm,
    ContactForm,
    PlacementForm,
)
from fremdrift.companies.placement_selectors import (
    company_contacts,
    placement_consultants,
    placement_view,
)
from fremdrift.companies.placement_services import placement_save
from fremdrift.core import clock
from fremdrift.core.forms import service_errors
from fremdrift.core.versioning import EditConflict, edit_conflict

EDIT = Permission.EDIT_PLACEMENT


@require_permission(COMPANY_PERMISSION)
def placement_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = read_placement(request.user, pk)
    view = placement_view(request.user, period, clock.today())
    language = getattr(request, "LANGUAGE_CODE", "da")
    context = {
        "view": view,
        "period": period,
        "agreements": agreement_section(request.user, view.placement),
        **follow_up_context(request.user, period, view.placement, language, clock.now()),
    }
    return render(request, "companies/placement.html", context)


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def placement_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = access_placement(request.user, pk, EDIT)
    view = placement_view(request.user, period, clock.today())
    placement = view.placement
    initial = {
        "contact_person": placement.contact_person_id if placement else None,
        # Before the first save, whoever is shown as following it (the company's consultant),
        # or the consultant opening it: the one who found the placement follows it.
        "consultant": placement.consultant_id
        if placement
        else (view.consultant.pk if view.consultant else _consultant_or_none(request.user)),
        "tasks": placement.tasks if placement else "",
        "version": view.version,
    }
    form = PlacementForm(
        request.POST or None,
        initial=initial,
        contacts=company_contacts(request.user, period.company),  # type: ignore[arg-type]
        consultants=placement_consultants(request.user),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form):
                placement_save(
                    actor=request.user,
                    period=period,
                    data=form.to_data(),
                    expected_version=form.expected_version,
                )
        except EditConflict as error:
            conflict = edit_conflict(form, error)
        else:
            if not form.errors:
                messages.success(request, _("Praktikforløbet er gemt."))
                return redirect("companies:placement", pk=period.pk)
    # The form, shown or shown again, holds the citizen's placement: a read.
    record_citizen_read(
        request.user,
        period.citizen,
        purpose="Redigering af praktikforløb i virksomhed",
        details={"period": period.pk},
    )
    context = {"form": form, "period": period, "view": view, "conflict": conflict}
    return render(request, "companies/placement_form.html", context)


def _register_new(
    request: AuthenticatedHttpRequest, pk: int, form_class: Any, create: Any, texts: tuple
) -> HttpResponse:
    """Add a row to the company's register (a contact person, a capacity line)."""
    title, saved = texts
    company = access_company(request.user, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            create(actor=request.user, company=company, data=form.to_data())
        if not form.errors:
            messages.success(request, saved)
            return redirect("companies:detail", pk=company.pk)
    context = {"form": form, "company": company, "title": title}
    return render(request, "companies/register_form.html", context)


def _register_edit(
    request: AuthenticatedHttpRequest,
    row: Any,
    form_class: Any,
    fields: Any,
    update: Any,
    texts: tuple,
) -> HttpResponse:
    """Edit a row of the company's register, locked optimistically (core.versioning)."""
    title, saved = texts
    initial = {name: getattr(row, name) for name in fields}
    form = form_class(request.POST or None, initial={**initial, "version": row.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form):
                update(request.user, row, form.to_data(), form.expected_version)
        except EditConflict as error:
            conflict = edit_conflict(form, error)
        else:
            if not form.errors:
                messages.success(request, saved)
                return redirect("companies:detail", pk=row.company_id)
    context = {"form": form, "company": row.company, "title": title, "conflict": conflict}
    return render(request, "companies/register_form.html", context)


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def contact_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    texts = (_("Tilføj kontaktperson"), _("Kontaktpersonen er tilføjet."))
    return _register_new(request, pk, ContactForm, contact_create, texts)


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def contact_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def update(actor: Any, row: Any, data: Any, version: int) -> None:
        contact_update(actor=actor, contact=row, data=data, expected_version=version)

    texts = (_("Redigér kontaktperson"), _("Kontaktpersonen er gemt."))
    contact = access_contact(request.user, pk)
    return _register_edit(request, contact, ContactEditForm, CONTACT_FIELDS, update, texts)


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def capacity_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    texts = (_("Tilføj kapacitet"), _("Kapaciteten er tilføjet."))
    return _register_new(request, pk, CapacityForm, capacity_create, texts)


@require_permission(EDIT)
@require_http_methods(["GET", "POST"])
def capacity_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def update(actor: Any, row: Any, data: Any, version: int) -> None:
        capacity_update(actor=actor, capacity=row, data=data, expected_version=version)

    texts = (_("Redigér kapacitet"), _("Kapaciteten er gemt."))
    capacity = access_capacity(request.user, pk)
    return _register_edit(request, capacity, CapacityEditForm, CAPACITY_FIELDS, update, texts)


def _consultant_or_none(user: User) -> int | None:
    return user.pk if user.role == Role.CONSULTANT else None
