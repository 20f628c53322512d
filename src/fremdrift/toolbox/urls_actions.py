"""URLs of the toolbox part actions (included by toolbox/urls.py, namespace "toolbox")."""

from __future__ import annotations

from django.urls import URLPattern, path

from fremdrift.toolbox.views import actions

urlpatterns: list[URLPattern] = [
    path("handleplan/", actions.plan_list, name="plan_list"),
    path("handleplan/ny/", actions.plan_create_view, name="plan_create"),
    path("handleplan/overblik/", actions.actions_overview, name="actions_overview"),
    path("handleplan/<int:pk>/", actions.plan_detail, name="plan_detail"),
    path("handleplan/<int:pk>/rediger/", actions.plan_edit, name="plan_edit"),
    path("handleplan/<int:pk>/handling/ny/", actions.action_create, name="action_create"),
    path("handleplan/handling/<int:pk>/", actions.action_edit, name="action_edit"),
    path("handleplan/<int:pk>/statusrunde/", actions.status_round, name="status_round"),
    path("handleplan/<int:pk>/deling/", actions.plan_share, name="plan_share"),
    path("handleplan/<int:pk>/pdf/", actions.plan_pdf, name="plan_pdf"),
    path("handleplan/<int:pk>/praesentation/", actions.plan_present, name="plan_present"),
]
