"""URLs of the toolbox part checklist (included by toolbox/urls.py, namespace "toolbox")."""

from __future__ import annotations

from django.urls import URLPattern, path

from fremdrift.toolbox.views import checklist

urlpatterns: list[URLPattern] = [
    path("tjekliste/", checklist.checklist_list, name="checklist_list"),
    path("tjekliste/ny/", checklist.checklist_create_view, name="checklist_create"),
    path("tjekliste/<int:pk>/", checklist.checklist_detail, name="checklist_detail"),
    path("tjekliste/<int:pk>/rediger/", checklist.checklist_edit, name="checklist_edit"),
    path(
        "tjekliste/svar/<int:pk>/handling/",
        checklist.checklist_to_action,
        name="checklist_to_action",
    ),
    path("tjekliste/<int:pk>/pdf/", checklist.checklist_pdf, name="checklist_pdf"),
    path(
        "tjekliste/<int:pk>/praesentation/", checklist.checklist_present, name="checklist_present"
    ),
]
