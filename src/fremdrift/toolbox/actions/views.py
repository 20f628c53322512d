"""Action plans (step 1C): plans by theme, actions, the quarterly status round, the overview.

Views parse, call a service and render. Staff read their municipality's plans; only the
manager changes them; the facilitator reads a plan only when it is shared.
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
from fremdrift.toolbox.actions.forms import (
    ActionEditForm,
    ActionForm,
    OverviewFilterForm,
    PlanCreateForm,
    PlanEditForm,
    StatusRoundForm,
)
from fremdrift.toolbox.actions.selectors import (
    OverviewFilter,
    is_outsider,
    overview,
    owners_for,
    plan_rounds,
    plan_summaries,
    plan_themes,
    theory_items_for,
    visible_theory,
)
from fremdrift.toolbox.actions.services import (
    action_add,
    action_update,
    is_overdue,
    plan_create,
    plan_set_shared,
    plan_update,
    quarter_label,
    quarter_of,
    status_round_save,
)
from fremdrift.toolbox.models import ActionPlan, PlanAction, Theme, TheoryOfChange
from fremdrift.toolbox.navigation import document_back_link
from fremdrift.toolbox.presentation import Section, present
from fremdrift.toolbox.revisions import history, latest_revision
from fremdrift.toolbox.sharing import shared_response, wants_shared


def _posted(request: AuthenticatedHttpRequest):
    return request.POST if request.method == "POST" else None


def _readable(request: AuthenticatedHttpRequest, pk: int) -> ActionPlan:
    return access_document(request.user, ActionPlan, pk, shared_ok=True)


def _editable(request: AuthenticatedHttpRequest, pk: int) -> ActionPlan:
    return access_document(request.user, ActionPlan, pk, Permission.MANAGE_TOOLBOX)


def _theory_context(request: AuthenticatedHttpRequest, plan: ActionPlan) -> dict:
    """The plan's theory for the reader: the facilitator sees it only when it is shared, and
    otherwise is told in words that the plan is linked to one."""
    outsider = is_outsider(request.user, plan)
    theory = visible_theory(plan, outsider)
    return {
        "outsider": outsider,
        "theory": theory,
        "theory_hidden": plan.theory_id is not None and theory is None,
    }


def _action_url(action: PlanAction) -> str:
    url = reverse("toolbox:plan_detail", kwargs={"pk": action.plan_id})
    return f"{url}#handling-{action.pk}"


@require_permission(Permission.VIEW_TOOLBOX)
@require_GET
def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    plans = documents(request.user, ActionPlan).select_related("theory", "created_by")
    return render(
        request,
        "toolbox/actions/list.html",
        {
            "rows": plan_summaries(plans, clock.today()),
            "can_manage": request.user.can(Permission.MANAGE_TOOLBOX),
        },
    )


@require_permission(Permission.MANAGE_TOOLBOX)
@require_http_methods(["GET", "POST"])
def plan_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    theories = documents(request.user, TheoryOfChange, Permission.MANAGE_TOOLBOX)
    form = PlanCreateForm(_posted(request), theories=theories)
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            plan = plan_create(actor=request.user, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Handleplanen er oprettet. Tilføj de første handlinger."))
            return redirect("toolbox:plan_detail", pk=plan.pk)
    return render(request, "toolbox/actions/create.html", {"form": form})


@require_permission(Permission.MANAGE_TOOLBOX)
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _editable(request, pk)
    theories = documents(request.user, TheoryOfChange, Permission.MANAGE_TOOLBOX)
    form = PlanEditForm(
        _posted(request),
        theories=theories,
        initial={"title": plan.title, "theory": plan.theory_id, "version": plan.edit_version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form):
                plan_update(
                    actor=request.user,
                    plan=plan,
                    expected_version=form.expected_version,
                    **form.values(),
                )
        except EditConflict as error:
            conflict = edit_conflict(form, error)
        else:
            if not form.errors:
                messages.success(request, _("Handleplanen er gemt."))
                return redirect("toolbox:plan_detail", pk=plan.pk)
    context = {"plan": plan, "form": form, "conflict": conflict}
    return render(request, "toolbox/actions/edit.html", context)


@require_GET
def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _readable(request, pk)
    today = clock.today()
    theory = _theory_context(request, plan)
    groups = plan_themes(plan, today, outsider=theory["outsider"])
    return render(
        request,
        "toolbox/actions/detail.html",
        {
            **theory,
            "plan": plan,
            "groups": groups,
            "overdue": sum(group.overdue_count for group in groups),
            "count": sum(len(group.actions) for group in groups),
            "rounds": plan_rounds(plan),
            "quarter": quarter_label(*quarter_of(today)),
            "history": history(plan),
            "can_manage": request.user.can(Permission.MANAGE_TOOLBOX),
            "today": today,
            "back": document_back_link(
                request.user, list_url_name="toolbox:plan_list", list_label=_("Handleplaner")
            ),
        },
    )


def _save_action(
    request: AuthenticatedHttpRequest, plan: ActionPlan, action: PlanAction | None
) -> HttpResponse:
    linked = [item.pk for item in action.theory_items.all()] if action else []
    owners, items = owners_for(plan.municipality_id), theory_items_for(plan, linked)
    conflict = None
    if action is None:
        initial = {"theme": request.GET.get("tema")}
        form = ActionForm(_posted(request), initial=initial, owners=owners, theory_items=items)
        if request.method == "POST" and form.is_valid():
            with service_errors(form):
                action = action_add(actor=request.user, plan=plan, **form.cleaned_data)
            if not form.errors:
                messages.success(request, _("Handlingen er tilføjet."))
                return redirect(_action_url(action))
    else:
        form = ActionEditForm(
            _posted(request),
            initial=ActionForm.initial_for(action),
            owners=owners,
            theory_items=items,
        )
        if request.method == "POST" and form.is_valid():
            try:
                with service_errors(form):
                    action_update(
                        actor=request.user,
                        action=action,
                        expected_version=form.expected_version,
                        **form.values(),
                    )
            except EditConflict as error:
                conflict = edit_conflict(form, error)
            else:
                if not form.errors:
                    messages.success(request, _("Handlingen er gemt."))
                    return redirect(_action_url(action))
    return render(
        request,
        "toolbox/actions/action_form.html",
        {"plan": plan, "action": action, "form": form, "conflict": conflict},
    )


@require_permission(Permission.MANAGE_TOOLBOX)
@require_http_methods(["GET", "POST"])
def action_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _save_action(request, _editable(request, pk), None)


@require_permission(Permission.MANAGE_TOOLBOX)
@require_http_methods(["GET", "POST"])
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plans = documents(request.user, ActionPlan, Permission.MANAGE_TOOLBOX)
    action = PlanAction.objects.select_related("plan").filter(plan__in=plans, pk=pk).first()
    if action is None:
        raise Http404
    return _save_action(request, action.plan, action)


@require_permission(Permission.MANAGE_TOOLBOX)
@require_http_methods(["GET", "POST"])
def status_round(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _editable(request, pk)
    today = clock.today()
    year, quarter = quarter_of(today)
    rounds = plan_rounds(plan)
    current = next((r for r in rounds if (r.year, r.quarter) == (year, quarter)), None)
    notes = {n.action_id: (n.status, n.note) for n in current.notes.all()} if current else {}
    theme_order = {theme: index for index, theme in enumerate(Theme.values)}
    actions = sorted(
        PlanAction.objects.filter(plan=plan).select_related("owner"),
        key=lambda a: (theme_order.get(a.theme, 9), a.due, a.pk),
    )
    form = StatusRoundForm(
        _posted(request), actions=actions, notes=notes, initial={"version": latest_revision(plan)}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form):
                status_round_save(
                    actor=request.user,
                    plan=plan,
                    entries=form.entries(),
                    today=today,
                    expected_version=form.expected_version,
                )
        except EditConflict as error:
            conflict = edit_conflict(form, error, _saved_round(actions, notes))
        else:
            if not form.errors:
                messages.success(request, _("Statusrunden er gemt."))
                url = reverse("toolbox:plan_detail", kwargs={"pk": plan.pk})
                return redirect(f"{url}#statusrunder")
    return render(
        request,
        "toolbox/actions/status_round.html",
        {
            "plan": plan,
            "form": form,
            "current": current,
            "quarter": quarter_label(year, quarter),
            "earlier": [r for r in rounds if r is not current],
            "overdue_ids": {a.pk for a in actions if is_overdue(a, today)},
            "conflict": conflict,
        },
    )


def _saved_round(actions: list[PlanAction], notes: dict[int, tuple[str, str]]) -> dict[str, object]:
    """The round as saved now, by the status round form's field names."""
    saved: dict[str, object] = {}
    for action in actions:
        status, note = notes.get(action.pk, (action.status, ""))
        saved[f"status_{action.pk}"], saved[f"note_{action.pk}"] = status, note
    return saved


@require_permission(Permission.MANAGE_TOOLBOX)
@require_POST
def plan_share(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _editable(request, pk)
    changed = plan_set_shared(actor=request.user, plan=plan, shared=wants_shared(request))
    return shared_response(request, document=plan, changed=changed, detail="toolbox:plan_detail")


@require_permission(Permission.MANAGE_TOOLBOX)
@require_GET
def actions_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    owners = owners_for(request.user.municipality_id)
    form = OverviewFilterForm(request.GET or None, owners=owners)
    wanted = OverviewFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        wanted = OverviewFilter(
            status=data["status"],
            theme=data["theme"],
            owner=data["owner"].pk if data["owner"] else None,
            overdue_only=data["overdue"],
        )
    today = clock.today()
    actions = overview(request.user, today, wanted)
    return render(
        request,
        "toolbox/actions/overview.html",
        {
            "form": form,
            "actions": actions,
            "overdue": sum(1 for row in actions if row.overdue),
            "today": today,
        },
    )


@require_GET
def plan_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _readable(request, pk)
    today = clock.today()
    # The printout is Danish: build its strings (the themes' labels) in Danish too.
    with translation.override("da"):
        theory = _theory_context(request, plan)
        context = {
            **theory,
            "plan": plan,
            "groups": plan_themes(plan, today, outsider=theory["outsider"]),
            "rounds": plan_rounds(plan),
            "municipality": plan.municipality,
            "printed_on": today,
        }
    pdf = render_pdf("toolbox/actions/pdf.html", context)
    return pdf_attachment(pdf, f"handleplan-{plan.pk}.pdf")


@require_GET
def plan_present(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _readable(request, pk)
    today = clock.today()
    outsider = is_outsider(request.user, plan)
    sections = [
        Section(group.label, "toolbox/actions/present_theme.html", {"group": group})
        for group in plan_themes(plan, today, outsider=outsider)
    ]
    return present(
        request,
        document_title=plan.title,
        back_url=reverse("toolbox:plan_detail", kwargs={"pk": plan.pk}),
        sections=sections,
    )
