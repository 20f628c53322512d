"""URLs of the toolbox part checklist (included by toolbox/urls.py, namespace "toolbox")."""

from __future__ import annotations

from django.urls import URLPattern, path

from fremdrift.toolbox.checklist import views

urlpatterns: list[URLPattern] = [
    path("tjekliste/", views.checklist_list, name="checklist_list"),
    path("tjekliste/ny/", views.checklist_create_view, name="checklist_create"),
    path("tjekliste/<int:pk>/", views.checklist_detail, name="checklist_detail"),
    path("tjekliste/<int:pk>/rediger/", views.checklist_edit, name="checklist_edit"),
    path(
        "tjekliste/svar/<int:pk>/handling/",
        views.checklist_to_action,
        name="checklist_to_action",
    ),
    path("tjekliste/<int:pk>/pdf/", views.checklist_pdf, name="checklist_pdf"),
    path("tjekliste/<int:pk>/praesentation/", views.checklist_present, name="checklist_present"),
]
