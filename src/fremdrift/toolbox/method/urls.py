"""URLs of the toolbox part method (included by toolbox/urls.py, namespace "toolbox")."""

from __future__ import annotations

from django.urls import URLPattern, path

from fremdrift.toolbox.method import views

urlpatterns: list[URLPattern] = [
    path("metode/", views.method_list, name="method_list"),
    path("metode/ny/", views.method_create_view, name="method_create"),
    path("metode/<int:pk>/", views.method_detail, name="method_detail"),
    path("metode/<int:pk>/rediger/", views.method_edit, name="method_edit"),
    path("metode/<int:pk>/fase/<int:number>/", views.method_phase_edit, name="method_phase_edit"),
    path("metode/<int:pk>/deling/", views.method_share, name="method_share"),
    path("metode/<int:pk>/pdf/", views.method_pdf, name="method_pdf"),
    path("metode/<int:pk>/praesentation/", views.method_present, name="method_present"),
]
