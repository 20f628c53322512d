from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.models import Municipality
from fremdrift.accounts.roles import Permission, Role
from fremdrift.core.aggregates import SMALL_COUNT_LIMIT, citizens_per_municipality
from fremdrift.core.health import database_status, is_healthy


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    status = database_status()
    return JsonResponse(status, status=200 if is_healthy(status) else 503)


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.can(Permission.VIEW_CITIZEN):
        # Caseworkers and consultants land on their own citizens, the filter shown and
        # widened in one step ("Alle"); a manager lands on the whole municipality.
        if user.role == Role.CASEWORKER:
            return redirect(f"{reverse('citizens:list')}?caseworker={user.pk}")
        if user.role == Role.CONSULTANT:
            return redirect(f"{reverse('citizens:list')}?consultant={user.pk}")
        return redirect("citizens:list")
    if user.role == Role.FACILITATOR:
        return redirect("overview")
    if user.can(Permission.MANAGE_USERS):
        return redirect("accounts:users")
    raise Http404


@require_permission(Permission.VIEW_AGGREGATES)
def overview(request: HttpRequest) -> HttpResponse:
    """Counts per municipality: the facilitator's view, aggregates only."""
    if request.user.role != Role.FACILITATOR:
        raise Http404
    rows = citizens_per_municipality(Municipality.objects.filter(in_project=True))
    return render(request, "core/overview.html", {"rows": rows, "limit": SMALL_COUNT_LIMIT})
