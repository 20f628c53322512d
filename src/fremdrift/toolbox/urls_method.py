"""URLs of the toolbox part method (included by toolbox/urls.py, namespace "toolbox")."""

from __future__ import annotations

from django.urls import URLPattern, path

from fremdrift.toolbox.views import method

urlpatterns: list[URLPattern] = [
    path("metode/", method.method_list, name="method_list"),
    path("metode/ny/", method.method_create_view, name="method_create"),
    path("metode/<int:pk>/", method.method_detail, name="method_detail"),
    path("metode/<int:pk>/rediger/", method.method_edit, name="method_edit"),
    path("metode/<int:pk>/fase/<int:number>/", method.method_phase_edit, name="method_phase_edit"),
    path("metode/<int:pk>/deling/", method.method_share, name="method_share"),
    path("metode/<int:pk>/pdf/", method.method_pdf, name="method_pdf"),
    path("metode/<int:pk>/praesentation/", method.method_present, name="method_present"),
]
