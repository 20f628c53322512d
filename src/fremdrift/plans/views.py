"""The citizen's plan: page, forms and printout. Views parse, call a service, and render.

Every rendered page shows the citizen's data and records a read; a write records itself.
htmx requests on the plan page get the changed sub-goal back as a fragment; without
JavaScript the same forms post and redirect back to the sub-goal.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.citizens.access import access_citizen, read_citizen
from fremdrift.citizens.models import Citizen
from fremdrift.core.downloads import pdf_attachment
from fremdrift.core.forms import refusal_as_message, service_errors
from fremdrift.core.versioning import Conflict, EditConflict, edit_conflict
from fremdrift.plans.access import (
    PLAN_PAGE_PURPOSE,
    access_sub_goal,
    offers_for,
    plan_for,
    plan_with_sub_goals,
    record_plan_read,
)
from fremdrift.plans.forms import (
    FollowUpForm,
    PlanForm,
    SubGoalEditForm,
    SubGoalForm,
    SubGoalStatusForm,
)
from fremdrift.plans.models import SubGoal
from fremdrift.plans.printing import render_plan_pdf
from fremdrift.plans.services import (
    follow_up_add,
    plan_save,
    sub_goal_add,
    sub_goal_can_be_removed,
    sub_goal_remove,
    sub_goal_set_status,
    sub_goal_update,
)

PLAN_FIELDS = ("end_goal", "field", "note")


def _posted(request: AuthenticatedHttpRequest) -> QueryDict | None:
    # Not `request.POST or None`: an empty POST must still bind the form and show its errors.
    return request.POST if request.method == "POST" else None


def _goal_url(sub_goal: SubGoal) -> str:
    url = reverse("plans:detail", kwargs={"citizen_pk": sub_goal.plan.citizen_id})
    return f"{url}#delmaal-{sub_goal.pk}"


def _item(
    sub_goal: SubGoal, *, follow_up_form: FollowUpForm | None = None, saved: str = ""
) -> dict[str, object]:
    """One sub-goal on the plan page, with its small forms (ids unique on the page)."""
    return {
        "goal": sub_goal,
        "status_form": SubGoalStatusForm(
            initial={"status": sub_goal.status}, auto_id=f"id_s{sub_goal.pk}_%s"
        ),
        "follow_up_form": (
            follow_up_form
            if follow_up_form is not None
            else FollowUpForm(auto_id=f"id_f{sub_goal.pk}_%s")
        ),
        "open": follow_up_form is not None and bool(follow_up_form.errors),
        "saved": saved,
    }


def _item_response(
    request: AuthenticatedHttpRequest, sub_goal: SubGoal, **kwargs: object
) -> HttpResponse:
    """The sub-goal fragment for htmx, with what the page shows about it."""
    prefetch_related_objects([sub_goal], "offers__offer_type", "follow_ups__written_by")
    context = {"item": _item(sub_goal, **kwargs), "can_edit": True}
    return render(request, "plans/_sub_goal.html", context)


@require_permission(Permission.VIEW_CITIZEN)
@require_GET
def plan_detail(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    user: User = request.user
    citizen = read_citizen(user, citizen_pk, purpose=PLAN_PAGE_PURPOSE)
    plan = plan_with_sub_goals(user, citizen)
    can_edit = user.can(Permission.EDIT_CITIZEN)
    context = {
        "citizen": citizen,
        "plan": plan,
        "can_edit": can_edit,
        "items": [_item(goal) for goal in plan.sub_goals.all()] if plan else [],
        "add_form": (
            SubGoalForm(offers=offers_for(user, citizen), auto_id="id_new_%s")
            if plan and can_edit
            else None
        ),
    }
    return render(request, "plans/detail.html", context)


@require_permission(Permission.EDIT_CITIZEN)
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    user: User = request.user
    citizen = access_citizen(user, citizen_pk, permission=Permission.EDIT_CITIZEN)
    plan = plan_for(user, citizen, permission=Permission.EDIT_CITIZEN)
    initial = {name: getattr(plan, name) for name in PLAN_FIELDS} if plan else {}
    initial["version"] = plan.version if plan else None
    form = PlanForm(_posted(request), initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_save(
                actor=user,
                citizen=citizen,
                end_goal=data["end_goal"],
                field=data["field"],
                note=data["note"],
                expected_version=data["version"],
            )
        except EditConflict as error:
            conflict = edit_conflict(form, error)
            plan = error.current
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Planen er gemt."))
            return redirect("plans:detail", citizen_pk=citizen.pk)
    record_plan_read(user, citizen, purpose=PLAN_PAGE_PURPOSE)
    context = {"citizen": citizen, "plan": plan, "form": form, "conflict": conflict}
    return render(request, "plans/plan_form.html", context)


@require_permission(Permission.EDIT_CITIZEN)
@require_http_methods(["GET", "POST"])
def sub_goal_new(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    user: User = request.user
    citizen = access_citizen(user, citizen_pk, permission=Permission.EDIT_CITIZEN)
    plan = plan_for(user, citizen, permission=Permission.EDIT_CITIZEN)
    if plan is None:
        messages.info(request, _("Opret planen med et slutmål, før du tilføjer delmål."))
        return redirect("plans:edit", citizen_pk=citizen.pk)
    form = SubGoalForm(_posted(request), offers=offers_for(user, citizen))
    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            sub_goal = sub_goal_add(actor=user, plan=plan, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Delmålet er tilføjet."))
            return redirect(_goal_url(sub_goal))
    record_plan_read(user, citizen, purpose=PLAN_PAGE_PURPOSE)
    return _sub_goal_page(request, citizen, form, sub_goal=None)


def _sub_goal_page(
    request: AuthenticatedHttpRequest,
    citizen: Citizen,
    form: SubGoalForm,
    *,
    sub_goal: SubGoal | None,
    conflict: Conflict | None = None,
) -> HttpResponse:
    context = {
        "citizen": citizen,
        "form": form,
        "sub_goal": sub_goal,
        "conflict": conflict,
        "removable": sub_goal is not None and sub_goal_can_be_removed(sub_goal),
    }
    return render(request, "plans/sub_goal_form.html", context)


@require_permission(Permission.EDIT_CITIZEN)
@require_http_methods(["GET", "POST"])
def sub_goal_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user: User = request.user
    sub_goal = access_sub_goal(user, pk)
    citizen = sub_goal.plan.citizen
    initial = {
        "text": sub_goal.text,
        "target_date": sub_goal.target_date,
        "status": sub_goal.status,
        "offers": list(sub_goal.offers.values_list("pk", flat=True)),
        "version": sub_goal.version,
    }
    form = SubGoalEditForm(_posted(request), initial=initial, offers=offers_for(user, citizen))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form):
                sub_goal_update(
                    actor=user,
                    sub_goal=sub_goal,
                    expected_version=form.expected_version,
                    **form.values(),
                )
        except EditConflict as error:
            conflict = edit_conflict(form, error)
        else:
            if not form.errors:
                messages.success(request, _("Delmålet er gemt."))
                return redirect(_goal_url(sub_goal))
    record_plan_read(user, citizen, purpose=PLAN_PAGE_PURPOSE)
    return _sub_goal_page(request, citizen, form, sub_goal=sub_goal, conflict=conflict)


@require_permission(Permission.EDIT_CITIZEN)
@require_POST
def sub_goal_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sub_goal = access_sub_goal(request.user, pk)
    form = SubGoalStatusForm(request.POST)
    saved = ""
    if form.is_valid():
        sub_goal_set_status(
            actor=request.user, sub_goal=sub_goal, status=form.cleaned_data["status"]
        )
        saved = _("Status er gemt.")
    elif not request.htmx:
        messages.error(request, _("Vælg en status."))
    if request.htmx:
        return _item_response(request, sub_goal, saved=saved)
    if saved:
        messages.success(request, saved)
    return redirect(_goal_url(sub_goal))


@require_permission(Permission.EDIT_CITIZEN)
@require_POST
def follow_up(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user: User = request.user
    sub_goal = access_sub_goal(user, pk)
    form = FollowUpForm(request.POST, auto_id=f"id_f{sub_goal.pk}_%s")
    if form.is_valid():
        with service_errors(form):
            follow_up_add(actor=user, sub_goal=sub_goal, **form.cleaned_data)
    if not form.errors:
        if request.htmx:
            return _item_response(request, sub_goal, saved=_("Opfølgningen er gemt."))
        messages.success(request, _("Opfølgningen er gemt."))
        return redirect(_goal_url(sub_goal))
    if request.htmx:
        return _item_response(request, sub_goal, follow_up_form=form)
    record_plan_read(user, sub_goal.plan.citizen, purpose=PLAN_PAGE_PURPOSE)
    context = {"citizen": sub_goal.plan.citizen, "sub_goal": sub_goal, "form": form}
    return render(request, "plans/follow_up_form.html", context)


@require_permission(Permission.EDIT_CITIZEN)
@require_POST
def sub_goal_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sub_goal = access_sub_goal(request.user, pk)
    citizen_pk = sub_goal.plan.citizen_id
    with refusal_as_message(request) as refusal:
        sub_goal_remove(actor=request.user, sub_goal=sub_goal)
    if refusal.refused:
        return redirect("plans:edit_sub_goal", pk=sub_goal.pk)
    messages.success(request, _("Delmålet er slettet."))
    return redirect("plans:detail", citizen_pk=citizen_pk)


@require_permission(Permission.VIEW_CITIZEN)
@require_GET
def plan_pdf(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    user: User = request.user
    citizen = access_citizen(user, citizen_pk)
    plan = plan_with_sub_goals(user, citizen)
    if plan is None:
        messages.info(request, _("Borgeren har ingen plan endnu, så der er intet at udskrive."))
        return redirect("plans:detail", citizen_pk=citizen.pk)
    # The PDF holds the citizen's data and leaves the system: record it before handing it out.
    record_plan_read(user, citizen, purpose="Udskrift af borgerens plan (PDF)")
    pdf = render_plan_pdf(citizen=citizen, plan=plan)
    return pdf_attachment(pdf, "min-plan.pdf")
