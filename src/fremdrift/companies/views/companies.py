from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Role
from fremdrift.citizens.access import record_list
from fremdrift.companies.access import COMPANY_PERMISSION, access_company
from fremdrift.companies.forms import CompanyEditForm, CompanyForm, CompanySearchForm
from fremdrift.companies.placement_selectors import company_capacity, company_contacts
from fremdrift.companies.selectors import company_placements, company_search
from fremdrift.companies.services import (
    EDITABLE_FIELDS,
    CvrTaken,
    company_create,
    company_update,
)
from fremdrift.core.versioning import EditConflict, edit_conflict

PAGE_SIZE = 25


@require_permission(COMPANY_PERMISSION)
def company_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CompanySearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    companies = company_search(request.user, query)
    page = Paginator(companies, PAGE_SIZE).get_page(request.GET.get("side"))
    params = request.GET.copy()
    params.pop("side", None)
    context = {"form": form, "page": page, "query": params.urlencode()}
    template = "companies/_results.html" if request.htmx else "companies/list.html"
    return render(request, template, context)


@require_permission(COMPANY_PERMISSION)
@require_http_methods(["GET", "POST"])
def company_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {"consultant": request.user.pk} if request.user.role == Role.CONSULTANT else {}
    form = CompanyForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            company = company_create(actor=request.user, data=form.to_data())
        except CvrTaken as taken:
            form.add_error("cvr", _cvr_taken_message(taken))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s er oprettet.") % {"name": company.name})
            return redirect("companies:detail", pk=company.pk)
    return render(request, "companies/form.html", {"form": form, "creating": True})


@require_permission(COMPANY_PERMISSION)
def company_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    company = access_company(request.user, pk)
    placements = company_placements(request.user, company)
    page = Paginator(placements, PAGE_SIZE).get_page(request.GET.get("side"))
    record_list(
        request.user,
        [placement.citizen_id for placement in page.object_list],
        purpose="Virksomhedens borgere i tilbud",
        query={"virksomhed": str(company.pk), **request.GET.dict()},
    )
    context = {
        "company": company,
        "page": page,
        "contacts": company_contacts(request.user, company),
        "capacity": company_capacity(request.user, company),
    }
    return render(request, "companies/detail.html", context)


@require_permission(COMPANY_PERMISSION)
@require_http_methods(["GET", "POST"])
def company_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    company = access_company(request.user, pk)
    initial = {name: getattr(company, name) for name in EDITABLE_FIELDS}
    initial["version"] = company.version
    form = CompanyEditForm(request.POST or None, initial=initial, user=request.user)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            company_update(
                actor=request.user,
                company=company,
                data=form.to_data(),
                expected_version=form.expected_version,
            )
        except EditConflict as error:
            conflict = edit_conflict(form, error)
        except CvrTaken as taken:
            form.add_error("cvr", _cvr_taken_message(taken))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return redirect("companies:detail", pk=company.pk)
    context = {"form": form, "company": company, "creating": False, "conflict": conflict}
    return render(request, "companies/form.html", context)


def _cvr_taken_message(taken: CvrTaken) -> str:
    return format_html(
        '{} <a href="{}">{}</a>',
        _("Virksomheden findes allerede i kommunens register."),
        reverse("companies:detail", kwargs={"pk": taken.existing.pk}),
        _("Gå til %(name)s") % {"name": taken.existing.name},
    )
