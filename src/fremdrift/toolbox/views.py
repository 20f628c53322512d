"""The toolbox's front page: steps 0 and 1 and the municipality's documents in each."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from fremdrift.accounts.http import AuthenticatedHttpRequest
from fremdrift.accounts.roles import Permission, Role
from fremdrift.toolbox.access import documents, unscoped_shared_documents
from fremdrift.toolbox.models import (
    ActionPlan,
    Checklist,
    MethodDescription,
    SelfEvaluationRound,
    TheoryOfChange,
)

# The documents a municipality can share with the facilitator.
SHAREABLE = (
    ("theories", TheoryOfChange),
    ("methods", MethodDescription),
    ("plans", ActionPlan),
)
KINDS = (
    ("rounds", SelfEvaluationRound),
    ("theories", TheoryOfChange),
    ("methods", MethodDescription),
    ("plans", ActionPlan),
    ("checklists", Checklist),
)


def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if user.is_authenticated and user.role == Role.FACILITATOR:
        shared = {
            name: list(unscoped_shared_documents(user, model).select_related("municipality"))
            for name, model in SHAREABLE
        }
        return render(request, "toolbox/shared.html", {"shared": shared})
    if not user.is_authenticated or not user.can(Permission.VIEW_TOOLBOX):
        raise Http404
    counts = {name: documents(user, model).count() for name, model in KINDS}
    return render(
        request,
        "toolbox/index.html",
        {"counts": counts, "can_manage": user.can(Permission.MANAGE_TOOLBOX)},
    )
