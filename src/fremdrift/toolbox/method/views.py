"""Method descriptions, "the good citizen journey" (step 1B): pages, PDF and presentation.

Views parse, call a service and render. Staff read their municipality's descriptions; only
the manager changes them; the facilitator reads one only when it is shared.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.core import clock
from fremdrift.core.downloads import pdf_attachment
from fremdrift.core.forms import service_errors
from fremdrift.core.pdf import render_pdf
from fremdrift.core.versioning import EditConflict, edit_conflict
from fremdrift.toolbox.access import access_document, documents
from fremdrift.toolbox.method.forms import MethodCreateForm, MethodEditForm, MethodPhaseForm
from fremdrift.toolbox.method.services import (
    PHASE_FIELDS,
    ROMAN,
    method_create,
    method_phase_update,
    method_set_shared,
    method_update,
    principles,
)
from fremdrift.toolbox.models import MethodDescription, MethodPhase
from fremdrift.toolbox.navigation import document_back_link
from fremdrift.toolbox.presentation import Section, present
from fremdrift.toolbox.revisions import history
from fremdrift.toolbox.sharing import shared_response, wants_shared


def _posted(request: AuthenticatedHttpRequest):
    return request.POST if request.method == "POST" else None


def _phases(description: MethodDescription) -> list[MethodPhase]:
    return list(description.phases.order_by("number"))


def _readable(request: AuthenticatedHttpRequest, pk: int) -> MethodDescription:
    return access_document(request.user, MethodDescription, pk, shared_ok=True)


def _editable(request: AuthenticatedHttpRequest, pk: int) -> MethodDescription:
    return access_document(request.user, MethodDescription, pk, Permission.MANAGE_TOOLBOX)


@require_permission(Permission.VIEW_TOOLBOX)
@require_GET
def method_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    descriptions = documents(request.user, MethodDescription).select_related("created_by")
    return render(
        request,
        "toolbox/method/list.html",
        {
            "descriptions": descriptions,
            "can_manage": request.user.can(Permission.MANAGE_TOOLBOX),
        },
    )


@require_permission(Permission.MANAGE_TOOLBOX)
@require_http_methods(["GET", "POST"])
def method_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MethodCreateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            description = method_create(actor=request.user, **form.cleaned_data)
        if not form.errors:
            messages.success(
                request,
                _("Metodebeskrivelsen er oprettet ud fra den generiske model. Tilpas den til jer."),
            )
            return redirect("toolbox:method_detail", pk=description.pk)
    return render(request, "toolbox/method/create.html", {"form": form})


@require_GET
def method_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    description = _readable(request, pk)
    return render(
        request,
        "toolbox/method/detail.html",
        {
            "description": description,
            "principles": principles(description),
            "phases": _phases(description),
            "roman": ROMAN,
            "history": history(description),
            "can_manage": request.user.can(Permission.MANAGE_TOOLBOX),
            "back": document_back_link(
                request.user,
                list_url_name="toolbox:method_list",
                list_label=_("Metodebeskrivelser"),
            ),
        },
    )


@require_permission(Permission.MANAGE_TOOLBOX)
@require_http_methods(["GET", "POST"])
def method_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    description = _editable(request, pk)
    form = MethodEditForm(
        _posted(request),
        initial={
            "title": description.title,
            "target_group": description.target_group,
            "core_principles": description.core_principles,
            "version": description.edit_version,
        },
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form):
                method_update(
                    actor=request.user,
                    description=description,
                    expected_version=form.expected_version,
                    **form.values(),
                )
        except EditConflict as error:
            conflict = edit_conflict(form, error)
        else:
            if not form.errors:
                messages.success(request, _("Metodebeskrivelsen er gemt."))
                return redirect("toolbox:method_detail", pk=description.pk)
    context = {"description": description, "form": form, "conflict": conflict}
    return render(request, "toolbox/method/edit.html", context)


@require_permission(Permission.MANAGE_TOOLBOX)
@require_http_methods(["GET", "POST"])
def method_phase_edit(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    description = _editable(request, pk)
    phase = description.phases.filter(number=number).first()
    if phase is None:
        raise Http404
    initial: dict[str, object] = {name: getattr(phase, name) for name in PHASE_FIELDS}
    form = MethodPhaseForm(_posted(request), initial=initial | {"version": phase.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form):
                method_phase_update(
                    actor=request.user,
                    phase=phase,
                    expected_version=form.expected_version,
                    **form.values(),
                )
        except EditConflict as error:
            conflict = edit_conflict(form, error)
        else:
            if not form.errors:
                messages.success(request, _("Fasen er gemt."))
                url = reverse("toolbox:method_detail", kwargs={"pk": description.pk})
                return redirect(f"{url}#fase-{phase.number}")
    return render(
        request,
        "toolbox/method/phase_edit.html",
        {"description": description, "phase": phase, "form": form, "conflict": conflict},
    )


@require_permission(Permission.MANAGE_TOOLBOX)
@require_POST
def method_share(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    description = _editable(request, pk)
    changed = method_set_shared(
        actor=request.user, description=description, shared=wants_shared(request)
    )
    return shared_response(
        request, document=description, changed=changed, detail="toolbox:method_detail"
    )


@require_GET
def method_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    description = _readable(request, pk)
    # The printout is Danish: build its context in Danish too.
    with translation.override("da"):
        context = {
            "description": description,
            "principles": principles(description),
            "phases": _phases(description),
            "municipality": description.municipality,
            "printed_on": clock.today(),
        }
    pdf = render_pdf("toolbox/method/pdf.html", context)
    return pdf_attachment(pdf, f"metodebeskrivelse-{description.pk}.pdf")


@require_GET
def method_present(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    description = _readable(request, pk)
    sections = [
        Section(
            _("Kerneprincipper"),
            "toolbox/method/present_principles.html",
            {"principles": principles(description), "target_group": description.target_group},
        )
    ]
    sections += [
        Section(phase.name, "toolbox/method/present_phase.html", {"phase": phase})
        for phase in _phases(description)
    ]
    return present(
        request,
        document_title=description.title,
        back_url=reverse("toolbox:method_detail", kwargs={"pk": description.pk}),
        sections=sections,
    )
