"""The caseload pages: pick whom citizens move from, tick them, pick the receiver, confirm."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from fremdrift.accounts.decorators import require_permission
from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.models import User
from fremdrift.accounts.roles import Permission
from fremdrift.citizens.access import record_list
from fremdrift.citizens.caseload_forms import CaseloadMoveForm
from fremdrift.citizens.caseload_services import (
    CaseloadChanged,
    caseload_field,
    caseload_holder,
    caseload_holders,
    caseload_of,
    caseload_sizes,
    move_caseload,
    receivers_for,
)
from fremdrift.citizens.models import Citizen
from fremdrift.core.forms import add_service_errors


@require_permission(Permission.MANAGE_CASELOADS)
def caseloads(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everyone holding a caseload, active or not, with how many citizens (no names)."""
    holders = list(caseload_holders(request.user))
    sizes = caseload_sizes(request.user)
    rows = [(holder, sizes.get(holder.pk, 0)) for holder in holders]
    return render(request, "citizens/caseloads.html", {"rows": rows})


@require_permission(Permission.MANAGE_CASELOADS)
@require_http_methods(["GET", "POST"])
def caseload_move(request: AuthenticatedHttpRequest, user_pk: int) -> HttpResponse:
    from_user = caseload_holder(request.user, user_pk)
    if from_user is None:
        raise Http404
    form = CaseloadMoveForm(request.POST or None, receivers=receivers_for(request.user, from_user))
    context: dict[str, object] = {
        "from_user": from_user,
        "field": caseload_field(from_user),
        "form": form,
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["confirmed"]:
            try:
                moved = move_caseload(
                    actor=request.user,
                    from_user=from_user,
                    to_user=data["to_user"],
                    citizen_ids=data["citizens"],
                )
            except CaseloadChanged as changed:
                form.add_error(None, changed.message)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return render(request, "citizens/caseload_moved.html", {"moved": moved})
        else:
            citizens = [c for c in _listed(request, from_user) if c.pk in set(data["citizens"])]
            if len(citizens) != len(data["citizens"]):
                # Picked from a list that has changed since: confirm nothing of it.
                form.add_error(None, CaseloadChanged([]).message)
                return _choose(request, from_user, context)
            return render(
                request,
                "citizens/caseload_confirm.html",
                {**context, "citizens": citizens, "to_user": data["to_user"]},
            )
    return _choose(request, from_user, context)


def _choose(
    request: AuthenticatedHttpRequest,
    from_user: User,
    context: dict[str, object],
) -> HttpResponse:
    """The caseload's list to tick, the receiver to pick (again, after an error)."""
    citizens = _listed(request, from_user)
    if request.method == "GET" and request.GET.get("alle"):
        ticked = {str(c.pk) for c in citizens}
    else:
        ticked = set(request.POST.getlist("citizens"))
    return render(
        request, "citizens/caseload_move.html", {**context, "citizens": citizens, "ticked": ticked}
    )


def _listed(request: AuthenticatedHttpRequest, from_user: User) -> list[Citizen]:
    """The caseload's names, recorded as a list read by the administrator."""
    citizens = caseload_of(request.user, from_user)
    record_list(
        request.user,
        citizens,
        purpose="Sagsstamme vist til flytning",
        query={"fra": str(from_user.pk)},
    )
    return citizens
