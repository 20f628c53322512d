"""URLs of the toolbox part actions (included by toolbox/urls.py, namespace "toolbox")."""

from __future__ import annotations

from django.urls import URLPattern, path

from fremdrift.toolbox.actions import views

urlpatterns: list[URLPattern] = [
    path("handleplan/", views.plan_list, name="plan_list"),
    path("handleplan/ny/", views.plan_create_view, name="plan_create"),
    path("handleplan/overblik/", views.actions_overview, name="actions_overview"),
    path("handleplan/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("handleplan/<int:pk>/rediger/", views.plan_edit, name="plan_edit"),
    path("handleplan/<int:pk>/handling/ny/", views.action_create, name="action_create"),
    path("handleplan/handling/<int:pk>/", views.action_edit, name="action_edit"),
    path("handleplan/<int:pk>/statusrunde/", views.status_round, name="status_round"),
    path("handleplan/<int:pk>/deling/", views.plan_share, name="plan_share"),
    path("handleplan/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("handleplan/<int:pk>/praesentation/", views.plan_present, name="plan_present"),
]
