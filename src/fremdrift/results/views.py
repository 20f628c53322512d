"""The results pages: the municipality's dashboard, the monthly book, the facilitator's view,
the annual reports and the figures as JSON. Thin: parse, call a selector or service, render."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest, municipality_of
from fremdrift.accounts.models import Team, User
from fremdrift.accounts.roles import Permission, Role
from fremdrift.core import clock
from fremdrift.core.downloads import pdf_attachment
from fremdrift.core.forms import service_errors
from fremdrift.core.fragments import cached_fragment, render_fragment, with_token
from fremdrift.core.months import month_code, month_label, parse_month
from fremdrift.core.queue import enqueue_once
from fremdrift.core.versioning import Conflict, EditConflict, edit_conflict
from fremdrift.results import services
from fremdrift.results.api import FigureQueryError, figure_rows, parse_query
from fremdrift.results.definitions import FIGURES
from fremdrift.results.figure_rows import project_municipalities
from fremdrift.results.forms import BaselineForm, DeviationForm, ReflectionForm, TargetForm
from fremdrift.results.models import MonthlyBookEntry
from fremdrift.results.presentation import age_gender_rows, duration_rows, objective_chart
from fremdrift.results.refresh import freshness
from fremdrift.results.report_cache import stored_pdf
from fremdrift.results.reports import (
    across_municipalities,
    annual_report_pdf,
    company_figures_across,
    facilitator_report_html,
    prepare_facilitator_report,
)
from fremdrift.results.selectors import (
    Objective,
    latest_month,
    month_choices,
    months_with_figures,
    objectives,
    zero_point,
)
from fremdrift.results.versions import current as figure_version


def _month(request: AuthenticatedHttpRequest, bounds: tuple[int, int] | None) -> int:
    latest = latest_month()
    try:
        month = parse_month(request.GET.get("maaned", ""))
    except ValueError:
        month = latest
    if bounds is not None:
        month = max(bounds[0], min(month, bounds[1]))
    return month


def _teams(user: User) -> dict[int, str]:
    teams = dict(Team.objects.filter(municipality=user.municipality).values_list("pk", "name"))
    teams[0] = _("Uden team")
    return teams


@require_permission(Permission.VIEW_RESULTS)
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    user: User = request.user
    version = figure_version()  # before the figures: what is read after is at least as new
    figures_freshness = freshness()
    bounds = months_with_figures(user.municipality_id)
    month = _month(request, bounds)
    forms_by_figure: dict[str, dict[str, object]] = {}
    bound_form = None
    status = 200
    if request.method == "POST":
        if not user.can(Permission.MANAGE_RESULTS):
            raise Http404
        posted = _post(request, user, bounds)
        if posted.saved:
            return redirect(f"{reverse('results:dashboard')}?maaned={month_code(month)}")
        forms_by_figure[posted.figure] = {
            posted.action: posted.form,
            f"{posted.action}_conflict": posted.conflict,
        }
        bound_form = posted.form
        # A conflict is no error in what was typed: 200, as on every other edit page.
        status = 200 if posted.conflict else 400
    teams = _teams(user)
    can_manage = user.can(Permission.MANAGE_RESULTS)

    def context() -> dict[str, object]:
        return _dashboard_context(
            user, month, bounds, teams, forms_by_figure, can_manage=can_manage
        ) | {"bound_form": bound_form, "freshness": figures_freshness, "request": request}

    if bound_form is not None:  # a form with errors: this request's own
        content = with_token(request, render_fragment("results/_dashboard.html", context()))
    else:
        key = (
            "dashboard",
            version,
            user.municipality_id,
            municipality_of(user).name,
            month,
            bounds,
            can_manage,
            figures_freshness,
            clock.today(),
            tuple(teams.items()),
            project_municipalities(),
        )
        content = cached_fragment(request, "results/_dashboard.html", key, context)
    return render(request, "results/dashboard.html", {"content": content}, status=status)


def _dashboard_context(
    user: User,
    month: int,
    bounds: tuple[int, int] | None,
    teams: dict[int, str],
    forms_by_figure: dict[str, dict[str, object]],
    *,
    can_manage: bool,
) -> dict[str, object]:
    items, rows = objectives(user.municipality, month, teams=teams, with_zero_point=True)
    months = month_choices(*bounds) if bounds else []
    cards = []
    for objective in items:
        code = objective.figure.code
        mine = forms_by_figure.get(code, {})
        cards.append(
            {
                "objective": objective,
                "chart": objective_chart(objective, user.municipality.name),
                "baseline_form": mine.get("baseline")
                or BaselineForm(
                    initial={
                        "month": objective.baseline_month,
                        "version": objective.baseline_version,
                    },
                    months=months,
                    prefix=f"{code}-baseline",
                ),
                "target_form": mine.get("target")
                or TargetForm(
                    initial={
                        "year": month // 12,
                        "value": objective.target,
                        "version": objective.target_version,
                    },
                    prefix=f"{code}-target",
                ),
                "deviation_form": mine.get("deviation")
                or DeviationForm(prefix=f"{code}-deviation", initial=_deviation_initial(objective)),
                "baseline_conflict": mine.get("baseline_conflict"),
                "target_conflict": mine.get("target_conflict"),
                "deviation_conflict": mine.get("deviation_conflict"),
                "manage_open": "baseline" in mine or "target" in mine,
            }
        )
    zero = zero_point(user.municipality, month, rows)
    return {
        "month": month,
        "month_label": month_label(month),
        "months": months,
        "cards": cards,
        "zero": zero,
        "zero_figures": [FIGURES[c] for c in FIGURES if c not in ("M1", "M2", "M3")],
        "age_rows": age_gender_rows(zero["programme"]),
        "duration_rows": duration_rows(zero["benefit_spell"]),
        "teams": list(teams.values()),
        "can_manage": can_manage,
    }


def _deviation_initial(objective: Objective) -> dict[str, object]:
    deviation = objective.deviation
    return {
        "month": objective.month,
        "explanation": deviation.explanation if deviation else "",
        "action": deviation.action if deviation else "",
        "version": deviation.version if deviation else 0,
    }


@dataclass
class _Posted:
    """One of the dashboard's forms as posted: saved, or shown again with its errors or the
    conflict with a colleague's save."""

    figure: str
    action: str
    form: BaselineForm | TargetForm | DeviationForm
    saved: bool = False
    conflict: Conflict | None = None


def _post(request: AuthenticatedHttpRequest, user: User, bounds: tuple[int, int] | None) -> _Posted:
    """Handle one of the dashboard's forms."""
    action = request.POST.get("action", "")
    figure = request.POST.get("figure", "")
    if figure not in FIGURES:
        raise Http404
    months = month_choices(*bounds) if bounds else []
    prefix = f"{figure}-{action}"
    form: BaselineForm | TargetForm | DeviationForm
    if action == "baseline":
        form = BaselineForm(request.POST, months=months, prefix=prefix)
    elif action == "target":
        form = TargetForm(request.POST, prefix=prefix)
    elif action == "deviation":
        form = DeviationForm(request.POST, prefix=prefix)
    else:
        raise Http404
    posted = _Posted(figure, action, form)
    if form.is_valid():
        try:
            with service_errors(form):
                messages.success(request, _save(user, figure, form))
        except EditConflict as error:
            posted.conflict = edit_conflict(form, error)
        posted.saved = posted.conflict is None and not form.errors
    return posted


def _save(user: User, figure: str, form: BaselineForm | TargetForm | DeviationForm) -> str:
    """Save the valid form through its service; the message that says so."""
    data, version = form.cleaned_data, form.expected_version
    if isinstance(form, BaselineForm):
        services.baseline_set(
            user=user, figure=figure, month=data["month"], expected_version=version
        )
        return _("Baselinen er gemt.")
    if isinstance(form, TargetForm):
        services.target_set(
            user=user,
            figure=figure,
            year=data["year"],
            value=data["value"],
            expected_version=version,
        )
        return _("Målet er gemt.")
    services.deviation_explain(
        user=user,
        figure=figure,
        month=data["month"],
        explanation=data["explanation"],
        action=data["action"],
        expected_version=version,
    )
    return _("Forklaring og handling er gemt.")


@require_permission(Permission.VIEW_RESULTS)
def monthly_book(request: AuthenticatedHttpRequest) -> HttpResponse:
    user: User = request.user
    figures_freshness = freshness()
    teams = list(Team.objects.filter(municipality=user.municipality))
    if not teams:
        raise Http404
    team = next((t for t in teams if str(t.pk) == request.GET.get("team")), None)
    team = team or next((t for t in teams if t.pk == user.team_id), teams[0])
    bounds = months_with_figures(user.municipality_id)
    month = _month(request, bounds)
    entry = MonthlyBookEntry.objects.filter(team=team, month=month).first()
    status = 200
    form = ReflectionForm(
        initial={
            "reflection": entry.reflection if entry else "",
            "version": entry.version if entry else 0,
        }
    )
    conflict = None
    if request.method == "POST":
        if not user.can(Permission.MANAGE_RESULTS):
            raise Http404
        form = ReflectionForm(request.POST)
        close = "close" in request.POST
        if form.is_valid():
            try:
                with service_errors(form):
                    services.reflection_save(
                        user=user,
                        team=team,
                        month=month,
                        reflection=form.cleaned_data["reflection"],
                        close=close,
                        expected_version=form.expected_version,
                    )
            except EditConflict as error:
                conflict = edit_conflict(form, error)
                entry = error.current  # what the page shows as saved
            if conflict is None and not form.errors:
                messages.success(
                    request, _("Måneden er lukket.") if close else _("Refleksionen er gemt.")
                )
                return redirect(
                    f"{reverse('results:monthly_book')}?team={team.pk}&maaned={month_code(month)}"
                )
        status = 200 if conflict else 400
    items, _rows = objectives(user.municipality, month, teams={team.pk: team.name}, history=12)
    entries = {
        e.month: e
        for e in MonthlyBookEntry.objects.filter(team=team).select_related(
            "closed_by", "written_by"
        )
    }
    history = [
        {"month": m, "label": label, "entry": entries.get(m)}
        for m, label in (month_choices(*bounds) if bounds else [])[:24]
    ]
    context = {
        "freshness": figures_freshness,
        "team": team,
        "teams": teams,
        "month": month,
        "month_label": month_label(month),
        "months": month_choices(*bounds) if bounds else [],
        "objectives": [
            {
                "objective": o,
                "team_cell": o.teams[0][1] if o.teams else None,
                "chart": objective_chart(o, user.municipality.name),
            }
            for o in items
        ],
        "entry": entry,
        "form": form,
        "conflict": conflict,
        "history": history,
        "can_manage": user.can(Permission.MANAGE_RESULTS),
    }
    return render(request, "results/monthly_book.html", context, status=status)


@require_GET
@require_permission(Permission.VIEW_RESULTS)
def annual_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    user: User = request.user
    freshness()
    year = _year(request)
    pdf = annual_report_pdf(user.municipality, year, teams=_teams(user))
    return pdf_attachment(pdf, f"aarsrapport-{user.municipality.code}-{year}.pdf")


def _year(request: AuthenticatedHttpRequest) -> int:
    latest = latest_month() // 12
    try:
        year = int(request.GET.get("aar", latest))
    except ValueError:
        year = latest
    return max(1990, min(year, latest + 1))


def _facilitator(request: AuthenticatedHttpRequest) -> None:
    if request.user.role != Role.FACILITATOR:
        raise Http404


@require_GET
@require_permission(Permission.VIEW_AGGREGATES)
def facilitator_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    _facilitator(request)
    version = figure_version()  # before the figures: what is read after is at least as new
    figures_freshness = freshness()
    bounds = months_with_figures()
    month = _month(request, bounds)

    def context() -> dict[str, object]:
        return {
            "month": month,
            "month_label": month_label(month),
            "months": month_choices(*bounds) if bounds else [],
            "sections": across_municipalities(month),
            "company_figures": company_figures_across(month),
            "year": month // 12,
            "freshness": figures_freshness,
        }

    key = (
        "across",
        version,
        month,
        bounds,
        figures_freshness,
        clock.today(),
        project_municipalities(),
    )
    content = cached_fragment(request, "results/_facilitator.html", key, context)
    return render(request, "results/facilitator.html", {"content": content})


@require_GET
@require_permission(Permission.VIEW_AGGREGATES)
def facilitator_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The project's report if it is rendered for today's figures; else it is queued for the
    worker, and a page waits for it (polling facilitator_report_status)."""
    _facilitator(request)
    freshness()
    year = _year(request)
    pdf = stored_pdf(facilitator_report_html(year))
    if pdf is not None:
        return pdf_attachment(pdf, f"aarsrapport-projektet-{year}.pdf")
    job = enqueue_once(prepare_facilitator_report, year)
    context = {"year": year, "job": job, "state": "waiting"}
    return render(request, "results/report_waiting.html", context, status=202)


@require_GET
@require_permission(Permission.VIEW_AGGREGATES)
def facilitator_report_status(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where the queued report is: the part of the waiting page that polls itself."""
    _facilitator(request)
    year = _year(request)
    job = request.GET.get("job", "")
    try:
        result = prepare_facilitator_report.get_result(str(uuid.UUID(job)))
    except (ValueError, TaskResultDoesNotExist) as exc:
        raise Http404 from exc
    state = {
        TaskResultStatus.SUCCESSFUL: "ready",
        TaskResultStatus.FAILED: "failed",
    }.get(result.status, "waiting")
    context = {"year": year, "job": job, "state": state}
    return render(request, "results/_report_status.html", context)


@require_GET
def figures_api(request: AuthenticatedHttpRequest) -> JsonResponse:
    """The figures as JSON for a logged-in user, within their municipality (or aggregates)."""
    user: User = request.user
    if not (user.can(Permission.VIEW_RESULTS) or user.role == Role.FACILITATOR):
        raise Http404
    fresh = freshness()
    try:
        query = parse_query(request.GET, user=user)
    except FigureQueryError as exc:
        return JsonResponse({"fejl": exc.errors}, status=400)
    payload = figure_rows(query)
    payload["freshness"] = {
        "current": fresh.current,
        "rebuilt_at": fresh.rebuilt_at.isoformat() if fresh.rebuilt_at else None,
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
