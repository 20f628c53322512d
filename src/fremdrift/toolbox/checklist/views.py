"""KL's checklist: fill in the ten elements, and turn a no or a partly into an action.

Views parse, call a service and render. Staff read their municipality's checklists; only
the manager answers them and makes actions from them.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission
from fremdrift.core import clock
from fremdrift.core.downloads import pdf_attachment
from fremdrift.core.forms import refusal_as_message, service_errors
from fremdrift.core.pdf import render_pdf
from fremdrift.core.versioning import EditConflict, edit_conflict
from fremdrift.toolbox.access import access_document, documents
from fremdrift.toolbox.checklist.forms import ChecklistCreateForm, ChecklistEditForm, ToActionForm
from fremdrift.toolbox.checklist.services import (
    checklist_answer_to_action,
    checklist_create,
    checklist_update,
    elements,
)
from fremdrift.toolbox.models import ActionPlan, Checklist, ChecklistAnswer, Theme
from fremdrift.toolbox.presentation import Section, present
from fremdrift.toolbox.revisions import history


def _language() -> str:
    return (get_language() or "da")[:2]


def _readable(request: AuthenticatedHttpRequest, pk: int) -> Checklist:
    return access_document(request.user, Checklist, pk)


def _editable(request: AuthenticatedHttpRequest, pk: int) -> Checklist:
    return access_document(request.user, Checklist, pk, Permission.MANAGE_TOOLBOX)


def _detail_url(checklist_pk: int, anchor: str = "") -> str:
    url = reverse("toolbox:checklist_detail", kwargs={"pk": checklist_pk})
    return f"{url}#{anchor}" if anchor else url


@require_permission(Permission.VIEW_TOOLBOX)
@require_GET
def checklist_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    checklists = documents(request.user, Checklist).select_related("created_by")
    return render(
        request,
        "toolbox/checklist/list.html",
        {"checklists": checklists, "can_manage": request.user.can(Permission.MANAGE_TOOLBOX)},
    )


@require_permission(Permission.MANAGE_TOOLBOX)
@require_http_methods(["GET", "POST"])
def checklist_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ChecklistCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            checklist = checklist_create(
                actor=request.user, title=form.cleaned_data["title"], today=clock.today()
            )
        if not form.errors:
            messages.success(request, _("Tjeklisten er oprettet. Besvar spørgsmålene sammen."))
            return redirect("toolbox:checklist_edit", pk=checklist.pk)
    return render(request, "toolbox/checklist/create.html", {"form": form})


@require_GET
def checklist_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    checklist = _readable(request, pk)
    can_manage = request.user.can(Permission.MANAGE_TOOLBOX)
    plans = (
        list(
            documents(request.user, ActionPlan, Permission.MANAGE_TOOLBOX).order_by(
                "-created_at", "-id"
            )
        )
        if can_manage
        else []
    )
    return render(
        request,
        "toolbox/checklist/detail.html",
        {
            "checklist": checklist,
            "elements": elements(checklist, _language()),
            "plans": plans,
            "newest_plan": plans[0] if plans else None,
            "history": history(checklist),
            "can_manage": can_manage,
            "themes": dict(Theme.choices),
        },
    )


@require_permission(Permission.MANAGE_TOOLBOX)
@require_http_methods(["GET", "POST"])
def checklist_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    checklist = _editable(request, pk)
    form = ChecklistEditForm(
        request.POST if request.method == "POST" else None,
        initial={
            "title": checklist.title,
            "filled_on": checklist.filled_on,
            "version": checklist.edit_version,
        },
        elements=elements(checklist, _language()),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form):
                checklist_update(
                    actor=request.user,
                    checklist=checklist,
                    title=form.cleaned_data["title"],
                    filled_on=form.cleaned_data["filled_on"],
                    answers=form.answers(),
                    expected_version=form.expected_version,
                )
        except EditConflict as error:
            conflict = edit_conflict(form, error, _saved_checklist(form, error.current))
        else:
            if not form.errors:
                messages.success(request, _("Svarene er gemt."))
                return redirect("toolbox:checklist_detail", pk=checklist.pk)
    context = {"checklist": checklist, "form": form, "conflict": conflict}
    return render(request, "toolbox/checklist/edit.html", context)


def _saved_checklist(form: ChecklistEditForm, checklist: Checklist) -> dict[str, object]:
    """The checklist as saved now, by the edit form's field names (unanswered: empty)."""
    saved: dict[str, object] = dict.fromkeys(form.fields, "")
    saved |= {"title": checklist.title, "filled_on": checklist.filled_on}
    del saved["version"]
    for answer in checklist.answers.all():
        saved[f"answer_{answer.item}"], saved[f"note_{answer.item}"] = answer.answer, answer.note
    return saved


@require_permission(Permission.MANAGE_TOOLBOX)
@require_POST
def checklist_to_action(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One click: the answer of no or partly becomes an action in the chosen plan."""
    checklists = documents(request.user, Checklist, Permission.MANAGE_TOOLBOX)
    answer = (
        ChecklistAnswer.objects.select_related("checklist__version")
        .filter(checklist__in=checklists, pk=pk)
        .first()
    )
    if answer is None:
        raise Http404
    form = ToActionForm(
        request.POST, plans=documents(request.user, ActionPlan, Permission.MANAGE_TOOLBOX)
    )
    anchor = f"svar-{answer.item}"
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("plan", [])))
        return redirect(_detail_url(answer.checklist_id, anchor))
    with refusal_as_message(request) as refusal:
        action, created = checklist_answer_to_action(
            actor=request.user,
            answer=answer,
            plan=form.cleaned_data["plan"],
            today=clock.today(),
        )
    if not refusal.refused:
        if created:
            messages.success(
                request,
                _("Handlingen er oprettet i handleplanen %(plan)s.") % {"plan": action.plan.title},
            )
        else:
            messages.info(request, _("Svaret er allerede gjort til en handling."))
    return redirect(_detail_url(answer.checklist_id, anchor))


@require_GET
def checklist_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    checklist = _readable(request, pk)
    # The printout is Danish: build its context (the themes' labels) in Danish too.
    with translation.override("da"):
        context = {
            "checklist": checklist,
            "elements": elements(checklist, "da"),
            "municipality": checklist.municipality,
            "printed_on": clock.today(),
            "themes": {key: str(label) for key, label in Theme.choices},
        }
    pdf = render_pdf("toolbox/checklist/pdf.html", context)
    return pdf_attachment(pdf, f"kl-tjekliste-{checklist.pk}.pdf")


@require_GET
def checklist_present(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    checklist = _readable(request, pk)
    sections = [
        Section(
            f"{element.number}. {element.title}",
            "toolbox/checklist/present_element.html",
            {"element": element},
        )
        for element in elements(checklist, _language())
    ]
    return present(
        request,
        document_title=checklist.title,
        back_url=_detail_url(checklist.pk),
        sections=sections,
    )
